using System.Numerics;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// A lower bound on the largest deviation of every plan whose blend is made of pure wine poured in
/// whole tanks and in pieces that fill tanks exactly (split-then-assemble plans without group splits,
/// with or without a second round of splits), proven from the tank sizes alone.
/// </summary>
/// <remarks>
/// <para>
/// In such a plan each wine brings to the blend a volume that is a sum of tank capacities (its whole
/// tanks, and the tanks its pieces fill), at most its stock, and those volumes add up to exactly the
/// blend's volume. CP-SAT's relaxation of the split-then-assemble model knows none of this (its bound
/// is zero on large cellars); here it decides everything. When a formula wants less of each wine than
/// the smallest tank holds, say, a wine must bring nothing or at least that tank, and the blend's
/// volume cannot be both in the band and the sum of what each wine brings unless some wines are far
/// from their shares.
/// </para>
/// <para>
/// For a trial deviation τ, each wine may bring the volumes it can reach within τ of its share of
/// some blend volume V in the band; τ is impossible when no V in the band is a sum of one such
/// volume per wine. Volumes a wine can reach are over-counted (any sum of the usable tanks'
/// capacities, each tank once, up to the wine's stock), every tank is assumed free for every wine,
/// and ranges of V are tested together; each of these only enlarges what is possible, so the bound
/// stays a bound. The largest impossible τ is found by bisection. Plans that pour mixtures (group
/// splits, pre-blends, lots) or draw partially (waste) bring other volumes: the bound says nothing
/// about them.
/// </para>
/// </remarks>
internal static class TankSizeBound
{
    // Ranges of blend volumes at most this wide (in units of the capacities' gcd) are tested by exact sums.
    private const int LeafWidth = 64;

    // Bisection steps on τ below a possible deviation: 2^-20 of it, far below the order's finest step.
    private const int Steps = 20;

    // Word operations all trials together may take; past them every range is assumed possible (the bound stays valid, only weaker).
    private const long MaxWordOperations = 200_000_000;

    /// <summary>Whether the bound covers the plans <paramref name="context"/> searches: pure tanks, no waste, no group splits.</summary>
    public static bool Applies(PlanningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !context.Request.AllowWaste
            && !SplitAssembleStrategy.OffersGroups(context)
            && context.Usable.Full.Length > 0
            && context.Usable.Full.All(t => t.Contents is { IsPure: true });
    }

    /// <summary>
    /// The bound in percentage points (every such plan in the request's volume band is at least this
    /// far from the formula on some wine), or <see langword="null"/> when it does not apply or proves
    /// nothing above zero.
    /// </summary>
    /// <param name="context">The run: request, usable tanks, settings.</param>
    /// <param name="possiblePp">
    /// A deviation known to be possible, in percentage points (the best plan's): the bisection searches
    /// below it only. Any value is safe, since only deviations shown impossible are reported.
    /// </param>
    public static double? Of(PlanningContext context, double possiblePp)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Applies(context) || !(possiblePp > 0))
        {
            return null;
        }

        var usable = context.Usable;
        var capacities = usable.Full.Concat(usable.Empty).Select(t => t.Capacity).Where(c => c > 0).ToList();
        var unit = capacities.Aggregate(0L, (g, c) => (long)BigInteger.GreatestCommonDivisor(g, c));
        var stock = usable.Full
            .GroupBy(t => t.Content!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Capacity) / unit, StringComparer.Ordinal);
        var wines = stock.Keys.Union(context.Request.Formula.Shares.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(w => new Wine(context.Request.Formula.ShareOf(w).ToDouble(), stock.GetValueOrDefault(w)))
            .ToArray();
        var band = context.Request.Volume;
        var least = (band.Min + unit - 1) / unit;
        var most = Math.Min(band.Max / unit, wines.Sum(w => w.Stock));
        if (least > most || most > int.MaxValue / 2)
        {
            return null;
        }

        var trial = new Trial(wines, Reachable(capacities.Select(c => c / unit), (int)Math.Min(most, wines.Max(w => w.Stock))));
        double possible = Math.Min(1.0, possiblePp / 100), impossible = 0;
        if (trial.Possible(0, least, most))
        {
            return null;
        }

        for (var i = 0; i < Steps && !context.IsCancelled; i++)
        {
            var tau = (possible + impossible) / 2;
            if (trial.Possible(tau, least, most))
            {
                possible = tau;
            }
            else
            {
                impossible = tau;
            }
        }

        // Rounded down to the 0.0001 pp the verdict prints, so that what it says is proven.
        var pp = Math.Floor(impossible * 100 * 10_000) / 10_000;
        return pp > 0 ? pp : null;
    }

    /// <summary>Every sum of the capacities (each tank once) up to <paramref name="limit"/>, in units of their gcd.</summary>
    private static bool[] Reachable(IEnumerable<long> capacities, int limit)
    {
        var reach = new bool[limit + 1];
        reach[0] = true;
        // Tanks of one size in binary lots (1, 2, 4, …): each count up to the class's size is a sum of lots.
        foreach (var size in capacities.GroupBy(c => c))
        {
            var left = size.Count();
            for (var lot = 1; left > 0; lot *= 2)
            {
                var take = Math.Min(lot, left);
                left -= take;
                var step = size.Key * take;
                for (var x = limit - step; x >= 0; x--)
                {
                    if (reach[x])
                    {
                        reach[x + step] = true;
                    }
                }
            }
        }

        return reach;
    }

    /// <param name="Share">The formula's share (0 for wines outside it).</param>
    /// <param name="Stock">Its usable stock, in units of the capacities' gcd.</param>
    private sealed record Wine(double Share, long Stock);

    private sealed class Trial(Wine[] wines, bool[] reach)
    {
        private long _operations;

        /// <summary>
        /// Whether some blend volume in [<paramref name="least"/>, <paramref name="most"/>] may be made with
        /// every wine within <paramref name="tau"/> (a share, not pp) of its share; <see langword="true"/> too
        /// when the exact test would take the trials past their cost limit.
        /// </summary>
        public bool Possible(double tau, long least, long most)
        {
            // Widened by a hair so that rounding never makes a possible volume look impossible.
            var slack = 1e-9 * (most + 1);
            long sumLow = 0, sumHigh = 0;
            var options = new List<int>[wines.Length];
            for (var w = 0; w < wines.Length; w++)
            {
                var wine = wines[w];
                var low = Math.Max(0, (long)Math.Ceiling(((wine.Share - tau) * least) - slack));
                var high = Math.Min(wine.Stock, (long)Math.Floor(((wine.Share + tau) * most) + slack));
                high = Math.Min(high, reach.Length - 1);
                var list = new List<int>();
                for (var x = low; x <= high; x++)
                {
                    if (reach[x])
                    {
                        list.Add((int)x);
                    }
                }

                if (list.Count == 0)
                {
                    return false;
                }

                options[w] = list;
                sumLow += list[0];
                sumHigh += list[^1];
            }

            if (sumLow > most || sumHigh < least)
            {
                return false;
            }

            if (most - least > LeafWidth)
            {
                var middle = least + ((most - least) / 2);
                return Possible(tau, least, middle) || Possible(tau, middle + 1, most);
            }

            return Sums(options, least, most);
        }

        /// <summary>Whether one option per wine adds up to a volume in [<paramref name="least"/>, <paramref name="most"/>].</summary>
        private bool Sums(List<int>[] options, long least, long most)
        {
            // Sums are kept above the least total (every wine's smallest option), on a bit set no wider
            // than the options' spread or the range, so that wines with one option cost nothing.
            var offset = options.Sum(o => (long)o[0]);
            var lo = Math.Max(0, least - offset);
            var hi = Math.Min(most - offset, options.Sum(o => (long)(o[^1] - o[0])));
            if (hi < lo)
            {
                return false;
            }

            var words = (int)(hi / 64) + 1;
            var varying = options.Where(o => o.Count > 1).ToList();
            _operations += varying.Sum(o => (long)o.Count) * words;
            if (_operations > MaxWordOperations)
            {
                return true;
            }

            var sums = new ulong[words];
            sums[0] = 1;
            var next = new ulong[words];
            foreach (var choice in varying)
            {
                Array.Clear(next);
                foreach (var x in choice)
                {
                    ShiftOr(sums, next, x - choice[0]);
                }

                (sums, next) = (next, sums);
            }

            for (var v = lo; v <= hi; v++)
            {
                if ((sums[v / 64] & (1UL << (int)(v % 64))) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><paramref name="into"/> |= <paramref name="from"/> shifted up by <paramref name="shift"/> bits (bits past the end dropped).</summary>
        private static void ShiftOr(ulong[] from, ulong[] into, int shift)
        {
            var whole = shift / 64;
            var bits = shift % 64;
            for (var i = into.Length - 1; i >= whole; i--)
            {
                var source = i - whole;
                var value = from[source] << bits;
                if (bits != 0 && source > 0)
                {
                    value |= from[source - 1] >> (64 - bits);
                }

                into[i] |= value;
            }
        }
    }
}
