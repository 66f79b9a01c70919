using System.Numerics;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// Chooses the groups of tanks the split-then-assemble model may pour together in a split.
/// </summary>
/// <remarks>
/// A split piece carries its source's composition, so a group only helps when the formula wants the
/// same share of each member wine's stock: its pieces then deliver every member wine in the right
/// proportion at once, one split (and its empty tanks) serving two or three wines. Empty tanks are
/// what a large cellar runs out of first: each split needs at least two, so with fewer empties than
/// wines most wines can only be poured whole or not at all. Tanks are ordered by the formula's
/// demand per unit of the wine's stock, and neighbours whose demands are within
/// <see cref="Spread"/> of each other form the candidates; the model decides which to use.
/// </remarks>
internal static class GroupCandidates
{
    /// <summary>Largest ratio between the demands (formula share per unit of stock) of a group's members.</summary>
    public const double Spread = 1.25;

    /// <summary>Largest common denominator of one wine's shares that groups may bring into the model; smaller than the model's limit to keep coefficients modest.</summary>
    public const long MaxDenominator = 10_000;

    /// <summary>
    /// Candidate groups of two and three pure tanks of distinct formula wines among
    /// <paramref name="sources"/>, best-matched first; blended tanks and wines outside the formula
    /// take no part. None when there are at least two empty tanks per formula wine: every wine can
    /// then be split on its own, and groups would only make the model larger.
    /// </summary>
    /// <param name="sources">Full tanks the plan may use.</param>
    /// <param name="emptyTanks">Empty tanks the plan may use.</param>
    /// <param name="targets">The formula's shares.</param>
    public static IReadOnlyList<SourceTank> For(IReadOnlyList<SourceTank> sources, int emptyTanks, TargetShares targets)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        var pure = sources.Where(s => !s.IsGroup && s.Contents.IsPure && targets.PartsOf(Wine(s)) > 0).ToList();
        if (emptyTanks >= 2 * pure.Select(Wine).Distinct(StringComparer.Ordinal).Count())
        {
            return [];
        }

        var stock = pure.GroupBy(Wine, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(s => s.Capacity), StringComparer.Ordinal);
        var byDemand = pure
            .Select(s => (Tank: s, Demand: targets.PartsOf(Wine(s)) / (double)stock[Wine(s)]))
            .OrderBy(d => d.Demand)
            // Tanks of one wine tie on demand: order them by size so that the groups do not depend on
            // tank names (only identical tanks, which are interchangeable, are left to their ids).
            .ThenByDescending(d => d.Tank.Capacity)
            .ThenBy(d => d.Tank.Id, StringComparer.Ordinal)
            .ToList();

        // Lots bring their own denominators to a wine's row: groups must fit beside them.
        var denominators = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        foreach (var (wine, share) in sources.Where(s => !s.IsGroup && !s.Contents.IsPure).SelectMany(s => s.Contents.Shares))
        {
            denominators[wine] = SplitAssembleModel.Lcm(denominators.GetValueOrDefault(wine, BigInteger.One), share.Denominator);
        }

        var groups = new List<SourceTank>();
        var windows = new List<(double Spread, List<SourceTank> Members)>();
        foreach (var size in (int[])[2, 3])
        {
            for (var i = 0; i + size <= byDemand.Count; i++)
            {
                var window = byDemand.GetRange(i, size);
                if (window[^1].Demand > Spread * window[0].Demand
                    || window.Select(w => Wine(w.Tank)).Distinct(StringComparer.Ordinal).Count() < size)
                {
                    continue;
                }

                windows.Add((window[^1].Demand / window[0].Demand, window.Select(w => w.Tank).ToList()));
            }
        }

        foreach (var (_, members) in windows.OrderBy(w => w.Spread).ThenBy(w => string.Join('+', w.Members.Select(m => m.Id)), StringComparer.Ordinal))
        {
            var group = SourceTank.Group(members);
            if (Admit(group, denominators))
            {
                groups.Add(group);
            }
        }

        return groups;
    }

    private static bool Admit(SourceTank group, Dictionary<string, BigInteger> denominators)
    {
        var updated = new List<(string Wine, BigInteger Lcm)>();
        foreach (var (wine, share) in group.Contents.Shares)
        {
            var current = denominators.GetValueOrDefault(wine, BigInteger.One);
            var lcm = current / BigInteger.GreatestCommonDivisor(current, share.Denominator) * share.Denominator;
            if (lcm > MaxDenominator)
            {
                return false;
            }

            updated.Add((wine, lcm));
        }

        foreach (var (wine, lcm) in updated)
        {
            denominators[wine] = lcm;
        }

        return true;
    }

    private static string Wine(SourceTank tank) => tank.Contents.Shares.Keys.First();
}
