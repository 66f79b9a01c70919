using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>
/// What a script relies on: files written with <c>--out</c>/<c>--report</c>, clean stdout for pipes, and
/// safe failures. The spec example under split-then-assemble (see <see cref="PlanRun.Deterministic"/>)
/// is off formula (exit 11): such a plan is still written in full, which these tests check too.
/// </summary>
public sealed class PlanOutputFileTests
{
    [Fact]
    public async Task WithOutStdoutStaysEmptyAndVerifyAcceptsThePlanWithTheSameLargestDeviation()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--out", folder.PathOf("plan.csv"));

        result.ExitCode.Should().Be(ExitCodes.OffFormula, result.ToString());
        result.Out.Should().BeEmpty();
        File.Exists(folder.PathOf("plan.csv")).Should().BeTrue();
        var planned = LargestDeviationLogged(result.Error);

        var verified = await CliRun.VerifyAsync(folder);

        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
        verified.Out.Should().MatchRegex($@"Largest deviation\s+{planned} pp\n");
    }

    [Fact]
    public async Task OutAndReportWriteBothFiles()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--out", folder.PathOf("plan.csv"), "--report", folder.PathOf("report.csv"));

        result.ExitCode.Should().Be(ExitCodes.OffFormula, result.ToString());
        result.Out.Should().BeEmpty();
        File.ReadAllText(folder.PathOf("plan.csv")).Should().StartWith("step,transfer,tank,role,volume\n");
        var report = File.ReadAllText(folder.PathOf("report.csv"));
        report.Should().StartWith("wine,target_percent,achieved_percent,deviation_pp,moved_not_used,measure,value,unit,tank,capacity,before,after,tank_end\n");
        report.Should().Contain("Pinot Noir Aÿ 2019").And.Contain("max_deviation,20");
    }

    [Fact]
    public async Task AReportNamedJsonIsWrittenAsJsonAndAgreesWithVerify()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--out", folder.PathOf("plan.csv"), "--report", folder.PathOf("report.json"));

        result.ExitCode.Should().Be(ExitCodes.OffFormula, result.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(folder.PathOf("report.json")));
        var verified = await CliRun.VerifyAsync(folder, "--format", "json");
        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
        using var verifiedJson = JsonDocument.Parse(verified.Out);
        var verifiedBlend = verifiedJson.RootElement.GetProperty("blend");
        report.RootElement.GetProperty("maxDeviationPp").GetDouble().Should().Be(verifiedBlend.GetProperty("maxDeviationPp").GetDouble());
        report.RootElement.GetProperty("volume").GetDecimal().Should().Be(verifiedBlend.GetProperty("volume").GetDecimal());
        report.RootElement.GetProperty("wines").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task FormatCsvPrintsThePlanFileOnStdout()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var printed = await PlanRun.RunAsync(folder, "--format", "csv");
        var written = await PlanRun.RunAsync(folder, "--out", folder.PathOf("plan.csv"));

        printed.ExitCode.Should().Be(ExitCodes.OffFormula, printed.ToString());
        written.ExitCode.Should().Be(ExitCodes.OffFormula, written.ToString());
        printed.Out.Should().StartWith("step,transfer,tank,role,volume\n");
        printed.Out.Should().Be(File.ReadAllText(folder.PathOf("plan.csv")));
    }

    [Fact]
    public async Task FormatJsonPrintsAParseableDocumentWithStatusPlanAndBlend()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.OffFormula, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        root.GetProperty("status").GetString().Should().Be("optimal");
        root.GetProperty("verdict").GetString().Should().Be("optimal among split-then-assemble plans making 5938–6562 hL and leaving no mixture behind");
        root.GetProperty("offFormula").GetBoolean().Should().BeTrue();
        root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).Should().Equal(
            "Formula wine Chardonnay Avize 2019 (20 %) is missing from the blend.",
            "Another volume (--volume, --min-volume, --max-volume) or leftover blends (--allow-leftover-blends) may let the missing wines in; 'krug-blend tradeoffs' shows what each volume costs.");
        root.GetProperty("interrupted").GetBoolean().Should().BeFalse();
        root.GetProperty("wallClockCutIn").GetBoolean().Should().BeFalse("the work limit, not the 300 s time limit, bounds this run");
        root.GetProperty("workSpent").GetDouble().Should().BeInRange(0, 1);
        // 1250 hL of Chardonnay at 20 % and 2500 hL of Aÿ at 40 % both allow 6250 hL: a tie, broken by name.
        var limits = root.GetProperty("volumeLimits");
        limits.GetProperty("formulaLimited").GetDecimal().Should().Be(6250);
        limits.GetProperty("limitingWine").GetString().Should().Be("Chardonnay Avize 2019");
        limits.GetProperty("emptyRoom").GetDecimal().Should().Be(1875 + 1875 + 4375);
        limits.GetProperty("usableWine").GetDecimal().Should().Be(1250 + 2500 + 3750);
        var asked = root.GetProperty("volumeAsked");
        (asked.GetProperty("min").GetDecimal(), asked.GetProperty("target").GetDecimal(), asked.GetProperty("max").GetDecimal())
            .Should().Be((5938m, 6250m, 6562m), "the default volume is the formula-limited 6250 hL, ±5 %");
        // C002 and C003 into C004 and C006: two sources and two targets, one row each.
        var rows = root.GetProperty("plan").EnumerateArray().ToList();
        rows.Should().HaveCount(4);
        rows.Select(r => r.GetProperty("role").GetString()).Should().Equal("from", "from", "to", "to");
        rows.Where(r => r.GetProperty("role").GetString() == "to").Sum(r => r.GetProperty("volume").GetDecimal())
            .Should().Be(rows.Where(r => r.GetProperty("role").GetString() == "from").Sum(r => r.GetProperty("volume").GetDecimal()));
        root.GetProperty("blend").GetProperty("maxDeviationPp").GetDouble().Should().BeApproximately(20, 1e-9);
        root.GetProperty("boundPp").GetDouble().Should().BeLessThanOrEqualTo(20);
    }

    [Theory]
    [InlineData("--out", "tanks.csv")]
    [InlineData("--out", "formula.csv")]
    [InlineData("--report", "tanks.csv")]
    public async Task AnOutputOntoAnInputFileIsRefusedAndTheInputIsLeftUntouched(string option, string input)
    {
        using var folder = PlanRun.WithSample("spec-example");
        var before = File.ReadAllBytes(folder.PathOf(input));

        var result = await PlanRun.RunAsync(folder, option, folder.PathOf(input));

        result.ExitCode.Should().Be(ExitCodes.OutputError, result.ToString());
        File.ReadAllBytes(folder.PathOf(input)).Should().Equal(before);
        result.Error.Should().Contain("input file");
        result.Error.Should().NotContain("Planning ", "an output that can never be written must fail before the search");
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--report")]
    public async Task AnOutputInAMissingFolderFailsCleanlyAndCreatesNothing(string option)
    {
        using var folder = PlanRun.WithSample("spec-example");
        var target = Path.Combine(folder.PathOf("missing"), "plan.csv");

        var result = await PlanRun.RunAsync(folder, option, target);

        result.ExitCode.Should().Be(ExitCodes.OutputError, result.ToString());
        Directory.Exists(folder.PathOf("missing")).Should().BeFalse();
        Directory.GetFiles(folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo("tanks.csv", "formula.csv");
        result.Error.Should().Contain("missing").And.Contain("does not exist");
        result.Error.Should().NotContain("Exception").And.NotContain("   at ");
        result.Error.Should().NotContain("Planning ", "an output that can never be written must fail before the search");
    }

    private static string LargestDeviationLogged(string error)
    {
        var match = System.Text.RegularExpressions.Regex.Match(error, @"(optimal|feasible) \([^)\n]*\): largest deviation (?<pp>\d+\.\d{4}) pp");
        match.Success.Should().BeTrue(error);
        return match.Groups["pp"].Value;
    }
}
