using System.Numerics;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// A lower bound on the largest deviation of every plan whose blend is made of pure wine poured in
/// whole tanks and in pieces that fill tanks exactly, and in which what a wine does not give the blend
/// stays pure, proven from the tank sizes alone. That is every waste-free plan of a cellar of pure wines
/// that leaves no mixture behind (pre-blends included, any number of steps), and every
/// split-then-assemble plan without group splits (one or two rounds of splits) even where leftover
/// blends are allowed.
/// </summary>
/// <remarks>
/// <para>
/// In such a plan a wine leaves its pure tanks only by whole tanks, so what it brings to the blend is a
/// sum of tank capacities (a tank may be counted again when it is filled and emptied again); what it keeps
/// is pure wine in full tanks at the end, a sum of distinct tanks' capacities; the two add up to its stock,
/// and what the wines bring adds up to exactly the blend's volume. CP-SAT's relaxation of the
/// split-then-assemble model knows none of this (its bound is zero on large cellars); here it decides
/// everything. A wine alone in a 60 hL tank, say, among tanks of 25, 40, 50 and 75 hL cannot be split at
/// all (no 35, 20 or 10 hL tank takes the rest), so it brings nothing or all 60 hL, whatever the plan.
/// </para>
/// <para>
/// For a trial deviation τ, each wine may bring the volumes it can reach within τ of its share of
/// some blend volume V in the band; τ is impossible when no V in the band is a sum of one such
/// volume per wine. Volumes are over-counted (every tank is assumed free for every wine, tanks a wine
/// keeps may be counted in what it brings), and ranges of V are tested together; each of these only
/// enlarges what is possible, so the bound stays a bound. The largest impossible τ is found by
/// bisection. Plans that pour mixtures a wine is kept in (group splits, lots, leftover blends beyond
/// split-then-assemble) or draw partially (waste) bring other volumes: the bound says nothing about them.
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

    // Largest stock (in gcd units) whose kept volumes are computed; above it every volume is assumed keepable (valid, only weaker).
    private const int MaxKeptUnits = 1 << 24;

    // Table cells the volumes a wine can bring may take to compute; past them every volume is assumed reachable (valid, only weaker).
    private const long MaxDrawCells = 100_000_000;

    /// <summary>The name the verdict gives every plan (see <see cref="CoversEveryPlan"/>).</summary>
    public const string EveryPlan = "plans";

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
    /// Whether the bound holds for every plan of the request, not only for the family searched: it
    /// applies and the request allows no mixture to be left behind, so every wine keeps what it does not
    /// give the blend pure.
    /// </summary>
    public static bool CoversEveryPlan(PlanningContext context) => Applies(context) && !context.Request.AllowLeftoverBlends;

    /// <summary>The plans the bound covers, as the verdict names them: every plan where it covers them all, else <paramref name="searched"/>.</summary>
    public static string Family(PlanningContext context, string searched) => CoversEveryPlan(context) ? EveryPlan : searched;

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

        var sizes = capacities.Select(c => c / unit).ToList();
        var maxStock = wines.Max(w => w.Stock);
        var drawn = Drawable(sizes, (int)Math.Min(most, maxStock));
        var kept = Keepable(sizes, maxStock);
        var trial = new Trial(wines, drawn, kept);
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

    /// <summary>
    /// Every sum of the capacities, each any number of times, up to <paramref name="limit"/>, in units of their
    /// gcd: what a wine may pour out of its pure tanks over a plan, a tank filled and emptied again counting again.
    /// </summary>
    private static bool[] Drawable(List<long> capacities, int limit)
    {
        var sizes = capacities.Distinct().Order().ToArray();
        var drawn = new bool[limit + 1];
        if (sizes.Length * (long)(limit + 1) > MaxDrawCells)
        {
            Array.Fill(drawn, true);
            return drawn;
        }

        drawn[0] = true;
        for (var x = 1; x <= limit; x++)
        {
            foreach (var size in sizes)
            {
                if (size > x)
                {
                    break;
                }

                if (drawn[x - size])
                {
                    drawn[x] = true;
                    break;
                }
            }
        }

        return drawn;
    }

    /// <summary>
    /// What full tanks may hold at one time, up to <paramref name="limit"/> (see <see cref="Reachable"/>), or
    /// <see langword="null"/> (any volume) when the table would be too large to compute.
    /// </summary>
    private static bool[]? Keepable(List<long> capacities, long limit)
    {
        var lots = capacities.GroupBy(c => c).Sum(g => (long)Math.Ceiling(Math.Log2(g.Count() + 1)));
        return limit <= MaxKeptUnits && lots * (limit + 1) <= MaxDrawCells ? Reachable(capacities, (int)limit) : null;
    }

    /// <summary>Every sum of the capacities (each tank once) up to <paramref name="limit"/>, in units of their gcd: what full tanks may hold at one time.</summary>
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

    /// <param name="wines">The formula's wines and the others in stock.</param>
    /// <param name="drawn">Whether a wine may bring each volume (see <see cref="Drawable"/>).</param>
    /// <param name="kept">Whether full tanks may hold each volume at the end (see <see cref="Reachable"/>); <see langword="null"/>: any.</param>
    private sealed class Trial(Wine[] wines, bool[] drawn, bool[]? kept)
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
                high = Math.Min(high, drawn.Length - 1);
                var list = new List<int>();
                for (var x = low; x <= high; x++)
                {
                    if (drawn[x] && (kept is null || kept[wine.Stock - x]))
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
