using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks;

/// <summary>A benchmark case: a seeded cellar and formula.</summary>
internal sealed record BenchmarkCase(string Name, Cellar Cellar, Formula Formula);

/// <summary>
/// Seeded cellars like a champagne house's: hL tanks of the usual sizes, each wine in one or more
/// tanks, and a formula drawn around what the cellar holds (a cellar master does not ask for more of
/// a wine than exists), with some wines much rarer in the blend than in the cellar.
/// </summary>
internal static class CellarGenerator
{
    /// <summary>The usual tank sizes of a champagne house, in hL; the suite's generators draw from them too.</summary>
    internal static readonly long[] Sizes = [25, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 300, 400, 500];

    /// <param name="name">Case name for the table.</param>
    /// <param name="wines">Distinct wines.</param>
    /// <param name="fullTanks">Full tanks (at least <paramref name="wines"/>; extra tanks repeat wines).</param>
    /// <param name="emptyTanks">Empty tanks.</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="smallSizes">Use capacities 2..12 (the random small cellars) instead of hL sizes.</param>
    public static BenchmarkCase Generate(string name, int wines, int fullTanks, int emptyTanks, int seed, bool smallSizes = false)
    {
        var random = new Random(seed);
        long Size() => smallSizes ? random.Next(2, 13) : Sizes[random.Next(Sizes.Length)];

        var tanks = new List<Tank>();
        var volumeOf = new long[wines];
        for (var i = 0; i < fullTanks; i++)
        {
            var wine = i < wines ? i : random.Next(wines);
            var capacity = Size();
            volumeOf[wine] += capacity;
            tanks.Add(new Tank($"T{tanks.Count + 1:000}", capacity, WineName(wine)));
        }

        for (var i = 0; i < emptyTanks; i++)
        {
            tanks.Add(new Tank($"T{tanks.Count + 1:000}", Size(), null));
        }

        // Shuffle ids so that full and empty tanks interleave as in a real cellar.
        var shuffled = tanks.OrderBy(_ => random.Next()).Select((t, i) => t with { Id = $"T{i + 1:000}" }).ToList();

        var lines = new List<FormulaLine>();
        for (var w = 0; w < wines; w++)
        {
            // Most wines are asked for in proportion to stock (60–100 %), one in five much less.
            var factor = random.NextDouble() < 0.2 ? 0.1 + 0.3 * random.NextDouble() : 0.6 + 0.4 * random.NextDouble();
            var percent = Math.Round((decimal)(volumeOf[w] * factor), 2);
            lines.Add(new FormulaLine(WineName(w), Math.Max(0.01m, percent)));
        }

        var total = lines.Sum(l => l.Percent);
        var normalised = lines.Select(l => l with { Percent = Math.Max(0.0001m, Math.Round(l.Percent * 100m / total, 4)) });
        return new BenchmarkCase(name, new Cellar(shuffled, VolumeUnit.Hectolitres), new Formula(normalised));
    }

    private static string WineName(int index) => $"W{index + 1:000}";
}
