using System.Globalization;
using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

public sealed class VerifyCommandTests
{
    [Fact]
    public async Task AValidPlanExitsWithZeroAndReportsItsBlend()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        // Hand computation: C003 ends with 1250 A + 2500 B = 3750, so A 1/3 (33.333 %), B 2/3 (66.667 %),
        // C 0 %; deviations +13.3333, +26.6667, -40 pp; Euclidean 100·√((2/15)²+(4/15)²+(6/15)²) = 49.8888 pp.
        result.Out.Should().StartWith("The plan is valid.");
        result.Out.Should().MatchRegex(@"Chardonnay Le Mesnil 2019\s+20\.000\s+33\.333\s+\+13\.3333\n");
        result.Out.Should().MatchRegex(@"Pinot Noir Aÿ 2018\s+40\.000\s+66\.667\s+\+26\.6667\n");
        result.Out.Should().MatchRegex(@"Meunier Œuilly 2020\s+40\.000\s+0\.000\s+-40\.0000\n");
        result.Out.Should().MatchRegex(@"Blend volume\s+3750 hL\n");
        result.Out.Should().MatchRegex(@"Final tanks\s+C003\n");
        result.Out.Should().MatchRegex(@"Largest deviation\s+40\.0000 pp\n");
        var euclidean = 100 * Math.Sqrt(4.0 + 16.0 + 36.0) / 15;
        result.Out.Should().Contain($"Euclidean distance  {euclidean.ToString("F4", CultureInfo.InvariantCulture)} pp");
        result.Out.Should().MatchRegex(@"Unused\s+3750 hL");
        result.Out.Should().MatchRegex(@"Transfers\s+2\n");
        result.Out.Should().MatchRegex(@"Steps\s+2\n");
        result.Error.Should().NotContain("[ERR]");
    }

    [Fact]
    public async Task APlanBreakingRulesExitsWithFourAndListsEveryViolation()
    {
        // C004 is filled with less than its capacity, and C005 (empty) is used as a source.
        const string plan =
            "step,transfer,tank,role,volume\n" +
            "1,1,C001,from,1250\n" +
            "1,1,C005,from,1875\n" +
            "1,1,C004,to,1250\n";
        using var folder = new TempFolder().WithSpecExample(plan);

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        result.Out.Should().StartWith("The plan breaks ");
        result.Out.Should().Contain("step 1, transfer 1, tank C005: Tank C005 is empty");
        result.Out.Should().Contain("step 1, transfer 1, tank C004: Tank C004 is filled with 1250 hL but its capacity is 1875 hL");
        result.Out.Should().NotContain("Blend volume");
        result.Error.Should().Contain("breaks");
    }

    [Fact]
    public async Task ViolationsComeAsCsvRowsInCsvFormat()
    {
        const string plan =
            "step,transfer,tank,role,volume\n" +
            "1,1,C001,from,1250\n" +
            "1,1,C004,to,1875\n" +
            "1,1,C006,to,1250\n";
        using var folder = new TempFolder().WithSpecExample(plan);

        var result = await CliRun.VerifyAsync(folder, "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("step,transfer,tank,kind,message");
        lines.Should().Contain(l => l.StartsWith("1,1,C006,capacity-mismatch,", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("1,1,,volume-mismatch,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ViolationsComeAsAJsonArrayInJsonFormat()
    {
        const string plan =
            "step,transfer,tank,role,volume\n" +
            "1,1,C001,from,1250\n" +
            "1,1,C009,to,1250\n";
        using var folder = new TempFolder().WithSpecExample(plan);

        var result = await CliRun.VerifyAsync(folder, "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("valid").GetBoolean().Should().BeFalse();
        json.RootElement.GetProperty("blend").ValueKind.Should().Be(JsonValueKind.Null);
        var violation = json.RootElement.GetProperty("violations").EnumerateArray().Single();
        violation.GetProperty("kind").GetString().Should().Be("unknown-tank");
        violation.GetProperty("step").GetInt32().Should().Be(1);
        violation.GetProperty("transfer").GetInt32().Should().Be(1);
        violation.GetProperty("tank").GetString().Should().Be("C009");
        violation.GetProperty("message").GetString().Should().Contain("C009");
    }

    [Fact]
    public async Task AHeaderOnlyPlanIsAnEmptyPlanThatTheVerifierRejects()
    {
        using var folder = new TempFolder().WithSpecExample("step,transfer,tank,role,volume\n");

        var result = await CliRun.VerifyAsync(folder, "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        result.Out.Should().Contain(",,,empty-plan,");
    }

    // C001 (1250 A) and 625 of C002's 2500 B fill C004 (1875): 1875 of B is wasted.
    private const string WastefulPlan =
        "step,transfer,tank,role,volume\n" +
        "1,1,C001,from,1250\n" +
        "1,1,C002,from,625\n" +
        "1,1,C004,to,1875\n";

    [Fact]
    public async Task APartialDrawIsAViolationWithoutAllowWaste()
    {
        using var folder = new TempFolder().WithSpecExample(WastefulPlan);

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        result.Out.Should().Contain("tank C002").And.Contain("--allow-waste");
    }

    [Fact]
    public async Task APartialDrawIsValidWithAllowWasteAndTheWasteIsReported()
    {
        using var folder = new TempFolder().WithSpecExample(WastefulPlan);

        var result = await CliRun.VerifyAsync(folder, "--allow-waste", "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var blend = json.RootElement.GetProperty("blend");
        blend.GetProperty("wasted").GetDecimal().Should().Be(1875m);
        blend.GetProperty("volume").GetDecimal().Should().Be(1875m);
        // 1250 A + 625 B: A 2/3, B 1/3. Unused: only C003 (3750 C) is still full besides C004.
        blend.GetProperty("wines")[0].GetProperty("achievedShare").GetString().Should().Be("2/3");
        blend.GetProperty("wines")[1].GetProperty("achievedShare").GetString().Should().Be("1/3");
        blend.GetProperty("unused").GetDecimal().Should().Be(3750m);
    }

    [Theory]
    [InlineData("1875", ExitCodes.Success)]
    [InlineData("1874", ExitCodes.InvalidPlan)]
    public async Task MaxWasteCapsTheWinePlanMayWaste(string maxWaste, int expectedExitCode)
    {
        using var folder = new TempFolder().WithSpecExample(WastefulPlan);

        var result = await CliRun.VerifyAsync(folder, "--allow-waste", "--max-waste", maxWaste);

        result.ExitCode.Should().Be(expectedExitCode, result.ToString());
        if (expectedExitCode == ExitCodes.InvalidPlan)
        {
            result.Out.Should().Contain("The plan wastes 1875 hL, more than the 1874 hL allowed.");
        }
    }

    [Fact]
    public async Task MaxWasteWithoutAllowWasteIsAUsageError()
    {
        using var folder = new TempFolder().WithSpecExample(WastefulPlan);

        var result = await CliRun.VerifyAsync(folder, "--max-waste", "10");

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("--max-waste needs --allow-waste");
    }

    [Fact]
    public async Task AMaxWasteFinerThanTheTanksUnitIsAUsageError()
    {
        using var folder = new TempFolder().WithSpecExample(WastefulPlan);

        var result = await CliRun.VerifyAsync(folder, "--allow-waste", "--max-waste", "10.5");

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("--max-waste 10.5 has more decimals than the capacities of");
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--delimiter", "|")]
    [InlineData("--unit", " ")]
    [InlineData("--max-waste", "-1")]
    public async Task AnInvalidOptionValueIsAUsageError(string option, string value)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);

        var result = await CliRun.VerifyAsync(folder, "--allow-waste", option, value);

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("error:");
        result.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task AMissingRequiredOptionIsAUsageError()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);

        var result = await CliRun.RunAsync("verify", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"));

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("--plan");
    }

    [Fact]
    public async Task ACellarWineMissingFromTheFormulaIsReportedWithATargetOfZero()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        folder.Write("formula.csv", $"wine,percent\n{SpecExample.WineA},50\n{SpecExample.WineB},50\n");

        var result = await CliRun.VerifyAsync(folder, "--allow-leftover-blends");

        // The blend is still 1/7 A, 2/7 B, 4/7 C; the targets are now 1/2, 1/2, 0.
        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().MatchRegex(@"Meunier Œuilly 2020\s+0\.000\s+57\.143\s+\+57\.1429\n");
        result.Out.Should().MatchRegex(@"Largest deviation\s+57\.1429 pp\n");
    }

    [Fact]
    public async Task UnitOnlyChangesTheLabel()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);

        var result = await CliRun.VerifyAsync(folder, "--unit", "L");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().MatchRegex(@"Blend volume\s+3750 L\n");
    }

    [Fact]
    public async Task HelpDescribesEveryOptionAndGivesAnExample()
    {
        var result = await CliRun.RunAsync("verify", "--help");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().Contain("Example:").And.Contain("krug-blend verify --tanks tanks.csv --formula formula.csv --plan plan.csv");
        foreach (var option in new[] { "--tanks", "--formula", "--plan", "--allow-waste", "--max-waste", "--format", "--unit", "--delimiter" })
        {
            // Every option line carries a description after its name.
            result.Out.Should().MatchRegex($@"\n\s+{option}\b[^\n]*\s{{2,}}\w[^\n]+", $"{option} needs a description");
        }
    }

    [Fact]
    public async Task NoStackTraceIsPrintedForAnInputError()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);
        folder.Write("tanks.csv", "tank,capacity,wine\nC001,x,A\n");

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().NotContain("   at ").And.NotContain("Exception");
        result.Out.Should().BeEmpty();
    }
}
