using Google.OrTools.Sat;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>From a CP-SAT solution of the model to the plan a cellar hand follows, and to what the order on plans sees of it.</summary>
internal sealed partial class SplitAssembleModel
{
    /// <summary>
    /// Turns a solution into a plan, assigning interchangeable empty tanks in id order so that the
    /// same solution always gives the same plan. Splits that feed nothing are dropped.
    /// </summary>
    public Plan Decode(Func<IntVar, long> value)
    {
        var free = Classes.Select(c => new Queue<string>(c.TankIds)).ToArray();
        var splits = new List<(IReadOnlyList<SourceTank> Poured, long Drawn, List<(string TankId, long Capacity)> Pieces, List<(string TankId, long Capacity)> Used, List<SourceTank> AsTargets)>();
        var finalFrom = new List<TankVolume>();
        var finalTo = new List<TankVolume>();

        var order = Enumerable.Range(0, Sources.Length).OrderBy(t => Sources[t].Id, StringComparer.Ordinal).ToList();
        foreach (var t in order)
        {
            var tank = Sources[t];
            if (value(_whole[t]) == 1)
            {
                var drawn = _draw[t] is { } draw ? value(draw) : tank.Capacity;
                finalFrom.Add(new TankVolume(tank.Id, drawn * Unit));
            }

            if (value(_split[t]) != 1)
            {
                continue;
            }

            var pieces = new List<(string, long)>();
            var used = new List<(string, long)>();
            for (var c = 0; c < Classes.Length; c++)
            {
                if (_pieces[t, c] is not { } pieceVar)
                {
                    continue;
                }

                var count = value(pieceVar);
                var usedCount = value(_used[t, c]!);
                for (var i = 0; i < count; i++)
                {
                    var id = free[c].Dequeue();
                    pieces.Add((id, Classes[c].Capacity * Unit));
                    if (i < usedCount)
                    {
                        used.Add((id, Classes[c].Capacity * Unit));
                    }
                }
            }

            IReadOnlyList<SourceTank> poured = tank.IsGroup ? tank.Members : [tank];
            var asTargets = poured.Where(p => value(_asTarget[_tankIndex[p.Id]]) == 1).ToList();
            splits.Add((poured, pieces.Sum(p => p.Item2), pieces, used, asTargets));
        }

        for (var c = 0; c < Classes.Length; c++)
        {
            var count = value(_finalFromClass[c]);
            for (var i = 0; i < count; i++)
            {
                finalTo.Add(new TankVolume(free[c].Dequeue(), Classes[c].Capacity * Unit));
            }
        }

        var steps = new List<PlanStep>();
        var splitTransfers = new List<Transfer>();
        foreach (var split in splits)
        {
            if (split.Used.Count == 0 && split.AsTargets.Count == 0)
            {
                // A split that feeds nothing only moves wine around: leave the tanks as they were.
                continue;
            }

            // A single tank may be drawn partly (waste); a group's members are always poured whole.
            IReadOnlyList<TankVolume> sources = split.Poured.Count == 1
                ? [new TankVolume(split.Poured[0].Id, split.Drawn)]
                : [.. split.Poured.Select(p => new TankVolume(p.Id, p.Capacity * Unit))];
            splitTransfers.Add(new Transfer(
                splitTransfers.Count + 1,
                [.. sources],
                [.. split.Pieces.Select(p => new TankVolume(p.TankId, p.Capacity)).OrderBy(p => p.TankId, StringComparer.Ordinal)]));
            finalFrom.AddRange(split.Used.Select(p => new TankVolume(p.TankId, p.Capacity)));
            finalTo.AddRange(split.AsTargets.Select(p => new TankVolume(p.Id, p.Capacity * Unit)));
        }

        if (splitTransfers.Count > 0)
        {
            steps.Add(new PlanStep(1, [.. splitTransfers]));
        }

        steps.Add(new PlanStep(steps.Count + 1, [new Transfer(
            splitTransfers.Count + 1,
            [.. finalFrom.OrderBy(f => f.TankId, StringComparer.Ordinal)],
            [.. finalTo.OrderBy(f => f.TankId, StringComparer.Ordinal)])]));
        return new Plan([.. steps]);
    }

    /// <summary>
    /// What the order on plans sees of the plan <paramref name="plan"/> decoded from
    /// <paramref name="values"/>: its exact largest deviation from <paramref name="formula"/>, waste,
    /// leftovers, volume, transfers and steps (of this assembly alone).
    /// </summary>
    public Verification.PlanScore Score(long[] values, Domain.Formula formula, Domain.Plan plan)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(plan);
        long Value(IntVar variable) => values[variable.GetIndex()];
        var amounts = new Dictionary<string, Arithmetic.Fraction>(StringComparer.Ordinal);
        for (var t = 0; t < Sources.Length; t++)
        {
            var poured = InBlend(t, Value);
            if (poured == 0)
            {
                continue;
            }

            foreach (var (wine, share) in Sources[t].Contents.Shares)
            {
                amounts[wine] = amounts.GetValueOrDefault(wine) + share * poured;
            }
        }

        var volume = Value(Volume);
        var worst = Arithmetic.Fraction.Zero;
        foreach (var wine in amounts.Keys.Union(formula.Shares.Keys, StringComparer.Ordinal))
        {
            var achieved = volume == 0 ? Arithmetic.Fraction.Zero : amounts.GetValueOrDefault(wine) / volume;
            worst = Arithmetic.Fraction.Max(worst, (achieved - formula.ShareOf(wine)).Abs());
        }

        return new Verification.PlanScore(worst, Value(Waste) * Unit, Value(LeftoverBlends) * Unit, volume * Unit, plan.TransferCount, plan.StepCount);
    }
}
