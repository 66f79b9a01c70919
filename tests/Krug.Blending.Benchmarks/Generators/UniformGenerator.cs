using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks.Generators;

/// <summary>
/// Today's tank layout (one tank per wine, extra tanks repeating random wines, the size's nominal
/// counts) with a formula that ignores the stock: every wine gets a weight drawn from 0.8–1.2.
/// The tanks are drawn in the same order as <see cref="AroundStockGenerator"/>'s, so a seed gives
/// the same stock (ids shuffled differently) and the pair isolates the effect of the formula.
/// Unlike <see cref="AroundStockGenerator"/>, the smallest stock (usually a 25 hL tank) caps the
/// blend, so the blend is a small part of the wine and nearly every wine must give a small piece of
/// a large tank: plenty of empty room, but the empty sizes decide how close the pieces can get.
/// </summary>
internal sealed class UniformGenerator : ICaseGenerator
{
    public string Name => "uniform";

    public (Cellar Cellar, Formula Formula) Generate(SuiteSize size, int seed)
    {
        var random = new Random(seed);
        var tanks = new List<(long Capacity, string? Wine)>();
        for (var i = 0; i < size.FullTanks; i++)
        {
            var wine = i < size.Wines ? i : random.Next(size.Wines);
            tanks.Add((GeneratedCellar.AnySize(random), WineName(wine)));
        }

        for (var i = 0; i < size.EmptyTanks; i++)
        {
            tanks.Add((GeneratedCellar.AnySize(random), null));
        }

        var weights = Enumerable.Range(0, size.Wines).Select(w => (WineName(w), 0.8 + 0.4 * random.NextDouble())).ToList();
        return (GeneratedCellar.Build(tanks, random), GeneratedCellar.Normalise(weights));
    }

    private static string WineName(int index) => $"W{index + 1:000}";
}
