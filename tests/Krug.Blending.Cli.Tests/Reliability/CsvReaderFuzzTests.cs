using System.Globalization;
using System.Text;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// A bounded mutation fuzzer over the CSV readers: the sample files with flipped bytes, cut ends,
/// repeated or lost lines, stray delimiters and quotes, odd numbers and broken UTF-8. Whatever the
/// bytes, a reader returns a value or located input errors; no exception escapes. The seed and the
/// number of inputs are fixed, never the time spent, so that a run is the same on any machine and a
/// failure replays; set KRUG_FUZZ_SEED and KRUG_FUZZ_ITERATIONS to explore other and more inputs.
/// </summary>
public sealed class CsvReaderFuzzTests
{
    private const int DefaultIterations = 1000;

    private static readonly string[] Oddities =
    [
        ",", ";", "\t", "\"", "\"\"", "\r", "\n", "\r\n", " ", "%", "-", "+", ".", "é", "Œ", "\u00A0", "\u202F", "'",
        "0", "-0", "1e9", "0.001", ".5", "5.", "1,250.5", "1.250,5", "99999999999999999999999999999", "2147483648", "sep=;\n",
    ];

    private static readonly byte[][] BadBytes = [[0x80], [0xC3], [0xFF, 0xFE], [0xEF, 0xBB, 0xBF], [0x00], [0xE2, 0x82]];

    [Fact]
    public void NoMutatedInputMakesAReaderThrow()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KRUG_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20240606;
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("KRUG_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultIterations;
        var random = new Random(seed);
        var samples = Samples();
        var accepted = 0;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var sample = samples[iteration % samples.Count];
            // Kind 3 mutates lots.csv, for the samples that have one (the others mutate tanks.csv instead).
            var kind = iteration / samples.Count % 4;
            kind = kind == 3 && sample.Lots is null ? 0 : kind;
            var original = kind switch { 0 => sample.Tanks, 1 => sample.Formula, 2 => sample.Plan, _ => sample.Lots! };
            var mutated = Mutate(original, random);
            try
            {
                accepted += Read(sample, kind, mutated) ? 1 : 0;
            }
#pragma warning disable CA1031 // Any exception is the finding; report it with the input that caused it.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                throw new Xunit.Sdk.XunitException(
                    $"Seed {seed}, iteration {iteration}: reading a mutated {kind switch { 0 => "tanks", 1 => "formula", 2 => "plan", _ => "lots" }} file of {sample.Name} threw:\n{exception}\n" +
                    $"--- input ({mutated.Length} bytes) ---\n{Encoding.UTF8.GetString(mutated[..Math.Min(mutated.Length, 2000)])}");
            }
        }

        accepted.Should().BePositive("some mutations (a doubled blank line, a changed percentage) leave a readable file");
    }

    [Fact]
    public async Task MutatedFilesOnDiskGiveADocumentedExitCodeAndNoStackTrace()
    {
        var random = new Random(7);
        var sample = Samples()[0];
        using var folder = new TempFolder();
        for (var i = 0; i < 30; i++)
        {
            folder.WriteBytes("tanks.csv", i % 3 == 0 ? Mutate(sample.Tanks, random) : sample.Tanks);
            folder.WriteBytes("formula.csv", i % 3 == 1 ? Mutate(sample.Formula, random) : sample.Formula);
            folder.WriteBytes("plan.csv", i % 3 == 2 ? Mutate(sample.Plan, random) : sample.Plan);

            var loaded = CellarInput.Load(folder.PathOf("tanks.csv"), folder.PathOf("formula.csv"), null, null, "hL");
            var result = await CliRun.VerifyAsync(folder);

            result.ExitCode.Should().BeOneOf([ExitCodes.Success, ExitCodes.InputError, ExitCodes.InvalidPlan], result.ToString());
            result.Error.Should().NotContain("   at ", result.ToString());
            if (!loaded.IsSuccess)
            {
                result.ExitCode.Should().Be(ExitCodes.InputError);
                loaded.Errors.Should().AllSatisfy(e => e.File.Should().BeOneOf(folder.PathOf("tanks.csv"), folder.PathOf("formula.csv")));
            }
        }
    }

    /// <summary>Reads <paramref name="bytes"/> as the <paramref name="kind"/> of file; returns whether it was accepted.</summary>
    private static bool Read(Sample sample, int kind, byte[] bytes)
    {
        const string File = "fuzz.csv";
        var header = kind switch { 0 => TanksCsv.Header, 1 => FormulaCsv.Header, 2 => PlanCsv.Header, _ => LotsCsv.Header };
        // CR alone ends a line too (old Mac files), as in the reader and in editors.
        var lines = 1 + bytes.Where((b, i) => b == (byte)'\n' || (b == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n'))).Count();
        var table = CsvTable.Parse(File, bytes, null, header);
        if (table.Value is null)
        {
            ShouldBeLocated(table.Errors, lines);
            return false;
        }

        switch (kind)
        {
            case 0:
                var cellar = TanksCsv.Read(table.Value, "hL", sample.Lots is null ? null : LotsCsv.Read(CsvTable.Parse("lots.csv", sample.Lots, null, LotsCsv.Header).Value!));
                ShouldBeLocated(cellar.Errors, lines);
                if (cellar.Value is { } readCellar)
                {
                    // A changed cellar may not fit the sample's plan: the verifier must say so, not throw.
                    _ = PlanVerifier.Verify(new BlendRequest(readCellar, sample.FormulaValue), sample.PlanValue);
                }

                return cellar.IsSuccess;
            case 1:
                var formula = FormulaCsv.Read(table.Value);
                ShouldBeLocated(formula.Errors, lines);
                return formula.IsSuccess;
            case 3:
                var lots = LotsCsv.Read(table.Value);
                ShouldBeLocated(lots.Errors, lines);
                if (lots.IsSuccess)
                {
                    // The sample's tanks against the mutated lots: a clash or an unknown lot is located, never thrown.
                    var withTanks = TanksCsv.Read(CsvTable.Parse("tanks.csv", sample.Tanks, null, TanksCsv.Header).Value!, "hL", lots);
                    foreach (var error in withTanks.Errors)
                    {
                        error.Line.Should().NotBeNull(error.ToString());
                    }
                }

                return lots.IsSuccess;
            default:
                var plan = PlanCsv.Read(table.Value, sample.Cellar.Unit, "tanks.csv");
                ShouldBeLocated(plan.Errors, lines);
                if (plan.Value is { } readPlan)
                {
                    _ = PlanVerifier.Verify(new BlendRequest(sample.Cellar, sample.FormulaValue) { AllowWaste = true }, readPlan);
                }

                return plan.IsSuccess;
        }
    }

    private static void ShouldBeLocated(IEnumerable<InputError> errors, int lines)
    {
        foreach (var error in errors)
        {
            error.Message.Should().NotBeNullOrWhiteSpace();
            error.Line.Should().Match(l => l == null || (l >= 1 && l <= lines), error.ToString());
            error.Column.Should().Match(c => c == null || c >= 1, error.ToString());
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var count = random.Next(1, 5);
        for (var m = 0; m < count; m++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Oddities[random.Next(Oddities.Length)]));
                    break;
                case 3:
                    bytes.InsertRange(at, BadBytes[random.Next(BadBytes.Length)]);
                    break;
                case 4:
                    var (start, end) = LineAround(bytes, at);
                    bytes.InsertRange(start, bytes.GetRange(start, end - start));
                    break;
                case 5:
                    (start, end) = LineAround(bytes, at);
                    bytes.RemoveRange(start, end - start);
                    break;
                case 6:
                    // A different delimiter or quote everywhere in one line.
                    (start, end) = LineAround(bytes, at);
                    var from = (byte)",;\t\""[random.Next(4)];
                    var to = (byte)",;\t\" "[random.Next(5)];
                    for (var i = start; i < end; i++)
                    {
                        bytes[i] = bytes[i] == from ? to : bytes[i];
                    }

                    break;
                default:
                    // A run of digits replaced by an odd number.
                    var digit = bytes.FindIndex(Math.Min(at, bytes.Count), b => b is >= (byte)'0' and <= (byte)'9');
                    if (digit >= 0)
                    {
                        var stop = digit;
                        while (stop < bytes.Count && bytes[stop] is >= (byte)'0' and <= (byte)'9')
                        {
                            stop++;
                        }

                        bytes.RemoveRange(digit, stop - digit);
                        bytes.InsertRange(digit, Encoding.UTF8.GetBytes(Oddities[random.Next(18, Oddities.Length)]));
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>The line holding <paramref name="at"/>, its line end included.</summary>
    private static (int Start, int End) LineAround(List<byte> bytes, int at)
    {
        if (bytes.Count == 0)
        {
            return (0, 0);
        }

        at = Math.Min(at, bytes.Count - 1);
        var start = bytes.LastIndexOf((byte)'\n', at) + 1;
        if (start > at)
        {
            start = at;
        }

        var end = bytes.IndexOf((byte)'\n', at);
        return (start, end < 0 ? bytes.Count : end + 1);
    }

    private static List<Sample> Samples()
    {
        var root = Path.Combine(RepositoryRoot.Find(), "samples");
        return [.. Directory.GetDirectories(root).Order(StringComparer.Ordinal).Select(folder =>
        {
            var tanks = File.ReadAllBytes(Path.Combine(folder, "tanks.csv"));
            var formula = File.ReadAllBytes(Path.Combine(folder, "formula.csv"));
            var plan = File.ReadAllBytes(Path.Combine(folder, "plan.csv"));
            var lotsPath = Path.Combine(folder, "lots.csv");
            var lots = File.Exists(lotsPath) ? File.ReadAllBytes(lotsPath) : null;
            var input = CellarInput.Load(Path.Combine(folder, "tanks.csv"), Path.Combine(folder, "formula.csv"), lots is null ? null : lotsPath, null, "hL").Value
                ?? throw new InvalidOperationException($"The sample {folder} does not read.");
            var readPlan = PlanCsv.Load(Path.Combine(folder, "plan.csv"), null, input.Cellar.Unit, "tanks.csv").Value
                ?? throw new InvalidOperationException($"The plan of {folder} does not read.");
            return new Sample(Path.GetFileName(folder), tanks, formula, plan, input.Cellar, input.Formula, readPlan) { Lots = lots };
        })];
    }

    private sealed record Sample(string Name, byte[] Tanks, byte[] Formula, byte[] Plan, Cellar Cellar, Formula FormulaValue, Plan PlanValue)
    {
        /// <summary>The sample's lots.csv, when it has one.</summary>
        public byte[]? Lots { get; init; }
    }
}
