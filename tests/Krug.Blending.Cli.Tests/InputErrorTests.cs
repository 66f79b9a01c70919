using System.Text;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

/// <summary>Every input error of docs/csv-formats.md: exit code 3 and a message located as file:line:column.</summary>
public sealed class InputErrorTests
{
    private const string TanksHeader = "tank,capacity,wine\n";
    private const string FormulaHeader = "wine,percent\n";
    private const string PlanHeader = "step,transfer,tank,role,volume\n";

    [Theory]
    // The file as a whole.
    [InlineData("", "tanks.csv: the file is empty")]
    [InlineData("\n \n", "tanks.csv: the file is empty")]
    [InlineData(TanksHeader, "tanks.csv:1: the file has a header line but no tank")]
    [InlineData("tank,capacity\nC001,10\n", "tanks.csv:1: missing required column 'wine'")]
    [InlineData("tank,volume,contents\nC001,10,A\n", "tanks.csv:1: missing required columns 'capacity', 'wine'")]
    [InlineData("tank capacity wine\nC001 10 A\n", "single column 'tank capacity wine': are the columns separated by ',', ';' or a tab?")]
    [InlineData("tank,capacity,wine,Tank\nC001,10,A,C002\n", "tanks.csv:1:4: column 'tank' appears twice in the header (fields 1 and 4)")]
    [InlineData("\"tank,capacity,wine\nC001,10,A\n", "tanks.csv:1: the header line cannot be read")]
    // Tank ids.
    [InlineData(TanksHeader + "C001,1250,A\n,2500,B\n", "tanks.csv:3:1: tank id is empty")]
    [InlineData(TanksHeader + "C001,1250,A\nC002,2500,B\nC001,100,\n", "tanks.csv:4:1: tank 'C001' appears twice (lines 2 and 4)")]
    // Capacities.
    [InlineData(TanksHeader + "C001,1250,A\nC002,12.5x,B\n", "tanks.csv:3:2: capacity must be a positive number with at most 2 decimals, got '12.5x'")]
    [InlineData("tank;capacity;wine\nC001;1250;A\nC002;2500;B\nC003;12,5x;C\n", "tanks.csv:4:2: capacity must be a positive number with at most 2 decimals, got '12,5x'")]
    [InlineData(TanksHeader + "C001,,A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got ''")]
    [InlineData(TanksHeader + "C001,0,A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '0'")]
    [InlineData(TanksHeader + "C001,-1250,A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '-1250'")]
    [InlineData(TanksHeader + "C001,12.505,A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '12.505': it has 3 decimals")]
    [InlineData(TanksHeader + "C001,1e3,A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '1e3'")]
    [InlineData(TanksHeader + "C001,\"1,250.5\",A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '1,250.5': remove the thousands separators")]
    [InlineData("tank;capacity;wine\nC001;1.250,5;A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '1.250,5': remove the thousands separators")]
    [InlineData("tank;capacity;wine\nC001;1 250;A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '1 250': remove the thousands separators")]
    [InlineData(TanksHeader + "C001,1.250.000,A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '1.250.000': remove the thousands separators")]
    [InlineData(TanksHeader + "C001,\"12,5\",A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '12,5': a decimal comma is accepted only in files separated by ';'")]
    [InlineData(TanksHeader + "C001,2000000000,A\n", "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '2000000000': the largest capacity accepted is 1000000000")]
    // Lines.
    [InlineData(TanksHeader + "C001,12,5,A\n", "tanks.csv:2:4: the line has 4 fields but the header has 3; a number with a decimal comma is split in two")]
    [InlineData(TanksHeader + "C001,1250,A\nC002,2500,\"B\n", "tanks.csv:3: a quoted field is not closed on its line")]
    [InlineData(TanksHeader + "C001,1250,A\"x\"\n", "tanks.csv:2: a quote inside an unquoted field")]
    public async Task ATanksFileErrorIsReportedWithItsLocation(string tanks, string expected)
    {
        var result = await RunWithAsync("tanks.csv", tanks);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain(expected);
        result.Out.Should().BeEmpty();
    }

    [Theory]
    [InlineData("", "formula.csv: the file is empty")]
    [InlineData(FormulaHeader, "formula.csv:1: the file has a header line but no wine")]
    [InlineData("wine\nA\n", "formula.csv:1: missing required column 'percent'")]
    [InlineData(FormulaHeader + SpecExample.WineA + ",20\n,40\n", "formula.csv:3:1: wine is empty")]
    [InlineData(FormulaHeader + SpecExample.WineA + ",20\n" + SpecExample.WineB + ",40\n" + SpecExample.WineA + ",40\n", "formula.csv:4:1: wine 'Chardonnay Le Mesnil 2019' appears twice (lines 2 and 4)")]
    [InlineData(FormulaHeader + SpecExample.WineA + ",twenty\n", "formula.csv:2:2: percent must be a positive number, got 'twenty'")]
    [InlineData(FormulaHeader + SpecExample.WineA + ",0\n", "formula.csv:2:2: percent must be a positive number, got '0': leave out a wine that has no part in the blend")]
    [InlineData(FormulaHeader + SpecExample.WineA + ",-20\n", "formula.csv:2:2: percent must be a positive number, got '-20'")]
    [InlineData(FormulaHeader + SpecExample.WineA + ",\"1,000.5\"\n", "formula.csv:2:2: percent must be a positive number, got '1,000.5': remove the thousands separators")]
    [InlineData(FormulaHeader + SpecExample.WineA + ",%\n", "formula.csv:2:2: percent must be a positive number, got '%'")]
    // Cross-file check: a formula wine must fill a tank.
    [InlineData(FormulaHeader + SpecExample.WineA + ",20\nKrug Clos d'Ambonnay 1995,80\n", "formula.csv:3:1: wine 'Krug Clos d'Ambonnay 1995' fills no tank in")]
    [InlineData(FormulaHeader + "chardonnay le  mesnil 2019,100\n", "formula.csv:2:1: wine 'chardonnay le  mesnil 2019' fills no tank in")]
    public async Task AFormulaFileErrorIsReportedWithItsLocation(string formula, string expected)
    {
        var result = await RunWithAsync("formula.csv", formula);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain(expected);
    }

    [Fact]
    public async Task AFormulaWineThatDiffersOnlyInCaseGetsASuggestion()
    {
        var result = await RunWithAsync("formula.csv", FormulaHeader + "chardonnay le mesnil 2019,100\n");

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("(did you mean 'Chardonnay Le Mesnil 2019'?)");
    }

    [Theory]
    [InlineData("", "plan.csv: the file is empty")]
    [InlineData("step,transfer,tank,volume\n1,1,C001,1250\n", "plan.csv:1: missing required column 'role'")]
    [InlineData(PlanHeader + "1,1,C001,from,1250\n1.5,1,C004,to,1250\n", "plan.csv:3:1: step must be a whole number from 1 to 1000000, got '1.5'")]
    [InlineData(PlanHeader + "0,1,C001,from,1250\n", "plan.csv:2:1: step must be a whole number from 1 to 1000000, got '0'")]
    [InlineData(PlanHeader + "1,first,C001,from,1250\n", "plan.csv:2:2: transfer must be a whole number from 1 to 1000000, got 'first'")]
    [InlineData(PlanHeader + "1,1,,from,1250\n", "plan.csv:2:3: tank is empty")]
    [InlineData(PlanHeader + "1,1,C001,out,1250\n", "plan.csv:2:4: role must be 'from' or 'to', got 'out'")]
    [InlineData(PlanHeader + "1,1,C001,from,lots\n", "plan.csv:2:5: volume must be a number in hL with at most 0 decimals")]
    [InlineData(PlanHeader + "1,1,C001,from,1250.5\n", "plan.csv:2:5: volume '1250.5' has more decimals than the capacities of")]
    [InlineData(PlanHeader + "1,1,C001,from,99999999999\n", "plan.csv:2:5: volume '99999999999' is larger than any tank can be")]
    [InlineData(PlanHeader + "1,1,C001,from,1250\n1,1,C002,from,2500\n2,1,C004,to,1875\n", "plan.csv:4:1: transfer 1 is in step 2 here but in step 1 on line 2")]
    public async Task APlanFileErrorIsReportedWithItsLocation(string plan, string expected)
    {
        var result = await RunWithAsync("plan.csv", plan);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain(expected);
    }

    [Theory]
    [InlineData("tanks.csv")]
    [InlineData("formula.csv")]
    [InlineData("plan.csv")]
    public async Task AMissingFileIsAnInputErrorNamingIt(string file)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);
        File.Delete(folder.PathOf(file));

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain($"{file}: file not found");
    }

    [Fact]
    public async Task AFileThatIsNotUtf8IsAnInputErrorNamingTheLine()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);
        var latin1 = Encoding.Latin1.GetBytes(SpecExample.Tanks.Replace("Œuilly", "Cramant", StringComparison.Ordinal).Replace("Aÿ", "Aÿ", StringComparison.Ordinal));
        folder.WriteBytes("tanks.csv", latin1);

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        // Line 3 holds "Aÿ", whose ÿ is the single byte 0xFF in Latin-1.
        result.Error.Should().Contain("tanks.csv:3: the file is not valid UTF-8 (byte 0xFF)");
    }

    [Fact]
    public async Task AUtf16FileIsAnInputError()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);
        folder.WriteBytes("formula.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(SpecExample.Formula)]);

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("formula.csv: the file is UTF-16; save it as UTF-8");
    }

    [Fact]
    public async Task EveryErrorOfAFileIsReportedNotJustTheFirst()
    {
        var tanks = TanksHeader + "C001,x,A\n,1250,B\nC003,0,C\nC003,100,C\n";

        var result = await RunWithAsync("tanks.csv", tanks);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("tanks.csv:2:2: capacity")
            .And.Contain("tanks.csv:3:1: tank id is empty")
            .And.Contain("tanks.csv:4:2: capacity")
            .And.Contain("tanks.csv:5:1: tank 'C003' appears twice (lines 4 and 5)");
    }

    [Fact]
    public async Task ErrorsOfTheTanksAndFormulaFilesAreReportedTogether()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);
        folder.Write("tanks.csv", TanksHeader + "C001,x,A\n");
        folder.Write("formula.csv", FormulaHeader + "A,y\n");

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("tanks.csv:2:2: capacity").And.Contain("formula.csv:2:2: percent");
    }

    [Fact]
    public async Task ErrorsStopAtTheCapWithANote()
    {
        var tanks = TanksHeader + string.Concat(Enumerable.Range(1, 30).Select(i => $"T{i},bad,\n"));

        var result = await RunWithAsync("tanks.csv", tanks);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        var errorLines = result.Error.Split('\n').Where(l => l.Contains("tanks.csv:", StringComparison.Ordinal)).ToList();
        errorLines.Should().HaveCount(Csv.ErrorList.Cap + 1);
        errorLines[^1].Should().Contain("tanks.csv: stopped after 20 errors");
    }

    private static async Task<CliResult> RunWithAsync(string file, string content)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);
        folder.Write(file, content);
        return await CliRun.VerifyAsync(folder);
    }
}
