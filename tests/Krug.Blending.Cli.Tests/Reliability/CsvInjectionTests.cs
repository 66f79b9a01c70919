using System.Text.RegularExpressions;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// Every CSV the tool writes keeps a spreadsheet from running a name as a formula, keeps numbers as
/// numbers, and plan.csv still reads back to the same plan (docs/csv-formats.md, "CSV injection").
/// </summary>
public sealed partial class CsvInjectionTests
{
    /// <summary>The spec example with every tank and wine named like a formula.</summary>
    private const string Tanks =
        "tank,capacity,wine\n" +
        "=T1,1250,=A\n" +
        "+T2,2500,-B\n" +
        "-T3,3750,@C\n" +
        "@T4,1875,\n" +
        "'=T5,1875,\n" +
        "T6,4375,\n";

    private const string Formula = "wine,percent\n=A,20\n-B,40\n@C,40\n";

    private static readonly string[] Options = ["--workers", "1", "--seed", "1", "--work-limit", "0.5", "--time-limit", "300", "--strategy", "split-assemble"];

    [Theory]
    [InlineData("=T1", "'=T1")]
    [InlineData("+T2", "'+T2")]
    [InlineData("-T3", "'-T3")]
    [InlineData("@T4", "'@T4")]
    [InlineData("\tT", "'\tT")]
    [InlineData("\rT", "'\rT")]
    [InlineData("'=T5", "''=T5")]
    [InlineData("'T", "'T")]
    [InlineData("T-1", "T-1")]
    [InlineData("", "")]
    public void ATextCellIsMarkedOnlyWhenASpreadsheetWouldRunItAndReadsBackToTheSameName(string name, string cell)
    {
        CsvCell.Text(name).Should().Be(cell);
        CsvCell.ReadText(cell).Should().Be(name);
    }

    [Fact]
    public void EveryNameMadeOfMarksTriggersAndLettersReadsBackUnchanged()
    {
        // All names of up to four characters over the characters that matter: the mark, triggers, a letter.
        var alphabet = new[] { '\'', '=', '-', '+', '@', 'a' };
        var names = new List<string> { string.Empty };
        for (var length = 1; length <= 4; length++)
        {
            names.AddRange(names.Where(n => n.Length == length - 1).SelectMany(n => alphabet.Select(c => n + c)).ToList());
        }

        names.Should().OnlyContain(n => CsvCell.ReadText(CsvCell.Text(n)) == n);
        names.Select(CsvCell.Text).Should().OnlyContain(cell => cell.Length == 0 || !"=-+@".Contains(cell[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAndReportWriteNamesAsTextAndNumbersAsNumbers()
    {
        using var folder = Cellar();

        var result = await Plan(folder, "--out", folder.PathOf("plan.csv"), "--report", folder.PathOf("report.csv"), "--unit", "=hL");

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        var plan = Cells(folder.PathOf("plan.csv"));
        var report = Cells(folder.PathOf("report.csv"));
        plan.Concat(report).Should().OnlyContain(c => IsSafe(c));
        report.SelectMany(row => row).Should().Contain(["'=A", "'-B", "'@C", "'=hL", "''=T5"]);
        plan.Select(row => row[2]).Should().Contain(["'+T2", "'-T3", "''=T5"], "the best split-then-assemble plan pours -B and @C into '=T5 and T6");
        report.Where(row => row[0].Length > 0).Select(row => row[3]).Should().Contain(
            d => d.StartsWith('-'), "a negative deviation stays a plain number: the split-assemble plan of this cellar misses the formula");
    }

    [Fact]
    public async Task VerifyReadsBackThePlanItWroteAndFindsTheSameTanks()
    {
        using var folder = Cellar();
        var planned = await Plan(folder, "--out", folder.PathOf("plan.csv"), "--format", "json");
        planned.ExitCode.Should().BeOneOf(CliRun.WithPlan, planned.ToString());

        var verified = await CliRun.VerifyAsync(folder, "--format", "csv");

        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
        var tanksInPlan = Regex.Matches(planned.Out, "\"tank\": \"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        tanksInPlan.Should().Contain(["+T2", "-T3", "'=T5"]);
        foreach (var tank in tanksInPlan)
        {
            File.ReadAllText(folder.PathOf("plan.csv")).Should().Contain("," + CsvCell.Text(tank) + ",");
        }

        Cells(verified.Out).Should().OnlyContain(c => IsSafe(c));
    }

    [Fact]
    public async Task TheViolationsCsvWritesTankIdsAsText()
    {
        using var folder = Cellar();
        // @T4 is empty, so it cannot give wine; =T1 is full, so it cannot receive any.
        folder.Write("plan.csv", "step,transfer,tank,role,volume\n1,1,'@T4,from,1875\n1,1,'=T1,to,1250\n");

        var result = await CliRun.VerifyAsync(folder, "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        var rows = Cells(result.Out);
        rows.Should().OnlyContain(c => IsSafe(c));
        rows.Select(r => r[2]).Should().Contain(["'=T1", "'@T4"]);
    }

    [Fact]
    public async Task TheBatchSummaryWritesFormulaNamesAsText()
    {
        using var folder = Cellar();
        Directory.CreateDirectory(folder.PathOf("formulas"));
        folder.Write(Path.Combine("formulas", "=HYPERLINK(x).csv"), Formula);
        folder.Write(Path.Combine("formulas", "-blend.csv"), Formula);

        var result = await CliRun.RunAsync([
            "batch", "--tanks", folder.PathOf("tanks.csv"), "--formulas", folder.PathOf("formulas"), "--out", folder.PathOf("out"), "--jobs", "1", .. Options]);

        // The spec example's split-then-assemble plan leaves its 20 % Chardonnay out: off formula, so the batch is partial.
        result.ExitCode.Should().BeOneOf([ExitCodes.Success, ExitCodes.BatchPartial], result.ToString());
        var summary = Cells(Path.Combine(folder.PathOf("out"), "summary.csv"));
        summary.Should().OnlyContain(c => IsSafe(c));
        summary.Skip(1).Select(r => r[0]).Should().Equal("'-blend", "'=HYPERLINK(x)");
        Directory.GetFiles(folder.PathOf("out"), "*.csv", SearchOption.AllDirectories).SelectMany(Cells).Should().OnlyContain(c => IsSafe(c));
    }

    [Fact]
    public async Task TheTradeoffsTableAndItsPlansWriteNamesAsText()
    {
        using var folder = Cellar();

        var result = await CliRun.RunAsync([
            "tradeoffs", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--out-dir", folder.PathOf("choices"),
            "--unit", "=hL", .. Options]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var files = Directory.GetFiles(folder.PathOf("choices"), "*.csv");
        files.Should().Contain(f => Path.GetFileName(f) == "tradeoffs.csv");
        files.SelectMany(Cells).Should().OnlyContain(c => IsSafe(c));
    }

    private static TempFolder Cellar()
    {
        var folder = new TempFolder();
        folder.Write("tanks.csv", Tanks);
        folder.Write("formula.csv", Formula);
        return folder;
    }

    private static Task<CliResult> Plan(TempFolder folder, params string[] extra) =>
        CliRun.RunAsync(["plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), .. Options, .. extra]);

    /// <summary>A spreadsheet runs a cell that starts with one of these; a number such as -0.25 is only a number.</summary>
    private static bool IsSafe(string[] row) => row.All(cell => cell.Length == 0 || !"=+-@\t\r".Contains(cell[0], StringComparison.Ordinal) || Number().IsMatch(cell));

    /// <summary>The rows of a CSV file (or CSV text) the tool wrote, split by a real CSV reader.</summary>
    private static List<string[]> Cells(string pathOrText)
    {
        var text = File.Exists(pathOrText) ? File.ReadAllText(pathOrText) : pathOrText;
        var table = CsvTable.Parse("x.csv", System.Text.Encoding.UTF8.GetBytes(text), ',', "any");
        table.IsSuccess.Should().BeTrue(string.Join("\n", table.Errors));
        return [table.Value!.Header.Fields.ToArray(), .. table.Value.Rows.Select(r => r.Fields.ToArray())];
    }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Number();
}
