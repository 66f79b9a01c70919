using System.Numerics;
using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks;

/// <summary>The largest blend the formula allows: beyond it some wine runs short and the blend must deviate.</summary>
/// <param name="Volume">Min over formula wines of stock ÷ share, rounded down to whole units.</param>
/// <param name="Wine">The wine that sets it (the first by name on a tie).</param>
internal sealed record FormulaLimit(long Volume, string Wine)
{
    /// <summary>
    /// Computed here rather than taken from the product, which does not expose it yet: every tank of
    /// a wine counts as usable, as nothing is excluded or kept in the benchmark.
    /// </summary>
    public static FormulaLimit Of(Cellar cellar, Formula formula)
    {
        FormulaLimit? lowest = null;
        foreach (var (wine, share) in formula.Shares)
        {
            var limit = cellar.VolumeOf(wine) / share;
            var volume = (long)BigInteger.Divide(limit.Numerator, limit.Denominator);
            if (lowest is null || volume < lowest.Volume)
            {
                lowest = new FormulaLimit(volume, wine);
            }
        }

        return lowest!;
    }
}
