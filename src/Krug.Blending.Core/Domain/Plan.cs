using System.Collections.Immutable;

namespace Krug.Blending.Domain;

/// <summary>Whether a tank gives wine to a transfer or receives it.</summary>
public enum TransferRole
{
    /// <summary>A full tank emptied into the transfer.</summary>
    From,

    /// <summary>An empty tank filled to capacity by the transfer.</summary>
    To,
}

/// <summary>A tank taking part in a transfer and the volume it gives or receives.</summary>
/// <param name="TankId">The tank.</param>
/// <param name="Volume">
/// In volume units. For a source, the volume drawn: its capacity, or less only where waste is
/// allowed (the rest is lost). For a target, its capacity.
/// </param>
public sealed record TankVolume(string TankId, long Volume);

/// <summary>
/// One transfer: the sources are emptied and their wine, mixed homogeneously, fills every target
/// to capacity. A valid transfer draws exactly the volume it fills.
/// </summary>
/// <param name="Number">1-based number across the whole plan.</param>
/// <param name="From">Source tanks and volumes drawn.</param>
/// <param name="To">Target tanks and their capacities.</param>
public sealed record Transfer(int Number, ImmutableArray<TankVolume> From, ImmutableArray<TankVolume> To)
{
    /// <summary>Total volume drawn from the sources.</summary>
    public long VolumeDrawn => From.Sum(f => f.Volume);

    /// <summary>Total volume filled into the targets.</summary>
    public long VolumeFilled => To.Sum(t => t.Volume);
}

/// <summary>A round of transfers carried out at the same time on disjoint tanks.</summary>
/// <param name="Number">1-based step number.</param>
/// <param name="Transfers">The transfers, ordered by number.</param>
public sealed record PlanStep(int Number, ImmutableArray<Transfer> Transfers);

/// <summary>One line of <c>plan.csv</c>.</summary>
/// <param name="Step">Step number.</param>
/// <param name="Transfer">Transfer number (across the plan).</param>
/// <param name="TankId">Tank.</param>
/// <param name="Role">From or to.</param>
/// <param name="Volume">Volume in volume units.</param>
public sealed record PlanRow(int Step, int Transfer, string TankId, TransferRole Role, long Volume);

/// <summary>
/// A blending plan: steps of simultaneous transfers. The final blend is what the targets of the
/// plan's last transfer hold after it.
/// </summary>
/// <param name="Steps">The steps, ordered by number.</param>
public sealed record Plan(ImmutableArray<PlanStep> Steps)
{
    /// <summary>A plan with no step.</summary>
    public static Plan Empty { get; } = new(ImmutableArray<PlanStep>.Empty);

    /// <summary>The number of transfers in all steps.</summary>
    public int TransferCount => Steps.Sum(s => s.Transfers.Length);

    /// <summary>The number of steps.</summary>
    public int StepCount => Steps.Length;

    /// <summary>All transfers in plan order.</summary>
    public IEnumerable<Transfer> Transfers => Steps.SelectMany(s => s.Transfers);

    /// <summary>The transfer whose targets hold the final blend, or <see langword="null"/> for an empty plan.</summary>
    public Transfer? FinalTransfer => Steps.IsEmpty || Steps[^1].Transfers.IsEmpty ? null : Steps[^1].Transfers[^1];

    /// <summary>
    /// The rows of <c>plan.csv</c> in contract order: by step, transfer, role (from first), then tank id (ordinal).
    /// </summary>
    public IReadOnlyList<PlanRow> ToRows()
    {
        var rows = new List<PlanRow>();
        foreach (var step in Steps)
        {
            foreach (var transfer in step.Transfers)
            {
                rows.AddRange(transfer.From.Select(f => new PlanRow(step.Number, transfer.Number, f.TankId, TransferRole.From, f.Volume)));
                rows.AddRange(transfer.To.Select(t => new PlanRow(step.Number, transfer.Number, t.TankId, TransferRole.To, t.Volume)));
            }
        }

        return [.. rows
            .OrderBy(r => r.Step)
            .ThenBy(r => r.Transfer)
            .ThenBy(r => r.Role)
            .ThenBy(r => r.TankId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Builds a plan from rows grouped by step and transfer (in any order). Steps and transfers are
    /// ordered by number; within a transfer, tanks are ordered by id. Numbering gaps are kept so that
    /// the verifier can report them.
    /// </summary>
    /// <exception cref="ArgumentException">A transfer number appears in two steps.</exception>
    public static Plan FromRows(IEnumerable<PlanRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        foreach (var group in list.GroupBy(r => r.Transfer))
        {
            var steps = group.Select(r => r.Step).Distinct().ToList();
            if (steps.Count > 1)
            {
                throw new ArgumentException($"Transfer {group.Key} appears in steps {string.Join(" and ", steps)}.", nameof(rows));
            }
        }

        var planSteps = list
            .GroupBy(r => r.Step)
            .OrderBy(g => g.Key)
            .Select(step => new PlanStep(
                step.Key,
                [.. step.GroupBy(r => r.Transfer).OrderBy(g => g.Key).Select(transfer => new Transfer(
                    transfer.Key,
                    [.. transfer.Where(r => r.Role == TransferRole.From).OrderBy(r => r.TankId, StringComparer.Ordinal).Select(r => new TankVolume(r.TankId, r.Volume))],
                    [.. transfer.Where(r => r.Role == TransferRole.To).OrderBy(r => r.TankId, StringComparer.Ordinal).Select(r => new TankVolume(r.TankId, r.Volume))]))]));
        return new Plan([.. planSteps]);
    }
}
