using System.Text;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability.Corpus;

/// <summary>Which command a corpus case runs.</summary>
internal enum CorpusCommand
{
    /// <summary><c>plan --out --report</c> into a folder that already holds a plan.</summary>
    Plan,

    /// <summary><c>verify</c> of plan.csv.</summary>
    Verify,
}

/// <summary>
/// One input of the corpus: the three files (the spec example's where not replaced), the command,
/// and what the tool must answer. Files are bytes so that encodings, BOMs and line ends are exact.
/// </summary>
/// <param name="Name">Short name, shown as the test case.</param>
/// <param name="Command">The command to run.</param>
/// <param name="ExitCode">The documented exit code (docs/exit-codes.md).</param>
/// <param name="Message">A fragment standard error must contain, with file:line:column where there is one.</param>
internal sealed record CorpusCase(string Name, CorpusCommand Command, int ExitCode, string Message)
{
    public Func<byte[]> Tanks { get; init; } = () => Utf8(SpecExample.Tanks);

    public Func<byte[]> Formula { get; init; } = () => Utf8(SpecExample.Formula);

    public Func<byte[]> Plan { get; init; } = () => Utf8(SpecExample.ThreeStepPlan);

    /// <summary>Replaces the default output options; gets the input and output folders.</summary>
    public Func<string, string, string[]>? Outputs { get; init; }

    /// <summary>Whether the case takes seconds rather than milliseconds (the slow test tier runs it).</summary>
    public bool IsSlow { get; init; }

    /// <summary>Replaces the command's default options (for plan: a small work limit, one worker).</summary>
    public string[]? Options { get; init; }

    /// <summary>Replaces the path given as <c>--tanks</c>; gets the input folder (and may create what the path names).</summary>
    public Func<string, string>? TanksPath { get; init; }

    /// <summary>Replaces the path given as <c>--plan</c>; gets the input folder.</summary>
    public Func<string, string>? PlanPath { get; init; }

    /// <summary>Why the case cannot run on this machine (no FIFOs on Windows), or <see langword="null"/>.</summary>
    public Func<string?> SkipReason { get; init; } = () => null;

    /// <summary>More checks after the run; gets the input and output folders and what the run printed.</summary>
    public Action<string, string, CliResult>? Then { get; init; }

    /// <summary>Whether the case is a valid input, after which outputs are expected rather than forbidden.</summary>
    public bool Succeeds => ExitCode is ExitCodes.Success or ExitCodes.Feasible;

    public override string ToString() => Name;

    public static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);
}

/// <summary>
/// The malformed (and some awkward but valid) inputs of issue 6. The large ones are generated
/// when the case runs, never committed.
/// </summary>
internal static class MalformedInputs
{
    private const string TanksHeader = "tank,capacity,wine\n";
    private const string FormulaHeader = "wine,percent\n";
    private const string PlanHeader = "step,transfer,tank,role,volume\n";
    private const string A = SpecExample.WineA;
    private const string B = SpecExample.WineB;
    private const string C = SpecExample.WineC;

    private static readonly string TanksRows = SpecExample.Tanks[TanksHeader.Length..];

    public static IReadOnlyList<CorpusCase> All { get; } =
    [
        // tanks.csv: the file as a whole.
        Tanks("empty tanks file", string.Empty, ExitCodes.InputError, "tanks.csv: the file is empty"),
        Tanks("blank tanks file", "\n  \n\t\n", ExitCodes.InputError, "tanks.csv: the file is empty"),
        Tanks("tanks header only", TanksHeader, ExitCodes.InputError, "tanks.csv:1: the file has a header line but no tank"),
        Tanks("missing wine column", "tank,capacity\nC001,1250\n", ExitCodes.InputError, "tanks.csv:1: missing required column 'wine'"),
        Tanks("misspelt capacity column", "tank,capacty,wine\n" + TanksRows, ExitCodes.InputError, "tanks.csv:1: missing required column 'capacity'"),
        Tanks("repeated header column", "tank,capacity,wine,Capacity\n" + TanksRows, ExitCodes.InputError, "tanks.csv:1:4: column 'capacity' appears twice"),
        Tanks("space separated header", "tank capacity wine\nC001 1250 A\n", ExitCodes.InputError, "tanks.csv:1: missing required columns 'tank', 'capacity', 'wine'"),
        Tanks("sep line and nothing else", "sep=;\n", ExitCodes.InputError, "tanks.csv: the file has no header line"),

        // tanks.csv: tank ids.
        Tanks("duplicate tank id", TanksHeader + TanksRows + "C002,100,\n", ExitCodes.InputError, "tanks.csv:8:1: tank 'C002' appears twice (lines 3 and 8)"),
        Tanks("empty tank id", TanksHeader + TanksRows + ",100,\n", ExitCodes.InputError, "tanks.csv:8:1: tank id is empty"),

        // tanks.csv: capacities.
        Capacity("zero capacity", "0", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '0'"),
        Capacity("negative capacity", "-1875", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '-1875'"),
        Capacity("non-numeric capacity", "big", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got 'big'"),
        Capacity("empty capacity", string.Empty, "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got ''"),
        Capacity("too many decimals", "1875.125", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '1875.125': it has 3 decimals"),
        Capacity("exponent capacity", "1.875e3", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '1.875e3'"),
        Capacity("comma thousands separator", "\"1,875.5\"", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '1,875.5': remove the thousands separators"),
        Capacity("huge capacity", "99999999999999999999999999999999", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '99999999999999999999999999999999': the number is too large"),
        Capacity("capacity over the limit", "2000000000", "tanks.csv:5:2: capacity must be a positive number with at most 2 decimals, got '2000000000': the largest capacity accepted is 1000000000"),
        Tanks("dot thousands separator in a semicolon file", "tank;capacity;wine\nC001;1.250,5;" + A + "\nC004;1250,5;\n", ExitCodes.InputError,
            "tanks.csv:2:2: capacity must be a positive number with at most 2 decimals, got '1.250,5': remove the thousands separators"),
        Tanks("decimal comma in a comma file", TanksHeader + "C001,1250,5," + A + "\nC004,1250.5,\n", ExitCodes.InputError,
            "tanks.csv:2:4: the line has 4 fields but the header has 3; a number with a decimal comma is split in two"),

        // tanks.csv: quoting and line structure.
        Tanks("unbalanced quote in a row", TanksHeader + "C001,1250,\"" + A + "\n" + TanksRows[(TanksRows.IndexOf('\n', StringComparison.Ordinal) + 1)..], ExitCodes.InputError,
            "tanks.csv:2: a quoted field is not closed on its line"),
        Tanks("unbalanced quote in the header", "\"tank,capacity,wine\n" + TanksRows, ExitCodes.InputError, "tanks.csv:1: the header line cannot be read"),
        Tanks("quoted field with a newline", TanksHeader + TanksRows + "C007,100,\"Pinot\nNoir\"\n", ExitCodes.InputError, "tanks.csv:8: a quoted field is not closed on its line"),
        Tanks("stray quote inside a field", TanksHeader + TanksRows + "C0\"07,100,\n", ExitCodes.InputError, "tanks.csv:8: a quote inside an unquoted field"),
        Tanks("text after a closing quote", TanksHeader + TanksRows + "\"C007\"x,100,\n", ExitCodes.InputError, "tanks.csv:8: text after the closing quote"),
        Tanks("extra field", TanksHeader + TanksRows + "C007,100,,surplus\n", ExitCodes.InputError, "tanks.csv:8:4: the line has 4 fields but the header has 3"),

        // tanks.csv: size and bytes.
        new("a 10 MB single line", CorpusCommand.Plan, ExitCodes.InputError, "tanks.csv:1: missing required column 'wine'")
        {
            Tanks = () => CorpusCase.Utf8("tank,capacity,w" + new string('x', 10 * 1024 * 1024)),
        },
        new("a 10 MB capacity cell", CorpusCommand.Plan, ExitCodes.InputError, "tanks.csv:2:2: capacity must be a positive number")
        {
            Tanks = () => CorpusCase.Utf8(TanksHeader + "C001," + new string('9', 10 * 1024 * 1024) + "," + A + "\n"),
        },
        new("a header of a million cells", CorpusCommand.Plan, ExitCodes.InputError, "found 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x' and 999991 more")
        {
            Tanks = () => CorpusCase.Utf8(string.Concat(Enumerable.Repeat("x,", 1_000_000)) + "\n"),
        },
        new("binary garbage", CorpusCommand.Plan, ExitCodes.InputError, "tanks.csv:1: the file is not valid UTF-8")
        {
            Tanks = () => [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(((i * 7919) + 0x80) % 256))],
        },
        new("Latin-1 accents", CorpusCommand.Plan, ExitCodes.InputError, "tanks.csv:3: the file is not valid UTF-8 (byte 0xFF)")
        {
            Tanks = () => Encoding.Latin1.GetBytes(SpecExample.Tanks),
        },
        new("UTF-16", CorpusCommand.Plan, ExitCodes.InputError, "tanks.csv: the file is UTF-16")
        {
            Tanks = () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(SpecExample.Tanks)],
        },
        new("NUL bytes in the header", CorpusCommand.Plan, ExitCodes.InputError, "tanks.csv:1: missing required column")
        {
            Tanks = () => CorpusCase.Utf8("tank,capacity,wine\0\0\0\n" + TanksRows),
        },

        // formula.csv.
        Formula("empty formula file", string.Empty, "formula.csv: the file is empty"),
        Formula("formula header only", FormulaHeader, "formula.csv:1: the file has a header line but no wine"),
        Formula("missing percent column", "wine\n" + A + "\n", "formula.csv:1: missing required column 'percent'"),
        Formula("duplicate wine in the formula", FormulaHeader + A + ",20\n" + B + ",40\n" + A + ",40\n", "formula.csv:4:1: wine '" + A + "' appears twice (lines 2 and 4)"),
        Formula("empty wine in the formula", FormulaHeader + A + ",20\n,80\n", "formula.csv:3:1: wine is empty"),
        Formula("percentages that sum to 0", FormulaHeader + A + ",0\n" + B + ",0\n" + C + ",0\n", "formula.csv:2:2: percent must be a positive number, got '0'"),
        Formula("percentages that cancel out", FormulaHeader + A + ",40\n" + B + ",-40\n", "formula.csv:3:2: percent must be a positive number, got '-40'"),
        Formula("negative percent", FormulaHeader + A + ",20\n" + B + ",-40\n" + C + ",40\n", "formula.csv:3:2: percent must be a positive number, got '-40'"),
        Formula("non-numeric percent", FormulaHeader + A + ",a fifth\n", "formula.csv:2:2: percent must be a positive number, got 'a fifth'"),
        Formula("thousands separator in a percent", "wine;percent\n" + A + ";1.000,5\n", "formula.csv:2:2: percent must be a positive number, got '1.000,5': remove the thousands separators"),
        Formula("formula wine in no tank", FormulaHeader + A + ",20\nKrug Clos du Mesnil 2008,80\n", "formula.csv:3:1: wine 'Krug Clos du Mesnil 2008' fills no tank in"),
        Formula("unbalanced quote in the formula", FormulaHeader + "\"" + A + ",20\n" + B + ",80\n", "formula.csv:2: a quoted field is not closed on its line"),
        new("Latin-1 formula", CorpusCommand.Plan, ExitCodes.InputError, "formula.csv:3: the file is not valid UTF-8")
        {
            Formula = () => Encoding.Latin1.GetBytes(SpecExample.Formula),
        },

        // plan.csv (verify).
        Plan("empty plan file", string.Empty, ExitCodes.InputError, "plan.csv: the file is empty"),
        Plan("plan missing the role column", "step,transfer,tank,volume\n1,1,C001,1250\n", ExitCodes.InputError, "plan.csv:1: missing required column 'role'"),
        Plan("unknown role", PlanHeader + "1,1,C001,out,1250\n1,1,C004,to,1250\n", ExitCodes.InputError, "plan.csv:2:4: role must be 'from' or 'to', got 'out'"),
        Plan("step zero", PlanHeader + "0,1,C001,from,1250\n", ExitCodes.InputError, "plan.csv:2:1: step must be a whole number from 1 to 1000000, got '0'"),
        Plan("transfer number too large", PlanHeader + "1,99999999999,C001,from,1250\n", ExitCodes.InputError, "plan.csv:2:2: transfer must be a whole number from 1 to 1000000, got '99999999999'"),
        Plan("plan volume with decimals", PlanHeader + "1,1,C001,from,1250.5\n", ExitCodes.InputError, "plan.csv:2:5: volume '1250.5' has more decimals than the capacities of"),
        Plan("transfer in two steps", PlanHeader + "1,1,C001,from,1250\n2,1,C004,to,1250\n", ExitCodes.InputError, "plan.csv:3:1: transfer 1 is in step 2 here but in step 1 on line 2"),
        Plan("unknown tank in the plan", PlanHeader + "1,1,C001,from,1250\n1,1,C999,to,1250\n", ExitCodes.InvalidPlan, "breaks"),
        new("binary plan", CorpusCommand.Verify, ExitCodes.InputError, "plan.csv:1: the file is not valid UTF-8")
        {
            Plan = () => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xC3, 0x28, 0xFE, 0xFF],
        },

        // Valid inputs that spreadsheets and editors produce.
        Valid("CRLF line ends", SpecExample.Tanks.Replace("\n", "\r\n", StringComparison.Ordinal), SpecExample.Formula.Replace("\n", "\r\n", StringComparison.Ordinal)),
        new("UTF-8 BOM", CorpusCommand.Plan, ExitCodes.Success, "Wrote")
        {
            Tanks = () => [0xEF, 0xBB, 0xBF, .. CorpusCase.Utf8(SpecExample.Tanks)],
            Formula = () => [0xEF, 0xBB, 0xBF, .. CorpusCase.Utf8(SpecExample.Formula)],
        },
        Valid("trailing delimiter", SpecExample.Tanks.Replace("\n", ",\n", StringComparison.Ordinal), SpecExample.Formula.Replace("\n", ",\n", StringComparison.Ordinal)),
        Valid("semicolons, decimal commas and a percent sign", "sep=;\ntank;capacity;wine\n" + TanksRows.Replace(',', ';'), "wine;percent\n" + A + ";20,0 %\n" + B + ";40\n" + C + ";40\n"),
        Valid("no final line end and blank lines", "\n" + SpecExample.Tanks.TrimEnd('\n').Replace("\nC004", "\n\n \nC004", StringComparison.Ordinal), SpecExample.Formula.TrimEnd('\n')),
        Valid("quoted fields with spaces", TanksHeader + TanksRows.Replace("C001,1250," + A, "\" C001 \",\" 1250 \",\" " + A + " \"", StringComparison.Ordinal), SpecExample.Formula),
        new("100,000 tanks", CorpusCommand.Plan, ExitCodes.Feasible, "Wrote")
        {
            IsSlow = true,
            Tanks = () => CorpusCase.Utf8(HundredThousandTanks()),
            Formula = () => CorpusCase.Utf8(FormulaHeader + string.Concat(Enumerable.Range(0, 100).Select(w => $"{HundredThousandWine(w)},1\n"))),
        },

        // Outputs that must not be written.
        new("--out is the tanks file", CorpusCommand.Plan, ExitCodes.OutputError, "tanks.csv: refusing to write over an input file")
        {
            Outputs = (input, _) => ["--out", Path.Combine(input, "tanks.csv")],
        },
        new("--report is the formula file", CorpusCommand.Plan, ExitCodes.OutputError, "formula.csv: refusing to write over an input file")
        {
            // The plan is not written either: a run writes all its outputs or none.
            Outputs = (input, output) => ["--out", Path.Combine(output, "plan.csv"), "--report", Path.Combine(input, "formula.csv")],
        },
        new("--out is a link to the tanks file", CorpusCommand.Plan, ExitCodes.OutputError, "refusing to write over an input file")
        {
            Outputs = (input, output) =>
            {
                var link = Path.Combine(output, "link.csv");
                File.CreateSymbolicLink(link, Path.Combine(input, "tanks.csv"));
                return ["--out", link];
            },
        },
        new("--out in a missing folder", CorpusCommand.Plan, ExitCodes.OutputError, "does not exist")
        {
            Outputs = (_, output) => ["--out", Path.Combine(output, "no-such-folder", "plan.csv")],
        },

        // Issue "the command line never crashes and never harms the machine". Option values: every
        // one used to crash with a stack trace (exit 134) or depend on the locale.
        Option("--time-limit with a unit", ["--time-limit", "1m"], "error: --time-limit must be a plain number such as 60 or 0.5"),
        Option("--time-limit with a decimal comma", ["--time-limit", "1,5"], "error: --time-limit must use '.' for the decimals, whatever the language (1.5, not 1,5), got '1,5'."),
        Option("non-numeric --workers", ["--workers", "x"], "error: --workers must be a whole number such as 4"),
        Option("fractional --workers", ["--workers", "1.5"], "error: --workers must be a whole number such as 4, got '1.5'."),
        Option("non-numeric --min-volume", ["--min-volume", "abc"], "error: --min-volume must be a plain number"),
        Option("--max-volume with an exponent", ["--max-volume", "1e3"], "error: --max-volume must be a plain number"),
        Option("non-numeric --tolerance", ["--tolerance", "abc"], "error: --tolerance must be a plain number"),
        Option("NaN --tolerance", ["--tolerance", "NaN"], "error: --tolerance must be a plain number"),
        Option("infinite --min-volume", ["--min-volume", "Infinity"], "error: --min-volume must be a plain number"),
        Option("--min-volume with a thousands separator", ["--min-volume", "1,250.5"], "error: --min-volume must be written without thousands separators"),
        Option("non-numeric --max-steps", ["--max-steps", "x"], "error: --max-steps must be a whole number"),
        Option("non-numeric --accuracy-slack", ["--accuracy-slack", "x"], "error: --accuracy-slack must be a plain number"),
        Option("non-numeric --max-waste", ["--allow-waste", "--max-waste", "x"], "error: --max-waste must be a plain number"),
        Option("huge --seed", ["--seed", "99999999999"], "error: --seed must be a whole number such as 4, got '99999999999'."),
        new("verify --max-waste with a decimal comma", CorpusCommand.Verify, ExitCodes.UsageError, "error: --max-waste must use '.' for the decimals")
        {
            Options = ["--allow-waste", "--max-waste", "1,5"],
        },

        // Inputs that are not regular files, or far too large: refused before reading, never blocking.
        new("tanks.csv is /dev/zero", CorpusCommand.Plan, ExitCodes.InputError, "/dev/zero: is a device, not a regular file; krug-blend reads only regular files")
        {
            TanksPath = _ => "/dev/zero",
            SkipReason = SpecialFiles.NoUnixFiles,
        },
        new("tanks.csv is a FIFO with no writer", CorpusCommand.Plan, ExitCodes.InputError, "tanks.fifo: is a FIFO (named pipe), not a regular file")
        {
            TanksPath = input => SpecialFiles.Fifo(Path.Combine(input, "tanks.fifo")),
            SkipReason = SpecialFiles.NoUnixFiles,
        },
        new("tanks.csv is a folder", CorpusCommand.Plan, ExitCodes.InputError, "in: is a folder, not a file; give the path of a CSV file")
        {
            TanksPath = input => input,
        },
        new("a 1.5 GB tanks.csv", CorpusCommand.Plan, ExitCodes.InputError, "huge.csv: the file is larger than 32 MiB, the most krug-blend reads from an input file")
        {
            // Sparse: 1.5 GB of zeros that take no disk space; the test itself never reads it.
            TanksPath = input => SpecialFiles.Sparse(Path.Combine(input, "huge.csv"), 1536L * 1024 * 1024),
        },
        new("plan.csv is /dev/zero", CorpusCommand.Verify, ExitCodes.InputError, "/dev/zero: is a device, not a regular file")
        {
            PlanPath = _ => "/dev/zero",
            SkipReason = SpecialFiles.NoUnixFiles,
        },

        // Numbers that overflowed the verifier's checked arithmetic (exit 70 and a stack trace).
        Plan("step 2147483647", PlanHeader + "2147483647,1,C001,from,1250\n2147483647,1,C004,to,1250\n", ExitCodes.InputError,
            "plan.csv:2:1: step must be a whole number from 1 to 1000000, got '2147483647'"),
        Plan("transfer 2147483647", PlanHeader + "1,2147483647,C001,from,1250\n1,2147483647,C004,to,1250\n", ExitCodes.InputError,
            "plan.csv:2:2: transfer must be a whole number from 1 to 1000000, got '2147483647'"),
        Plan("transfer one past the limit", PlanHeader + "1,1000001,C001,from,1250\n", ExitCodes.InputError,
            "plan.csv:2:2: transfer must be a whole number from 1 to 1000000, got '1000001'"),

        // Output targets that must never be replaced, and outputs that can never be written: refused before planning.
        new("--out is /dev/null", CorpusCommand.Plan, ExitCodes.OutputError, "/dev/null: is a device; krug-blend writes only regular files")
        {
            Outputs = (_, _) => ["--out", "/dev/null"],
            SkipReason = SpecialFiles.NoUnixFiles,
            Then = (_, _, _) => FileKinds.Of("/dev/null").Should().Be(FileKind.Device),
        },
        new("--out is a link to /dev/null", CorpusCommand.Plan, ExitCodes.OutputError, "null-link.csv: is a device")
        {
            Outputs = (input, _) =>
            {
                File.CreateSymbolicLink(Path.Combine(input, "null-link.csv"), "/dev/null");
                return ["--out", Path.Combine(input, "null-link.csv")];
            },
            SkipReason = SpecialFiles.NoUnixFiles,
            Then = (input, _, _) => new FileInfo(Path.Combine(input, "null-link.csv")).LinkTarget.Should().Be("/dev/null"),
        },
        new("--report is a FIFO", CorpusCommand.Plan, ExitCodes.OutputError, "report.fifo: is a FIFO (named pipe); krug-blend writes only regular files")
        {
            // The FIFO sits in the input folder, which the snapshot of the output folder does not read.
            Outputs = (input, output) => ["--out", Path.Combine(output, "plan.csv"), "--report", SpecialFiles.Fifo(Path.Combine(input, "report.fifo"))],
            SkipReason = SpecialFiles.NoUnixFiles,
            Then = (input, _, _) => FileKinds.Of(Path.Combine(input, "report.fifo")).Should().Be(FileKind.Fifo),
        },
        new("--diagram is a FIFO", CorpusCommand.Plan, ExitCodes.OutputError, "plan.mmd: is a FIFO (named pipe)")
        {
            Outputs = (input, output) => ["--out", Path.Combine(output, "plan.csv"), "--diagram", SpecialFiles.Fifo(Path.Combine(input, "plan.mmd"))],
            SkipReason = SpecialFiles.NoUnixFiles,
            Then = (input, _, _) => FileKinds.Of(Path.Combine(input, "plan.mmd")).Should().Be(FileKind.Fifo),
        },
        new("--out is a folder", CorpusCommand.Plan, ExitCodes.OutputError, "out: is a folder, not a file")
        {
            Outputs = (_, output) => ["--out", output],
        },
        new("--out is an input reached through a linked folder", CorpusCommand.Plan, ExitCodes.OutputError, "tanks.csv: refusing to write over an input file")
        {
            Outputs = (input, _) =>
            {
                var link = Path.Combine(Path.GetDirectoryName(input)!, "linked-in");
                Directory.CreateSymbolicLink(link, input);
                return ["--out", Path.Combine(link, "tanks.csv")];
            },
            SkipReason = SpecialFiles.NoUnixFiles,
        },
        new("--out in a read-only folder", CorpusCommand.Plan, ExitCodes.OutputError, "plan.csv: cannot create a file in the folder")
        {
            Outputs = (input, _) => ["--out", Path.Combine(SpecialFiles.ReadOnlyFolder(Path.Combine(Path.GetDirectoryName(input)!, "read-only")), "plan.csv")],
            SkipReason = SpecialFiles.NoReadOnlyFolders,
        },

        // A run killed while writing (SIGKILL) leaves its temporary file; the next write of the same file removes it.
        new("a temporary file left by a killed run", CorpusCommand.Plan, ExitCodes.Success, "Wrote")
        {
            Outputs = (_, output) =>
            {
                // No process has the largest process id, so its file is abandoned.
                File.WriteAllText(Path.Combine(output, ".plan.csv.krug-blend-2147483647-deadbeef.tmp"), string.Empty);
                return ["--out", Path.Combine(output, "plan.csv"), "--report", Path.Combine(output, "report.csv")];
            },
        },

        // Names a spreadsheet would run as formulas, and names that drive a terminal.
        new("names that start like spreadsheet formulas", CorpusCommand.Plan, ExitCodes.Success, "Wrote")
        {
            Tanks = () => CorpusCase.Utf8("tank,capacity,wine\n=T1,1250,@A\n+T2,2500,-B\n-T3,3750,=C\nT4,1875,\nT5,1875,\nT6,4375,\n"),
            Formula = () => CorpusCase.Utf8("wine,percent\n@A,20\n-B,40\n=C,40\n"),
            Then = (_, output, _) =>
            {
                var cells = File.ReadAllLines(Path.Combine(output, "plan.csv")).Concat(File.ReadAllLines(Path.Combine(output, "report.csv")))
                    .SelectMany(line => line.Split(','));
                cells.Where(c => c.Length > 0 && "=+@".Contains(c[0], StringComparison.Ordinal)).Should().BeEmpty("names are written as text ('=T1)");
                cells.Should().Contain(["'=T1", "'@A", "'-B", "'=C"]);
            },
        },
        new("names with terminal escape codes", CorpusCommand.Plan, ExitCodes.Success, "Wrote")
        {
            Tanks = () => CorpusCase.Utf8("tank,capacity,wine\nC001,1250,A\u001b[2J\u001b]0;pwned\u0007\nC\u001b[8m2,2500,B\nC003,3750,C\nC004,1875,\nC005,1875,\nC006,4375,\n"),
            Formula = () => CorpusCase.Utf8("wine,percent\nA\u001b[2J\u001b]0;pwned\u0007,20\nB,40\nC,40\n"),
            // With --format the work order and the report are printed as well as written.
            Options = ["--work-limit", "0.5", "--time-limit", "300", "--workers", "1", "--format", "table"],
            Then = (_, _, result) =>
            {
                (result.Out + result.Error).Should().NotContainAny(["\u001b", "\u0007"], "control characters in names are shown escaped");
                result.Out.Should().Contain("A\\x1B[2J\\x1B]0;pwned\\x07").And.Contain("C\\x1B[8m2");
            },
        },
        Formula("a formula wine with a C1 control character", FormulaHeader + A + ",20\n" + B + ",40\n" + C + ",40\nD\u009b31m,1\n",
            "formula.csv:5:1: wine 'D\\x9B31m' fills no tank"),
        Option("--exclude-tank with terminal escape codes", ["--exclude-tank", "X\u001b[31m"], "--exclude-tank: X\\x1B[31m not in"),
    ];

    /// <summary>A usage error of plan, with <paramref name="options"/> replacing the default options they name.</summary>
    private static CorpusCase Option(string name, string[] options, string message)
    {
        string[] defaults = ["--work-limit", "0.5", "--time-limit", "300", "--workers", "1"];
        var kept = defaults.Chunk(2).Where(pair => !options.Contains(pair[0], StringComparer.Ordinal)).SelectMany(pair => pair);
        return new(name, CorpusCommand.Plan, ExitCodes.UsageError, message) { Options = [.. kept, .. options] };
    }

    /// <summary>100 wines in 400 full tanks and 99,600 empty ones, in a few sizes.</summary>
    public static string HundredThousandTanks()
    {
        var text = new StringBuilder(TanksHeader, 2_000_000);
        int[] sizes = [50, 100, 150, 200, 250, 300];
        for (var i = 0; i < 100_000; i++)
        {
            var wine = i < 400 ? HundredThousandWine(i % 100) : string.Empty;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"T{i:000000},{sizes[i * 7 % sizes.Length]},{wine}\n");
        }

        return text.ToString();
    }

    private static string HundredThousandWine(int index) => A + " " + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static CorpusCase Tanks(string name, string tanks, int exitCode, string message) =>
        new(name, CorpusCommand.Plan, exitCode, message) { Tanks = () => CorpusCase.Utf8(tanks) };

    private static CorpusCase Capacity(string name, string capacity, string message) =>
        Tanks(name, SpecExample.Tanks.Replace("C004,1875,", "C004," + capacity + ",", StringComparison.Ordinal), ExitCodes.InputError, message);

    private static CorpusCase Formula(string name, string formula, string message) =>
        new(name, CorpusCommand.Plan, ExitCodes.InputError, message) { Formula = () => CorpusCase.Utf8(formula) };

    private static CorpusCase Plan(string name, string plan, int exitCode, string message) =>
        new(name, CorpusCommand.Verify, exitCode, message) { Plan = () => CorpusCase.Utf8(plan) };

    private static CorpusCase Valid(string name, string tanks, string formula) =>
        new(name, CorpusCommand.Plan, ExitCodes.Success, "Wrote")
        {
            Tanks = () => CorpusCase.Utf8(tanks),
            Formula = () => CorpusCase.Utf8(formula),
        };
}
