using System.Globalization;

namespace Krug.Blending.Benchmarks;

/// <summary>Writes a case as the tanks.csv and formula.csv that <c>krug-blend plan</c> reads (docs/csv-formats.md).</summary>
internal static class CaseExport
{
    /// <summary>Writes <paramref name="benchmark"/> under <paramref name="root"/>/its name (a suite name makes nested folders) and returns the folder.</summary>
    public static string Write(string root, BenchmarkCase benchmark)
    {
        var inv = CultureInfo.InvariantCulture;
        var folder = Path.Combine(root, benchmark.Name);
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "tanks.csv"), ["tank,capacity,wine", .. benchmark.Cellar.Tanks.Select(t => string.Create(inv, $"{t.Id},{t.Capacity},{Field(t.Content)}"))]);
        File.WriteAllLines(Path.Combine(folder, "formula.csv"), ["wine,percent", .. benchmark.Formula.Lines.Select(l => string.Create(inv, $"{Field(l.Wine)},{l.Percent}"))]);
        return folder;
    }

    // Generated names have no comma or quote today; quoting them if they ever do keeps the files readable.
    private static string Field(string? text) =>
        text is not null && text.AsSpan().IndexOfAny(",\"") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text ?? string.Empty;
}
