using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Support;

/// <summary>Seeded small cellars (2–3 wines, at most 8 tanks of 2–12 hL) that exhaustive references can enumerate.</summary>
internal static class SmallCellars
{
    /// <summary>The cellar and formula of <paramref name="seed"/>: the same seed always gives the same ones.</summary>
    public static (Cellar Cellar, Formula Formula) Random(int seed)
    {
        var random = new Random(seed);
        var wines = random.Next(2, 4);
        var builder = new CellarBuilder();
        var full = random.Next(wines, Math.Min(wines + 2, 5) + 1);
        for (var i = 0; i < full; i++)
        {
            builder.Full($"F{i + 1}", random.Next(2, 13), $"W{(i < wines ? i : random.Next(wines)) + 1}");
        }

        var empty = random.Next(2, 9 - full);
        for (var i = 0; i < empty; i++)
        {
            builder.Empty($"E{i + 1}", random.Next(2, 13));
        }

        var formula = new Formula(Enumerable.Range(1, wines).Select(w => new FormulaLine($"W{w}", random.Next(1, 10))));
        return (builder.Build(), formula);
    }
}
