using System.Text.Json.Nodes;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Lots;

/// <summary>
/// What a plan with lots reads like: the work order names each lot and gives its make-up once, the
/// cellar after the plan shows a piece of a lot as that lot, moved; every command that reads tanks takes --lots.
/// </summary>
public sealed class LotsOutputTests
{
    private static readonly string[] Deterministic = ["--workers", "1", "--seed", "1", "--time-limit", "300", "--work-limit", "2"];

    private static string Sample(string file) => Path.Combine(RepositoryRoot.Find(), "samples", "reserve-lots", file);

    [Fact]
    public async Task TheWorkOrderNamesEachLotAndGivesItsMakeUpOnce()
    {
        var result = await PlanAsync();

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var lines = result.Out.Split('\n');
        lines.Should().ContainSingle(l => l == "Lot Réserve 2018-2019: Chardonnay Le Mesnil 2018 60 %, Pinot Noir Aÿ 2019 40 %.");
        lines.Should().ContainSingle(l => l == "Lot Assemblage 2022: Chardonnay Avize 2022 50 %, Pinot Noir Bouzy 2022 30 %, Meunier Leuvrigny 2022 20 %.");
        lines.Should().Contain(l => l.StartsWith("    from R01 ", StringComparison.Ordinal) && l.EndsWith("300 hL  lot: Réserve 2018-2019", StringComparison.Ordinal));
        // A piece of the assemblage poured on is still that lot, not a numbered blend.
        lines.Should().Contain(l => l.StartsWith("    from E01 ", StringComparison.Ordinal) && l.EndsWith("lot: Assemblage 2022", StringComparison.Ordinal));
        lines.Should().NotContain(l => l.TrimStart().StartsWith("blend 1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCellarAfterThePlanShowsAPieceOfALotAsThatLotMoved()
    {
        var result = await PlanAsync();

        var row = result.Out.Split('\n').Single(l => l.StartsWith("  E03 ", StringComparison.Ordinal));
        row.Should().MatchRegex(@"^  E03 +125 hL +empty +lot: Assemblage 2022 \(moved\)$");
        result.Out.Should().Contain("0 tanks of leftover blend");
    }

    [Fact]
    public async Task TheReportNamesLotsInCsvAndJson()
    {
        using var folder = new TempFolder();

        var result = await PlanAsync("--report", folder.PathOf("report.csv"), "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var rows = CsvRows.Parse(File.ReadAllText(folder.PathOf("report.csv")));
        var header = rows[0].ToList();
        var e03 = rows.Single(r => r[header.IndexOf("tank")] == "E03");
        e03[header.IndexOf("before")].Should().Be("empty");
        e03[header.IndexOf("after")].Should().Be("lot: Assemblage 2022");
        e03[header.IndexOf("tank_end")].Should().Be("moved");
        rows.Single(r => r[header.IndexOf("tank")] == "R01")[header.IndexOf("before")].Should().Be("lot: Réserve 2018-2019");

        var changed = JsonNode.Parse(result.Out)!["blend"]!["cellarAfter"]!["changedTanks"]!.AsArray();
        var piece = changed.Single(t => t!["tank"]!.GetValue<string>() == "E03")!;
        piece["afterLot"]!.GetValue<string>().Should().Be("Assemblage 2022");
        piece["after"]!["Chardonnay Avize 2022"]!.GetValue<double>().Should().Be(50);
        piece.AsObject().ContainsKey("beforeLot").Should().BeFalse("the tank was empty");
        changed.Single(t => t!["tank"]!.GetValue<string>() == "C01")!.AsObject().ContainsKey("beforeLot").Should().BeFalse("a tank of one wine names no lot");
    }

    [Fact]
    public async Task TheShippedPlanOfTheSampleVerifiesWithItsLots()
    {
        var result = await CliRun.RunAsync(
            "verify", "--tanks", Sample("tanks.csv"), "--lots", Sample("lots.csv"), "--formula", Sample("formula.csv"), "--plan", Sample("plan.csv"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().Contain("lot: Assemblage 2022 (moved)");
    }

    [Fact]
    public async Task TheVolumeLineCountsTheReservesWinesByTheirShares()
    {
        var result = await PlanAsync();

        // 60 % of the 500 hL reserve is 300 hL of Le Mesnil 2018, 12 % of the formula: 2500 hL at most.
        result.Error.Should().Contain("The formula can be met up to 2500 hL: Chardonnay Le Mesnil 2018 (12 % of it) runs out first with 300 hL in stock");
    }

    [Fact]
    public async Task BatchAndTradeoffsTakeTheLotsToo()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.PathOf("formulas"));
        File.Copy(Sample("formula.csv"), Path.Combine(folder.PathOf("formulas"), "cuvee.csv"));

        var batch = await CliRun.RunAsync([
            "batch", "--tanks", Sample("tanks.csv"), "--lots", Sample("lots.csv"), "--formulas", folder.PathOf("formulas"),
            "--out", folder.PathOf("out"), "--jobs", "1", .. Deterministic]);
        var tradeoffs = await CliRun.RunAsync([
            "tradeoffs", "--tanks", Sample("tanks.csv"), "--lots", Sample("lots.csv"), "--formula", Sample("formula.csv"), .. Deterministic]);

        batch.ExitCode.Should().Be(ExitCodes.Success, batch.ToString());
        File.ReadAllText(Path.Combine(folder.PathOf("out"), "cuvee", "report.csv")).Should().Contain("lot: Assemblage 2022");
        tradeoffs.ExitCode.Should().Be(ExitCodes.Success, tradeoffs.ToString());
        var withoutLots = await CliRun.RunAsync(["tradeoffs", "--tanks", Sample("tanks.csv"), "--formula", Sample("formula.csv"), .. Deterministic]);
        withoutLots.ExitCode.Should().Be(ExitCodes.InputError, "the tanks name lots");
    }

    [Fact]
    public async Task ALotsNameIsEscapedOnTheTerminalAndNeutralisedInCsv()
    {
        using var folder = new TempFolder();
        folder.Write("tanks.csv", "tank,capacity,wine,lot\nP1,100,A,\nL1,100,,=cmd\u001b[31m\nE1,200,\n");
        folder.Write("lots.csv", "lot,wine,percent\n=cmd\u001b[31m,A,50\n=cmd\u001b[31m,B,50\n");
        folder.Write("formula.csv", "wine,percent\nA,75\nB,25\n");

        var result = await CliRun.RunAsync([
            "plan", "--tanks", folder.PathOf("tanks.csv"), "--lots", folder.PathOf("lots.csv"), "--formula", folder.PathOf("formula.csv"),
            "--report", folder.PathOf("report.csv"), .. Deterministic]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().NotContain("\u001b").And.Contain("lot: =cmd\\x1B[31m");
        File.ReadAllText(folder.PathOf("report.csv")).Should().Contain("lot: =cmd\u001b[31m", "a cell starting with 'lot: ' cannot run as a formula");
    }

    private static Task<CliResult> PlanAsync(params string[] extra) =>
        CliRun.RunAsync([
            "plan", "--tanks", Sample("tanks.csv"), "--lots", Sample("lots.csv"), "--formula", Sample("formula.csv"), .. Deterministic, .. extra]);
}
