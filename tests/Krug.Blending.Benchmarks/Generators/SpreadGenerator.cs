using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks.Generators;

/// <summary>
/// Every wine in 2–4 tanks of independently drawn sizes (so a wine's tanks differ: 25 hL beside
/// 400 hL), the size's empty tanks, and a formula in proportion to 25–100 % of each wine's stock.
/// The other generators keep most wines in one tank; here which of a wine's tanks to pour whole and
/// which to split is a real choice, the model has about three source tanks per wine, and the wine
/// exceeds the empty room: the formula allows about 80 % of the empty room at 20x50 and two to three
/// times it at the larger sizes, so the empty tanks, not the formula, limit the blend. Tank counts
/// exceed the size's nominal ones: about 60 full at 20x50, 450 at 150in330, 1,200 at 400x300.
/// </summary>
internal sealed class SpreadGenerator : ICaseGenerator
{
    public string Name => "spread";

    public (Cellar Cellar, Formula Formula) Generate(SuiteSize size, int seed)
    {
        var random = new Random(seed);
        var tanks = new List<(long Capacity, string? Wine)>();
        var stock = new long[size.Wines];
        for (var w = 0; w < size.Wines; w++)
        {
            var count = random.Next(2, 5);
            for (var i = 0; i < count; i++)
            {
                var capacity = GeneratedCellar.AnySize(random);
                stock[w] += capacity;
                tanks.Add((capacity, WineName(w)));
            }
        }

        for (var i = 0; i < size.EmptyTanks; i++)
        {
            tanks.Add((GeneratedCellar.AnySize(random), null));
        }

        var weights = Enumerable.Range(0, size.Wines).Select(w => (WineName(w), stock[w] * (0.25 + 0.75 * random.NextDouble()))).ToList();
        return (GeneratedCellar.Build(tanks, random), GeneratedCellar.Normalise(weights));
    }

    private static string WineName(int index) => $"W{index + 1:000}";
}
