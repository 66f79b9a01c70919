using System.Globalization;
using System.Text;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Support;

/// <summary>
/// A cellar of <c>samples/</c>, read without the CLI. The reader is deliberately strict (exact headers, <c>,</c>,
/// <c>\n</c>, UTF-8 without BOM, no quoting): it is the shape the samples promise, not what the CLI tolerates.
/// A sample with a <c>lots.csv</c> has the <c>tank,capacity,wine,lot</c> header in its tanks.csv.
/// </summary>
public sealed record SampleCellar(string Name, Cellar Cellar, Formula Formula, IReadOnlyList<PlanRow> Rows)
{
    public Plan Plan => Plan.FromRows(Rows);

    /// <summary>Whether the sample's plan is meant to leave a mixture behind (its expected/options.txt allows leftover blends).</summary>
    public bool AllowsLeftoverBlends { get; init; }

    /// <summary>The request the sample's plan answers: any volume, leftover blends only where the sample allows them.</summary>
    public BlendRequest Request => new(Cellar, Formula) { AllowLeftoverBlends = AllowsLeftoverBlends };

    /// <summary>The folder holding the samples, found by walking up from the test binaries to the solution.</summary>
    public static string SamplesDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Krug.Blending.sln")))
            {
                return Path.Combine(directory.FullName, "samples");
            }
        }

        throw new InvalidOperationException("Krug.Blending.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The names of every sample folder that has a <c>tanks.csv</c>, ordered ordinally.</summary>
    public static IReadOnlyList<string> Names() =>
    [
        .. Directory.EnumerateDirectories(SamplesDirectory())
            .Where(d => File.Exists(Path.Combine(d, "tanks.csv")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!,
    ];

    public static SampleCellar Load(string name)
    {
        var folder = Path.Combine(SamplesDirectory(), name);

        var lotsPath = Path.Combine(folder, "lots.csv");
        var lots = File.Exists(lotsPath)
            ? Lines(lotsPath, "lot,wine,percent")
                .GroupBy(l => l[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new Lot(g.Key, g.Select(l => new LotLine(l[1], decimal.Parse(l[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)))), StringComparer.Ordinal)
            : null;
        var tankLines = Lines(Path.Combine(folder, "tanks.csv"), lots is null ? "tank,capacity,wine" : "tank,capacity,wine,lot");
        var decimals = tankLines.Max(l => Decimals(l[1]));
        var unit = new VolumeUnit("hL", decimals);
        var cellar = new Cellar(
            tankLines.Select(l => lots is not null && l[3].Length > 0
                ? Tank.OfLot(l[0], Volume(unit, l[1]), lots[l[3]])
                : new Tank(l[0], Volume(unit, l[1]), l[2].Length == 0 ? null : l[2])),
            unit);

        var formula = new Formula(Lines(Path.Combine(folder, "formula.csv"), "wine,percent")
            .Select(l => new FormulaLine(l[0], decimal.Parse(l[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture))));

        var rows = Lines(Path.Combine(folder, "plan.csv"), "step,transfer,tank,role,volume")
            .Select(l => new PlanRow(
                int.Parse(l[0], NumberStyles.None, CultureInfo.InvariantCulture),
                int.Parse(l[1], NumberStyles.None, CultureInfo.InvariantCulture),
                l[2],
                l[3] switch
                {
                    "from" => TransferRole.From,
                    "to" => TransferRole.To,
                    _ => throw new FormatException($"{name}/plan.csv: role '{l[3]}'"),
                },
                Volume(unit, l[4])))
            .ToList();

        var options = Path.Combine(folder, "expected", "options.txt");
        var leftovers = File.Exists(options) && File.ReadAllText(options).Contains("--allow-leftover-blends", StringComparison.Ordinal);
        return new SampleCellar(name, cellar, formula, rows) { AllowsLeftoverBlends = leftovers };
    }

    /// <summary>The raw text of a sample file, for checks on its encoding and layout.</summary>
    public static byte[] Bytes(string name, string file) => File.ReadAllBytes(Path.Combine(SamplesDirectory(), name, file));

    private static List<string[]> Lines(string path, string header)
    {
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        var lines = text.Split('\n');
        if (lines[0] != header)
        {
            throw new FormatException($"{path}: header '{lines[0]}', expected '{header}'");
        }

        var width = header.Split(',').Length;
        var records = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var bad = records.FirstOrDefault(r => r.Length != width);
        return bad is null ? records : throw new FormatException($"{path}: '{string.Join(',', bad)}' has {bad.Length} fields");
    }

    private static int Decimals(string number) => number.Contains('.', StringComparison.Ordinal) ? number.Length - number.IndexOf('.', StringComparison.Ordinal) - 1 : 0;

    private static long Volume(VolumeUnit unit, string text) =>
        unit.TryFromDecimal(decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), out var volume)
            ? volume
            : throw new FormatException($"'{text}' has more decimals than the cellar's unit");
}
