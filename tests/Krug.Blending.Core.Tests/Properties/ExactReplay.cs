using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Properties;

/// <summary>
/// A second, deliberately plain replay of a valid plan, written for the property tests so that the
/// verifier's blend report can be checked against something that shares none of its code: each
/// tank holds a volume of every wine (exact fractions), a transfer pools its sources and shares
/// the pool among its targets by capacity. A lot's tank starts with each wine's volume taken from
/// the lot's percentages. Only for plans without waste.
/// </summary>
internal static class ExactReplay
{
    /// <summary>What the replay finds at the end of the plan.</summary>
    /// <param name="FinalTanks">The targets of the last transfer, by id.</param>
    /// <param name="Volume">Their total capacity.</param>
    /// <param name="WineVolumes">Volume of each wine in the final blend.</param>
    /// <param name="Unused">Capacity of the full tanks outside the final blend.</param>
    /// <param name="MixedTanksOutsideTheBlend">
    /// Tanks outside the final blend that hold more than one wine at the end, in proportions no tank
    /// held at the start (a piece of a lot is not one of them).
    /// </param>
    public sealed record Outcome(IReadOnlyList<string> FinalTanks, long Volume, IReadOnlyDictionary<string, Fraction> WineVolumes, long Unused, IReadOnlyList<string> MixedTanksOutsideTheBlend)
    {
        public Fraction ShareOf(string wine) =>
            WineVolumes.TryGetValue(wine, out var volume) ? volume / Fraction.FromInt64(Volume) : Fraction.Zero;
    }

    public static Outcome Run(Cellar cellar, Plan plan)
    {
        var capacity = cellar.Tanks.ToDictionary(t => t.Id, t => t.Capacity, StringComparer.Ordinal);
        var contents = cellar.Tanks.ToDictionary(t => t.Id, StartAmounts, StringComparer.Ordinal);
        var heldAtStart = contents.Values.OfType<Dictionary<string, Fraction>>().Select(Proportions).ToList();

        foreach (var step in plan.Steps)
        {
            // Sources are read before any target of the step is filled: transfers of a step run side by side.
            var pools = step.Transfers.Select(transfer =>
            {
                var pool = new Dictionary<string, Fraction>(StringComparer.Ordinal);
                foreach (var source in transfer.From)
                {
                    foreach (var (wine, volume) in contents[source.TankId] ?? throw new InvalidOperationException($"{source.TankId} is empty."))
                    {
                        pool[wine] = pool.GetValueOrDefault(wine, Fraction.Zero) + volume;
                    }
                }

                return (Transfer: transfer, Pool: pool);
            }).ToList();

            foreach (var (transfer, pool) in pools)
            {
                foreach (var source in transfer.From)
                {
                    contents[source.TankId] = null;
                }

                var poolVolume = transfer.To.Sum(t => capacity[t.TankId]);
                foreach (var target in transfer.To)
                {
                    var part = new Fraction(capacity[target.TankId], poolVolume);
                    contents[target.TankId] = pool.ToDictionary(p => p.Key, p => p.Value * part, StringComparer.Ordinal);
                }
            }
        }

        var final = plan.Steps[^1].Transfers[^1].To.Select(t => t.TankId).Order(StringComparer.Ordinal).ToList();
        var wineVolumes = new Dictionary<string, Fraction>(StringComparer.Ordinal);
        foreach (var tank in final)
        {
            foreach (var (wine, volume) in contents[tank]!)
            {
                wineVolumes[wine] = wineVolumes.GetValueOrDefault(wine, Fraction.Zero) + volume;
            }
        }

        var unused = contents.Where(c => c.Value is not null && !final.Contains(c.Key)).Sum(c => capacity[c.Key]);
        var mixed = contents
            .Where(c => c.Value is { Count: > 1 } && !final.Contains(c.Key) && !heldAtStart.Exists(start => SameProportions(start, Proportions(c.Value))))
            .Select(c => c.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Outcome(final, final.Sum(t => capacity[t]), wineVolumes, unused, mixed);
    }

    private static Dictionary<string, Fraction>? StartAmounts(Tank tank)
    {
        if (tank.Lot is { } lot)
        {
            var total = lot.Lines.Aggregate(Fraction.Zero, (sum, line) => sum + Fraction.FromDecimal(line.Percent));
            return lot.Lines.ToDictionary(l => l.Wine, l => Fraction.FromDecimal(l.Percent) * tank.Capacity / total, StringComparer.Ordinal);
        }

        return tank.Content is null ? null : new Dictionary<string, Fraction>(StringComparer.Ordinal) { [tank.Content] = Fraction.FromInt64(tank.Capacity) };
    }

    private static Dictionary<string, Fraction> Proportions(Dictionary<string, Fraction> amounts)
    {
        var total = amounts.Values.Aggregate(Fraction.Zero, (sum, v) => sum + v);
        return amounts.ToDictionary(a => a.Key, a => a.Value / total, StringComparer.Ordinal);
    }

    private static bool SameProportions(Dictionary<string, Fraction> a, Dictionary<string, Fraction> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && other == p.Value);
}
