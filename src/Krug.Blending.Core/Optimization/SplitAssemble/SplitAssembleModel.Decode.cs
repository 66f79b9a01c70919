using Google.OrTools.Sat;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>From a CP-SAT solution of the model to the plan a cellar hand follows.</summary>
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
}
