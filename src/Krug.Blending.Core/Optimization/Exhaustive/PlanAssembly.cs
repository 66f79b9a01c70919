using System.Collections.Immutable;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>
/// Turns a sequence of transfers (the final one last) into a <see cref="Plan"/>: puts each transfer
/// in the earliest step after every earlier transfer that touched one of its tanks.
/// </summary>
/// <remarks>
/// Every transfer is kept, even one the final blend does not depend on: the search only pays for
/// such a transfer when it clears a mixture that would otherwise be left behind (it may, say, pour
/// leftovers together into the composition of a lot the cellar holds), so dropping it could leave
/// a leftover blend the search never scored.
/// </remarks>
internal static class PlanAssembly
{
    /// <param name="tanks">The tanks the indices refer to.</param>
    /// <param name="sequence">Transfers as tank indices, in an order the cellar allows; the final transfer last.</param>
    public static Plan Build(IReadOnlyList<Tank> tanks, IReadOnlyList<(int[] From, int[] To)> sequence)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sequence.Count);

        var lastStep = new Dictionary<int, int>();
        var placed = new List<(int Step, int Order, bool Final, (int[] From, int[] To) Transfer)>();
        for (var i = 0; i < sequence.Count; i++)
        {
            var transfer = sequence[i];
            var tanksOf = transfer.From.Concat(transfer.To).ToList();
            var step = 1 + tanksOf.Select(t => lastStep.GetValueOrDefault(t)).Max();
            foreach (var tank in tanksOf)
            {
                lastStep[tank] = step;
            }

            placed.Add((step, i, i == sequence.Count - 1, transfer));
        }

        var number = 0;
        var steps = placed
            .GroupBy(p => p.Step)
            .OrderBy(g => g.Key)
            .Select(g => new PlanStep(
                g.Key,
                [.. g.OrderBy(p => p.Final)
                    .ThenBy(p => p.Transfer.From.Select(t => tanks[t].Id).Min(StringComparer.Ordinal), StringComparer.Ordinal)
                    .ThenBy(p => p.Order)
                    .Select(p => new Transfer(++number, Legs(tanks, p.Transfer.From), Legs(tanks, p.Transfer.To)))]))
            .ToImmutableArray();
        return new Plan(steps);
    }

    private static ImmutableArray<TankVolume> Legs(IReadOnlyList<Tank> tanks, int[] indices) =>
        [.. indices.Select(i => tanks[i]).OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => new TankVolume(t.Id, t.Capacity))];
}
