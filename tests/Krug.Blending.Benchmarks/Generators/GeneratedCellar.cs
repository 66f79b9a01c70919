using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks.Generators;

/// <summary>What every suite generator does the same way: tank sizes, tank ids and formula rounding.</summary>
internal static class GeneratedCellar
{
    /// <summary>A tank size drawn uniformly from the usual sizes (25 … 500 hL).</summary>
    public static long AnySize(Random random) => CellarGenerator.Sizes[random.Next(CellarGenerator.Sizes.Length)];

    /// <summary>
    /// Shuffles the tanks and numbers them <c>T001</c>, <c>T002</c>, … (wider when there are more
    /// than 999), so that full and empty tanks interleave as in a real cellar and an id says nothing
    /// about the wine.
    /// </summary>
    public static Cellar Build(List<(long Capacity, string? Wine)> tanks, Random random)
    {
        var shuffled = tanks.ToArray();
        random.Shuffle(shuffled);
        var width = Math.Max(3, shuffled.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var format = "T{0:" + new string('0', width) + "}";
        return new Cellar(
            shuffled.Select((t, i) => new Tank(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, i + 1), t.Capacity, t.Wine)),
            VolumeUnit.Hectolitres);
    }

    /// <summary>
    /// The formula as a cellar master writes it: percentages with four decimals summing to about
    /// 100, none below 0.0001 (the formula keeps its weights positive).
    /// </summary>
    public static Formula Normalise(IReadOnlyList<(string Wine, double Weight)> weights)
    {
        var total = weights.Sum(w => (decimal)w.Weight);
        return new Formula(weights.Select(w => new FormulaLine(w.Wine, Math.Max(0.0001m, Math.Round((decimal)w.Weight * 100m / total, 4)))));
    }
}
