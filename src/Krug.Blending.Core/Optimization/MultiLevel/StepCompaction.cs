using System.Collections.Immutable;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>
/// Moves every transfer into the earliest step its tanks allow. A transfer only reads and writes its
/// own tanks, so running it as soon as the last earlier transfer on any of those tanks is done leaves
/// every tank's history, and so the final blend, unchanged — with fewer steps for the cellar hand.
/// </summary>
internal static class StepCompaction
{
    /// <summary>
    /// Returns an equivalent plan with as few steps as this greedy pass gives. The last transfer (the
    /// one that makes the blend) stays last; transfers are renumbered 1, 2, 3, … in step order.
    /// </summary>
    public static Plan Compact(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var transfers = plan.Transfers.ToList();
        if (transfers.Count <= 1)
        {
            return plan;
        }

        var lastStepOfTank = new Dictionary<string, int>(StringComparer.Ordinal);
        var placed = new List<(int Step, Transfer Transfer)>();
        for (var i = 0; i < transfers.Count; i++)
        {
            var transfer = transfers[i];
            var tanks = transfer.From.Select(f => f.TankId).Concat(transfer.To.Select(t => t.TankId)).ToList();
            var step = tanks.Select(t => lastStepOfTank.TryGetValue(t, out var s) ? s + 1 : 0).DefaultIfEmpty(0).Max();
            if (i == transfers.Count - 1)
            {
                // The final transfer must be the plan's last: nothing may share its step after it.
                step = Math.Max(step, placed.Count == 0 ? 0 : placed.Max(p => p.Step));
            }

            foreach (var tank in tanks)
            {
                lastStepOfTank[tank] = step;
            }

            placed.Add((step, transfer));
        }

        var number = 0;
        var steps = placed
            .Select((p, order) => (p.Step, p.Transfer, Order: order))
            .GroupBy(p => p.Step)
            .OrderBy(g => g.Key)
            .Select((group, index) => new PlanStep(index + 1, [.. group
                .OrderBy(p => p.Order)
                .Select(p => p.Transfer with { Number = ++number })]))
            .ToImmutableArray();
        return new Plan(steps);
    }
}
