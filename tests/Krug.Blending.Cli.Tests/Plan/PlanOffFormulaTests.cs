using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>
/// Exit code 11: a verified plan is written, but it misses the formula — a formula wine of at least
/// 1 % is absent from the blend, or the largest deviation is beyond <c>--tolerance</c>. A script must
/// be able to tell that from a good plan, and the cellar master must read why.
/// </summary>
public sealed class PlanOffFormulaTests
{
    // Wine 3 is only in T3; T1 + T2 fill E1 exactly, so excluding T3 leaves a 50/50 blend of wines 1 and 2.
    private const string ThreeWines =
        "tank,capacity,wine\n" +
        "T1,100,Wine 1\n" +
        "T2,100,Wine 2\n" +
        "T3,100,Wine 3\n" +
        "E1,200,\n";

    [Theory]
    [InlineData("--exclude-tank", "C001")]
    [InlineData("--keep-wine", "Chardonnay Avize 2019")]
    public async Task AFormulaWineWhoseOnlyTankIsOffLimitsMakesThePlanOffFormula(string option, string value)
    {
        using var folder = PlanRun.WithSample("spec-example");

        var table = await PlanRun.RunAsync(folder, "--strategy", "auto", option, value);
        var json = await PlanRun.RunAsync(folder, "--strategy", "auto", option, value, "--format", "json");

        table.ExitCode.Should().Be(ExitCodes.OffFormula, table.ToString());
        table.Error.Should().Contain("[WRN] Formula wine Chardonnay Avize 2019 is only in excluded or kept tanks: the blend cannot contain it.");
        table.Error.Should().Contain("[WRN] Formula wine Chardonnay Avize 2019 (20 %) is missing from the blend.");
        table.Out.Should().MatchRegex(@"Status\s+\S+, OFF FORMULA\n");
        table.Out.Should().MatchRegex(@"Warning\s+Formula wine Chardonnay Avize 2019 \(20 %\) is missing from the blend\.\n");
        table.Out.Should().Contain("Work order", "an off-formula plan is still a verified plan, and it is shown");

        json.ExitCode.Should().Be(ExitCodes.OffFormula, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        document.RootElement.GetProperty("offFormula").GetBoolean().Should().BeTrue();
        document.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString())
            .Should().Contain("Formula wine Chardonnay Avize 2019 (20 %) is missing from the blend.");
        document.RootElement.GetProperty("blend").GetProperty("wines")[0].GetProperty("achievedShare").GetString().Should().Be("0");
    }

    /// <summary>The 1 % threshold: a missing wine of 1 % is off formula, one of 0.5 % is not (it is only 0.5 pp off).</summary>
    [Theory]
    [InlineData("49.5", "1", ExitCodes.OffFormula, true)]
    [InlineData("49.75", "0.5", ExitCodes.Success, false)]
    public async Task OnlyAMissingWineOfAtLeastOnePercentMakesThePlanOffFormula(string mainShare, string smallShare, int exitCode, bool offFormula)
    {
        using var folder = PlanRun.WithCellar(ThreeWines, $"wine,percent\nWine 1,{mainShare}\nWine 2,{mainShare}\nWine 3,{smallShare}\n");

        var result = await PlanRun.RunAsync(folder, "--exclude-tank", "T3", "--format", "json");

        result.ExitCode.Should().Be(exitCode, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("offFormula").GetBoolean().Should().Be(offFormula);
        json.RootElement.GetProperty("blend").GetProperty("finalTanks").EnumerateArray().Select(t => t.GetString()).Should().Equal("E1");
        result.Error.Contains("is missing from the blend", StringComparison.Ordinal).Should().Be(offFormula);
    }

    /// <summary>
    /// 300 hL of a 50/50 formula from 100 hL tanks into the 300 hL tank is two thirds of one wine:
    /// 16.6667 pp off, beyond a tolerance of 10 pp and within one of 20 pp.
    /// </summary>
    [Theory]
    [InlineData("10", ExitCodes.OffFormula, true)]
    [InlineData("20", ExitCodes.Success, false)]
    public async Task APlanBeyondTheToleranceIsOffFormula(string tolerance, int exitCode, bool offFormula)
    {
        using var folder = PlanRun.WithCellar(
            "tank,capacity,wine\nA1,100,Wine A\nA2,100,Wine A\nB1,100,Wine B\nB2,100,Wine B\nE1,300,\n",
            "wine,percent\nWine A,50\nWine B,50\n");

        var table = await PlanRun.RunAsync(folder, "--volume", "300", "--tolerance", tolerance);
        var json = await PlanRun.RunAsync(folder, "--volume", "300", "--tolerance", tolerance, "--format", "json");

        table.ExitCode.Should().Be(exitCode, table.ToString());
        json.ExitCode.Should().Be(exitCode, json.ToString());
        var warning = $"The largest deviation, 16.6667 pp, exceeds the tolerance of {tolerance} pp.";
        table.Error.Contains("[WRN] " + warning, StringComparison.Ordinal).Should().Be(offFormula, table.Error);
        table.Out.Contains("Warning             " + warning + "\n", StringComparison.Ordinal).Should().Be(offFormula, table.Out);
        using var document = JsonDocument.Parse(json.Out);
        document.RootElement.GetProperty("offFormula").GetBoolean().Should().Be(offFormula);
        document.RootElement.GetProperty("blend").GetProperty("maxDeviationPp").GetDouble().Should().BeApproximately(100.0 / 6, 1e-6);
    }

    [Fact]
    public async Task AnOffFormulaPlanIsStillWrittenAndVerifies()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--strategy", "auto", "--exclude-tank", "C001", "--out", folder.PathOf("plan.csv"));
        var verified = await CliRun.VerifyAsync(folder, "--exclude-tank", "C001");

        result.ExitCode.Should().Be(ExitCodes.OffFormula, result.ToString());
        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
        verified.Out.Should().MatchRegex(@"Chardonnay Avize 2019\s+20\.000\s+0\.000\s+-20\.0000\n");
    }
}
