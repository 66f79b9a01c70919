using System.Globalization;
using Krug.Blending.Cli.Commands;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Output;
using Krug.Blending.Cli.Tests.Support;
using Krug.Blending.Domain;
using Serilog;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// A tank or wine name can hold terminal escape sequences; what the tool prints for people shows
/// them escaped (docs/reliability.md, "The terminal is never driven by a file").
/// </summary>
public sealed class TerminalOutputTests
{
    private const string Clear = "\u001b[2J";
    private const string Title = "\u001b]0;pwned\u0007";

    [Theory]
    [InlineData("A\u001b[31mB", "A\\x1B[31mB")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("csi\u009b31m", "csi\\x9B31m")]
    [InlineData("del\u007f", "del\\x7F")]
    [InlineData("a\tb", "a\\x09b")]
    [InlineData("line\nbreak", "line\\x0Abreak")]
    [InlineData("cr\rhere", "cr\\x0Dhere")]
    [InlineData("right\u202eleft", "right\\u202Eleft")]
    [InlineData("isolate\u2066x\u2069", "isolate\\u2066x\\u2069")]
    [InlineData("Pinot Noir Aÿ 2018 Œuilly", "Pinot Noir Aÿ 2018 Œuilly")]
    [InlineData("C:\\cellar\\tanks.csv", "C:\\cellar\\tanks.csv")]
    public void ANameShowsEveryControlCharacterEscaped(string name, string shown)
    {
        TerminalText.Escape(name).Should().Be(shown);
    }

    [Theory]
    [InlineData("two\nlines", "two\nlines")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("windows\r\nend", "windows\r\nend")]
    [InlineData("lone\rreturn", "lone\\x0Dreturn")]
    [InlineData("esc\u001b[1m", "esc\\x1B[1m")]
    public void AMessageKeepsItsLineBreaksAndTabs(string message, string shown)
    {
        TerminalText.EscapeKeepingLines(message).Should().Be(shown);
    }

    [Fact]
    public void TheTerminalWriterEscapesWhatACsvWriterWritesButKeepsItsLines()
    {
        var plan = new Plan([new PlanStep(1, [new Transfer(1, [new TankVolume("T" + Clear, 10)], [new TankVolume("U", 10)])])]);
        using var text = new StringWriter(CultureInfo.InvariantCulture);

        PlanCsv.Write(plan, new VolumeUnit("hL", 0), TerminalWriter.For(text));

        text.ToString().Should().Be("step,transfer,tank,role,volume\n1,1,T\\x1B[2J,from,10\n1,1,U,to,10\n");
    }

    [Fact]
    public async Task TheWorkOrderAndTheReportShowNamesEscaped()
    {
        using var folder = new TempFolder();
        folder.Write("tanks.csv", SpecExample.Tanks.Replace("C001", "C0" + Clear + "01", StringComparison.Ordinal).Replace(SpecExample.WineA, SpecExample.WineA + Title, StringComparison.Ordinal));
        folder.Write("formula.csv", SpecExample.Formula.Replace(SpecExample.WineA, SpecExample.WineA + Title, StringComparison.Ordinal));

        var result = await CliRun.RunAsync("plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--workers", "1", "--work-limit", "0.5", "--time-limit", "300");

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        ControlCharacters(result.Out + result.Error).Should().BeEmpty(result.ToString());
        result.Out.Should().Contain(SpecExample.WineA + "\\x1B]0;pwned\\x07");
    }

    [Fact]
    public async Task TheRulesAPlanBreaksShowTankIdsEscaped()
    {
        using var folder = new TempFolder().WithSpecExample("step,transfer,tank,role,volume\n1,1,X" + Title + ",from,1250\n1,1,C004,to,1875\n");

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        ControlCharacters(result.Out + result.Error).Should().BeEmpty(result.ToString());
        result.Out.Should().Contain("tank X\\x1B]0;pwned\\x07");
    }

    [Fact]
    public async Task AnInputErrorQuotingABadCellShowsItEscaped()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        folder.Write("tanks.csv", SpecExample.Tanks.Replace("C004,1875,", "C004,1875" + Clear + ",", StringComparison.Ordinal));

        var result = await CliRun.VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '1875\\x1B[2J'");
        ControlCharacters(result.Error).Should().BeEmpty();
    }

    [Fact]
    public async Task ACommandLineErrorShowsTheArgumentEscaped()
    {
        var result = await CliRun.RunAsync("plan", "--tanks", "t.csv", "--formula", "f.csv", "--colour" + Clear);

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("--colour\\x1B[2J");
        ControlCharacters(result.Error).Should().BeEmpty();
    }

    [Fact]
    public async Task APlanCsvPrintedToAPipeKeepsNamesExactForScripts()
    {
        using var folder = new TempFolder();
        folder.Write("tanks.csv", SpecExample.Tanks.Replace("C006", "C006\u0007", StringComparison.Ordinal));
        folder.Write("formula.csv", SpecExample.Formula);

        var result = await CliRun.RunAsync("plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--workers", "1", "--work-limit", "0.5", "--time-limit", "300", "--format", "csv");

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        result.Out.Should().Contain(",C006\u0007,", "standard output is not a terminal here, so the file reads back to the same plan");
    }

    [Fact]
    public void TheBatchProgressBarShowsFormulaNamesEscaped()
    {
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var console = new CliConsole(TextWriter.Null, error, IsOutputTerminal: false, IsErrorTerminal: true);
        var progress = new BatchProgress(console, new LoggerConfiguration().CreateLogger(), total: 2, bar: true);

        progress.Started("cuvée" + Clear);

        error.ToString().Should().Contain("cuvée\\x1B[2J").And.NotContain("\u001b");
    }

    private static List<char> ControlCharacters(string text) =>
        [.. text.Where(c => TerminalText.IsControl(c) && c is not '\n')];
}
