using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Lots;

/// <summary>
/// lots.csv and the lot column of tanks.csv: a cellar with a reserve kept as a blend verifies, and
/// every problem is an input error (exit 3) located as file:line:column.
/// </summary>
public sealed class LotsInputTests
{
    private const string Tanks = "tank,capacity,wine,lot\nC001,100,Chardonnay 2023,\nR01,100,,Réserve\nE01,200,,\n";
    private const string LotsHeader = "lot,wine,percent\n";
    private const string Lots = LotsHeader + "Réserve,Chardonnay 2018,60\nRéserve,Pinot Noir 2019,40\n";
    private const string Formula = "wine,percent\nChardonnay 2023,50\nChardonnay 2018,30\nPinot Noir 2019,20\n";
    private const string Plan = "step,transfer,tank,role,volume\n1,1,C001,from,100\n1,1,R01,from,100\n1,1,E01,to,200\n";

    [Fact]
    public async Task ACellarWithALotVerifiesAndItsWinesCountByTheirShares()
    {
        using var folder = Cellar();

        var result = await VerifyAsync(folder, "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        json["blend"]!["maxDeviationPp"]!.GetValue<double>().Should().Be(0);
        var r01 = json["blend"]!["cellarAfter"]!["changedTanks"]!.AsArray().Single(t => t!["tank"]!.GetValue<string>() == "R01")!;
        r01["beforeLot"]!.GetValue<string>().Should().Be("Réserve");
        r01["before"]!["Chardonnay 2018"]!.GetValue<double>().Should().Be(60);
    }

    [Theory]
    [InlineData("", "lots.csv: the file is empty")]
    [InlineData(LotsHeader, "lots.csv:1: the file has a header line but no lot")]
    [InlineData("lot,wine\nRéserve,Chardonnay 2018\n", "lots.csv:1: missing required column 'percent'")]
    [InlineData(LotsHeader + ",Chardonnay 2018,60\n", "lots.csv:2:1: lot is empty")]
    [InlineData(LotsHeader + "Réserve,,60\n", "lots.csv:2:2: wine is empty; every line of lot 'Réserve' names one of its wines")]
    [InlineData(LotsHeader + "Réserve,Chardonnay 2018,0\n", "lots.csv:2:3: percent must be a positive number, got '0': leave out a wine that is not in the lot")]
    [InlineData(LotsHeader + "Réserve,Chardonnay 2018,-60\n", "lots.csv:2:3: percent must be a positive number, got '-60'")]
    [InlineData(LotsHeader + "Réserve,Chardonnay 2018,sixty\n", "lots.csv:2:3: percent must be a positive number, got 'sixty'")]
    [InlineData(LotsHeader + "Réserve,Chardonnay 2018,60\nRéserve,Chardonnay 2018,40\n", "lots.csv:3:2: lot 'Réserve' names wine 'Chardonnay 2018' twice (lines 2 and 3)")]
    [InlineData(Lots + "Chardonnay 2023,Chardonnay 2018,100\n", "lots.csv:4:1: lot 'Chardonnay 2023' has the name of a wine (")]
    [InlineData(Lots + "Autre,Réserve,50\nAutre,Pinot Noir 2019,50\n", "lots.csv:4:2: wine 'Réserve' of lot 'Autre' is a lot itself (line 2)")]
    [InlineData("lot;wine;percent\nRéserve;Chardonnay 2018;60\nRéserve;Pinot Noir 2019;4x\n", "lots.csv:3:3: percent must be a positive number, got '4x'")]
    public async Task ALotsFileErrorIsReportedWithItsLocation(string lots, string expected)
    {
        using var folder = Cellar(lots: lots);

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain(expected);
        result.Out.Should().BeEmpty();
    }

    [Theory]
    [InlineData("R01,100,,Reserve\n", "tanks.csv:3:4: lot 'Reserve' is not in")]
    [InlineData("R01,100,,réserve\n", "(did you mean 'Réserve'?)")]
    [InlineData("R01,100,Chardonnay 2018,Réserve\n", "tanks.csv:3:4: tank 'R01' names both wine 'Chardonnay 2018' and lot 'Réserve'")]
    [InlineData("R01,100,Réserve,\n", "tanks.csv:3 names it in the wine column)")]
    public async Task ATankNamingALotWronglyIsReportedWithItsLocation(string r01, string expected)
    {
        using var folder = Cellar(tanks: "tank,capacity,wine,lot\nC001,100,Chardonnay 2023,\n" + r01 + "E01,200,,\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain(expected);
    }

    [Fact]
    public async Task ATankNamingALotWithoutALotsFileIsAnInputError()
    {
        using var folder = Cellar();

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("tanks.csv:3:4: lot 'Réserve' is named but no lots file was given: add --lots lots.csv");
    }

    [Fact]
    public async Task ErrorsOfTheTanksAndLotsFilesAreReportedTogether()
    {
        using var folder = Cellar(tanks: Tanks + "C002,x,Chardonnay 2023,\n", lots: LotsHeader + "Réserve,Chardonnay 2018,0\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("tanks.csv:5:2: capacity").And.Contain("lots.csv:2:3: percent");
    }

    [Fact]
    public async Task AFormulaNamingALotIsAnInputErrorThatListsTheLotsWines()
    {
        using var folder = Cellar(formula: "wine,percent\nChardonnay 2023,50\nRéserve,50\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("formula.csv:3:1: 'Réserve' is a lot, not a wine; a formula names wines (the lot holds 'Chardonnay 2018', 'Pinot Noir 2019')");
    }

    [Fact]
    public async Task AFormulaWineFoundOnlyInALotIsInTheCellar()
    {
        using var folder = Cellar(formula: "wine,percent\nPinot Noir 2019,100\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
    }

    [Fact]
    public async Task ALotNoTankHoldsAPercentageSumOffAHundredAndASingleWineLotAreWarningsOnly()
    {
        using var folder = Cellar(lots: Lots + "Spare,Chardonnay 2018,30\nSpare,Pinot Noir 2019,30\nSolo,Chardonnay 2023,100\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("lots.csv:4:1: lot 'Spare' is in no tank of")
            .And.Contain("lots.csv:4:3: the percentages of lot 'Spare' add up to 60, not 100")
            .And.Contain("lots.csv:6:2: lot 'Solo' holds only 'Chardonnay 2023'");
    }

    [Fact]
    public async Task ALotsFileWithTanksWithoutALotColumnSaysWhyTheLotsAreUnused()
    {
        using var folder = Cellar(tanks: "tank,capacity,wine\nC001,100,Chardonnay 2023\nE01,100,\n", formula: "wine,percent\nChardonnay 2023,100\n", plan: "step,transfer,tank,role,volume\n1,1,C001,from,100\n1,1,E01,to,100\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("lots.csv:2:1: lot 'Réserve' is in no tank: ").And.Contain("tanks.csv has no 'lot' column");
    }

    [Fact]
    public async Task TheLotsFileMustBeARegularFile()
    {
        using var folder = Cellar();
        Directory.CreateDirectory(folder.PathOf("folder.csv"));

        var result = await CliRun.VerifyAsync(folder, "--lots", folder.PathOf("folder.csv"));

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("folder.csv: is a folder, not a file");
    }

    [Fact]
    public async Task NoOutputIsWrittenOverTheLotsFile()
    {
        using var folder = Cellar();

        var result = await CliRun.RunAsync(
            "plan", "--tanks", folder.PathOf("tanks.csv"), "--lots", folder.PathOf("lots.csv"), "--formula", folder.PathOf("formula.csv"),
            "--workers", "1", "--work-limit", "1", "--time-limit", "300", "--out", folder.PathOf("lots.csv"));

        result.ExitCode.Should().NotBe(ExitCodes.Success, result.ToString());
        File.ReadAllText(folder.PathOf("lots.csv")).Should().Be(Lots);
    }

    [Fact]
    public async Task KeepingALotByNameIsUnderstood()
    {
        using var folder = Cellar(plan: "step,transfer,tank,role,volume\n1,1,C001,from,100\n1,1,E01,to,100\n", tanks: Tanks.Replace("E01,200", "E01,100", StringComparison.Ordinal));

        var result = await VerifyAsync(folder, "--keep-wine", "Réserve");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().NotContain("no tank of");
        var touched = await VerifyAsync(Cellar(), "--keep-wine", "Réserve");
        touched.ExitCode.Should().Be(ExitCodes.InvalidPlan, touched.ToString());
        touched.Out.Should().Contain("holds lot Réserve, which is kept out of this plan");
    }

    private static TempFolder Cellar(string tanks = Tanks, string lots = Lots, string formula = Formula, string plan = Plan)
    {
        var folder = new TempFolder();
        folder.Write("tanks.csv", tanks);
        folder.Write("lots.csv", lots);
        folder.Write("formula.csv", formula);
        folder.Write("plan.csv", plan);
        return folder;
    }

    private static Task<CliResult> VerifyAsync(TempFolder folder, params string[] extra) =>
        CliRun.VerifyAsync(folder, ["--lots", folder.PathOf("lots.csv"), .. extra]);
}
