using System.Collections.Immutable;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Exhaustive;

/// <summary>
/// The slowest possible oracle for the exhaustive planner on tiny cellars: every sequence of single
/// transfers (every subset of full tanks into every subset of empty tanks of the same total
/// capacity), tank by tank with no merging of equal tanks and no pruning, each transfer put in the
/// earliest step its tanks allow. Every transfer is tried as the final one; unless leftover blends are
/// allowed, only where it leaves no tank but its targets holding a mixture. Shares with the planner
/// only <see cref="Composition"/>.
/// </summary>
internal static class NaiveTransferSearch
{
    /// <summary>The best score over every plan of at most <paramref name="maxSteps"/> steps, or null.</summary>
    public static Score? Best(Cellar cellar, Formula formula, int maxSteps, bool allowLeftoverBlends = false, Func<Composition, bool>? admits = null)
    {
        admits ??= _ => true;
        var tanks = cellar.Tanks;
        var contents = tanks.Select(t => t.Contents).ToArray();
        var layers = new int[tanks.Length];
        Score? best = null;
        // A step holds at most half as many transfers as there are tanks.
        Explore(tanks, formula, contents, layers, depth: 0, maxDepth: maxSteps * (tanks.Length / 2), maxSteps, allowLeftoverBlends, admits, ref best);
        return best;
    }

    private static void Explore(
        ImmutableArray<Tank> tanks,
        Formula formula,
        Composition?[] contents,
        int[] layers,
        int depth,
        int maxDepth,
        int maxSteps,
        bool allowLeftoverBlends,
        Func<Composition, bool> admits,
        ref Score? best)
    {
        if (depth == maxDepth)
        {
            return;
        }

        var full = Enumerable.Range(0, tanks.Length).Where(i => contents[i] is not null).ToArray();
        var empty = Enumerable.Range(0, tanks.Length).Where(i => contents[i] is null).ToArray();
        foreach (var sources in Subsets(full))
        {
            var volume = sources.Sum(i => tanks[i].Capacity);
            var blend = Composition.Mix(sources.Select(i => (contents[i]!, tanks[i].Capacity)));
            foreach (var targets in Subsets(empty).Where(t => t.Sum(i => tanks[i].Capacity) == volume))
            {
                var step = 1 + sources.Concat(targets).Max(i => layers[i]);
                if (step > maxSteps)
                {
                    continue;
                }

                var planSteps = Math.Max(step, layers.Max());
                var score = new Score(Deviation(blend, formula), volume, depth + 1, planSteps);
                var leftover = Enumerable.Range(0, tanks.Length)
                    .Any(i => !sources.Contains(i) && contents[i] is { IsPure: false });
                if ((allowLeftoverBlends || !leftover) && admits(blend) && (best is null || score.CompareTo(best) < 0))
                {
                    best = score;
                }

                var nextContents = (Composition?[])contents.Clone();
                var nextLayers = (int[])layers.Clone();
                foreach (var i in sources)
                {
                    nextContents[i] = null;
                    nextLayers[i] = step;
                }

                foreach (var i in targets)
                {
                    nextContents[i] = blend;
                    nextLayers[i] = step;
                }

                Explore(tanks, formula, nextContents, nextLayers, depth + 1, maxDepth, maxSteps, allowLeftoverBlends, admits, ref best);
            }
        }
    }

    private static Fraction Deviation(Composition blend, Formula formula) =>
        formula.Shares.Keys.Concat(blend.Shares.Keys)
            .Select(w => (blend.ShareOf(w) - formula.ShareOf(w)).Abs())
            .Aggregate(Fraction.Zero, Fraction.Max);

    private static IEnumerable<int[]> Subsets(int[] items)
    {
        for (var mask = 1; mask < 1 << items.Length; mask++)
        {
            yield return [.. items.Where((_, bit) => (mask & (1 << bit)) != 0)];
        }
    }

    /// <summary>A plan's place in the product order: L∞, then volume (larger first), transfers, steps.</summary>
    internal sealed record Score(Fraction MaxDeviation, long Volume, int Transfers, int Steps) : IComparable<Score>
    {
        public int CompareTo(Score? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var accuracy = MaxDeviation.CompareTo(other.MaxDeviation);
            if (accuracy != 0)
            {
                return accuracy;
            }

            if (Volume != other.Volume)
            {
                return other.Volume.CompareTo(Volume);
            }

            return Transfers != other.Transfers ? Transfers.CompareTo(other.Transfers) : Steps.CompareTo(other.Steps);
        }
    }
}
