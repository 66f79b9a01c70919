using System.Globalization;
using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>The new request and solver options reach the planner: what each one changes in the plan or the run.</summary>
public sealed class PlanRequestOptionTests
{
    /// <summary>
    /// On the spec example the exact plan takes 4 transfers (samples/README.md); fewer transfers
    /// allowed give plans with at most that many, which verify accepts under the same limit.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task MaxTransfersLimitsTheTransfersOfThePlan(int maxTransfers)
    {
        using var folder = PlanRun.WithSample("spec-example");
        var limit = maxTransfers.ToString(CultureInfo.InvariantCulture);

        var free = await PlanRun.RunAsync(folder, "--strategy", "auto", "--format", "json");
        var limited = await PlanRun.RunAsync(folder, "--strategy", "auto", "--max-transfers", limit, "--out", folder.PathOf("plan.csv"), "--report", folder.PathOf("report.json"));
        var verified = await CliRun.VerifyAsync(folder, "--max-transfers", limit);

        Transfers(JsonDocument.Parse(free.Out).RootElement.GetProperty("blend")).Should().BeGreaterThan(maxTransfers, "otherwise the option would change nothing");
        limited.ExitCode.Should().BeOneOf(CliRun.WithPlan, limited.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(folder.PathOf("report.json")));
        Transfers(report.RootElement).Should().BeInRange(1, maxTransfers);
        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
    }

    [Fact]
    public async Task MaxTransfersOneGivesAOneTransferPlan()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--strategy", "auto", "--max-transfers", "1", "--format", "csv");

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        var rows = CsvRows.Parse(result.Out).Skip(1).ToList();
        rows.Should().NotBeEmpty();
        rows.Should().OnlyContain(r => r[0] == "1" && r[1] == "1", "one transfer in one step");
    }

    /// <summary>
    /// small-multistep's exact plan leaves 600 hL of the Cramant–Bouzy blend in K02: by default the
    /// planner gives it up (20 pp, no leftover, Bouzy missing), with the option it takes it (0 pp,
    /// 600 hL left mixed).
    /// </summary>
    [Theory]
    [InlineData(false, ExitCodes.OffFormula, 20, 0)]
    [InlineData(true, ExitCodes.Success, 0, 600)]
    public async Task AllowLeftoverBlendsLetsThePlanLeaveAMixtureBehind(bool allow, int exitCode, double maxDeviationPp, int leftover)
    {
        using var folder = PlanRun.WithSample("small-multistep");
        string[] options = allow ? ["--allow-leftover-blends"] : [];

        var result = await PlanRun.RunAsync(folder, ["--strategy", "auto", "--format", "json", "--out", folder.PathOf("plan.csv"), .. options]);
        var verified = await CliRun.VerifyAsync(folder, options);

        result.ExitCode.Should().Be(exitCode, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var blend = json.RootElement.GetProperty("blend");
        blend.GetProperty("maxDeviationPp").GetDouble().Should().BeApproximately(maxDeviationPp, 1e-6);
        blend.GetProperty("leftoverBlends").GetDecimal().Should().Be(leftover);
        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
    }

    /// <summary>The work limit is logged at the start of the run; without one it is half the time limit.</summary>
    [Theory]
    [InlineData(new[] { "--time-limit", "300", "--work-limit", "0.3" }, "time limit 300 s, work limit 0.3 units")]
    [InlineData(new[] { "--time-limit", "8" }, "time limit 8 s, work limit 4 units")]
    public async Task TheWorkLimitReachesTheRun(string[] options, string logged)
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await CliRun.RunAsync([
            "plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"),
            "--workers", "1", "--strategy", "split-assemble", .. options,
        ]);

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        result.Error.Should().Contain($"[INF] Planning 3 formula wines in 6 tanks (3 full): {logged}.");
    }

    /// <summary>
    /// On the 20-wine cellar a split-then-assemble search spends what it is given: a smaller work
    /// limit stops it earlier, and it never spends more than the limit.
    /// </summary>
    [Theory]
    [InlineData("0.2")]
    [InlineData("0.4")]
    public async Task ASplitAssembleSearchSpendsNoMoreThanItsWorkLimit(string workLimit)
    {
        using var folder = PlanRun.WithTwentyWines();

        var result = await PlanRun.RunAsync(folder, "--work-limit", workLimit, "--format", "json");

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("workSpent").GetDouble().Should().BeInRange(0, double.Parse(workLimit, CultureInfo.InvariantCulture));
        json.RootElement.GetProperty("wallClockCutIn").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task TheWallClockOptionIsGoneAndIsAUsageError()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--wall-clock");

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("error: ").And.Contain("'--wall-clock'");
        result.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task AccuracySlackIsAnotherNameForAccuracyResolution()
    {
        using var folder = PlanRun.WithTwentyWines();

        var resolution = await PlanRun.RunAsync(folder, "--work-limit", "0.3", "--accuracy-resolution", "0.5", "--format", "csv");
        var slack = await PlanRun.RunAsync(folder, "--work-limit", "0.3", "--accuracy-slack", "0.5", "--format", "csv");

        resolution.ExitCode.Should().BeOneOf(CliRun.WithPlan, resolution.ToString());
        slack.ExitCode.Should().Be(resolution.ExitCode, slack.ToString());
        slack.Out.Should().Be(resolution.Out).And.StartWith("step,transfer,tank,role,volume\n");
    }

    private static int Transfers(JsonElement blend) => blend.GetProperty("transfers").GetInt32();
}
