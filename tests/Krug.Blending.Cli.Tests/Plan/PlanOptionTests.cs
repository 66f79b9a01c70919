using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>The options a cellar master uses on real cellars: excluded tanks, kept wines, waste, reproducibility.</summary>
public sealed class PlanOptionTests
{
    /// <summary>
    /// Without options the spec example's best plan uses C002, C003, C004 and C006 (see
    /// <see cref="PlanConsoleOutputTests"/>); each case forbids tanks that plan needs, so the planner
    /// must find another one.
    /// </summary>
    [Theory]
    [InlineData(new[] { "C006" }, new[] { "--exclude-tank", "C006" })]
    [InlineData(new[] { "C003" }, new[] { "--keep-wine", "Pinot Meunier Leuvrigny 2018" })]
    [InlineData(new[] { "C002", "C004" }, new[] { "--exclude-tank", "C004", "--keep-wine", "Pinot Noir Aÿ 2019" })]
    public async Task ThePlanDoesNotTouchExcludedTanksOrTheTanksOfKeptWines(string[] untouched, string[] options)
    {
        using var folder = PlanRun.WithSample("spec-example");
        var free = await PlanRun.RunAsync(folder, "--format", "csv");
        PlanRun.TanksOf(free.Out).Should().Contain(untouched, "otherwise the option would not change anything");

        var result = await PlanRun.RunAsync(folder, ["--format", "csv", .. options]);

        result.ExitCode.Should().BeOneOf([.. CliRun.WithPlan, ExitCodes.NoPlan], result.ToString());
        PlanRun.TanksOf(result.Out).Should().NotIntersectWith(untouched);
        if (result.ExitCode != ExitCodes.NoPlan)
        {
            PlanRun.TanksOf(result.Out).Should().NotBeEmpty();
            folder.Write("plan.csv", result.Out);
            var verified = await CliRun.VerifyAsync(folder, options);
            verified.ExitCode.Should().Be(ExitCodes.Success, "verify checks the same exclusions; " + verified);
        }
    }

    /// <summary>The client's example: 50 hL of wine 1, 100 hL of wine 2, empties of 100 and 150 hL, formula 50/50.</summary>
    private const string WasteTanks =
        "tank,capacity,wine\n" +
        "T1,50,Wine 1\n" +
        "T2,100,Wine 2\n" +
        "E1,100,\n" +
        "E2,150,\n";

    private const string HalfAndHalf =
        "wine,percent\n" +
        "Wine 1,50\n" +
        "Wine 2,50\n";

    /// <summary>
    /// The formula allows 100 hL (50 hL of wine 1 at 50 %), so by default the plan aims at 95–105 hL,
    /// where only T2 alone fits E1: asking for 150 hL gives the client's alternative, everything at
    /// a third and two thirds.
    /// </summary>
    [Fact]
    public async Task WithoutWasteTheClientsExampleBlendsEverythingAtAThirdAndTwoThirdsWhenAskedFor150()
    {
        using var folder = PlanRun.WithCellar(WasteTanks, HalfAndHalf);

        var result = await PlanRun.RunAsync(folder, "--volume", "150", "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var blend = json.RootElement.GetProperty("blend");
        blend.GetProperty("volume").GetDecimal().Should().Be(150);
        blend.GetProperty("wines").EnumerateArray().Select(w => w.GetProperty("achievedShare").GetString()).Should().Equal("1/3", "2/3");
        blend.GetProperty("wasted").GetDecimal().Should().Be(0);
    }

    /// <summary>
    /// 50 hL of each wine in E1 wastes half of T2: allowed only with a waste cap of 50 hL (the default
    /// cap, 5 % of the 100 hL to make, is 5 hL).
    /// </summary>
    [Fact]
    public async Task WithAllowWasteTheClientsExampleIsExactlyHalfAndHalfAndReportsTheWaste()
    {
        using var folder = PlanRun.WithCellar(WasteTanks, HalfAndHalf);

        var json = await PlanRun.RunAsync(folder, "--allow-waste", "--max-waste", "50", "--format", "json");
        var table = await PlanRun.RunAsync(folder, "--allow-waste", "--max-waste", "50");

        json.ExitCode.Should().Be(ExitCodes.Success, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        var blend = document.RootElement.GetProperty("blend");
        blend.GetProperty("volume").GetDecimal().Should().Be(100);
        blend.GetProperty("wines").EnumerateArray().Select(w => w.GetProperty("achievedShare").GetString()).Should().Equal("1/2", "1/2");
        blend.GetProperty("maxDeviationPp").GetDouble().Should().Be(0);
        blend.GetProperty("wasted").GetDecimal().Should().Be(50);
        table.ExitCode.Should().Be(ExitCodes.Success, table.ToString());
        table.Out.Should().MatchRegex(@"from T2\s+50 hL of 100 \(waste 50 hL\)\s+Wine 2\n");
        table.Out.Should().MatchRegex(@"Wasted\s+50 hL\n");
    }

    /// <summary>
    /// Between 100 and 150 hL, half and half needs 50 hL of waste (50 + 50 into E1); with at most
    /// 40 hL wasted no partial draw helps, so the plan is the waste-free 150 hL at a third and two thirds.
    /// </summary>
    [Fact]
    public async Task MaxWasteBelowWhatExactnessNeedsFallsBackToTheWasteFreeBlend()
    {
        using var folder = PlanRun.WithCellar(WasteTanks, HalfAndHalf);

        var result = await PlanRun.RunAsync(
            folder, "--min-volume", "100", "--max-volume", "150", "--allow-waste", "--max-waste", "40", "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var blend = json.RootElement.GetProperty("blend");
        blend.GetProperty("wasted").GetDecimal().Should().Be(0);
        blend.GetProperty("volume").GetDecimal().Should().Be(150);
        blend.GetProperty("wines").EnumerateArray().Select(w => w.GetProperty("achievedShare").GetString()).Should().Equal("1/3", "2/3");
    }

    /// <summary>
    /// On the 20-wine cellar a quarter of a work unit stops the search before the proof: the plan
    /// then depends on how far the search got, which must be the same every run (work limit, fixed
    /// seed; the generous time limit of <see cref="PlanRun.Deterministic"/> never cuts in). Two workers,
    /// the default, interleave their search deterministically and must agree run to run as well.
    /// </summary>
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task TheSameInputAndOptionsGiveTheSamePlanFileByteForByte(string workers)
    {
        using var folder = PlanRun.WithTwentyWines();
        string[] options = ["--work-limit", "0.25", "--workers", workers];

        var first = await PlanRun.RunAsync(folder, ["--out", folder.PathOf("a.csv"), .. options]);
        var second = await PlanRun.RunAsync(folder, ["--out", folder.PathOf("b.csv"), .. options]);

        first.ExitCode.Should().BeOneOf(CliRun.WithPlan, first.ToString());
        first.Error.Should().NotContain("The time limit ended the search", "the work limit must be what ends the search");
        second.ExitCode.Should().Be(first.ExitCode, second.ToString());
        var a = File.ReadAllBytes(folder.PathOf("a.csv"));
        a.Length.Should().BeGreaterThan(100);
        File.ReadAllBytes(folder.PathOf("b.csv")).Should().Equal(a);
    }
}
