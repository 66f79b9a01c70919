using System.Collections.Immutable;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// A full tank the model may leave alone, pour whole into the blend, or split. Its contents are a
/// constant composition (a pure wine, a lot the cellar held at the start, or a blend made by earlier
/// steps), so every wine's volume in the final blend stays linear in the decisions. Pieces of a lot
/// may stay behind like pieces of a pure wine: they are still that lot.
/// </summary>
/// <remarks>
/// A <em>group</em> (non-empty <see cref="Members"/>) is not a tank but a few whole full tanks that
/// one split transfer pours together into the pieces: its contents are their blend and its capacity
/// their total. The model only splits a group (pouring it whole is pouring its members whole), and
/// a split group's members are emptied like a split tank, so they may receive the final blend.
/// </remarks>
internal sealed record SourceTank(string Id, long Capacity, Composition Contents)
{
    /// <summary>A tank holding one pure wine.</summary>
    public SourceTank(string id, long capacity, string wine)
        : this(id, capacity, Composition.Pure(wine))
    {
    }

    /// <summary>
    /// Whether the tank holds a blend an earlier step of the plan made (a pre-blend): unless the
    /// request allows leftover blends, such a tank must end in the final blend.
    /// </summary>
    public bool MadeByPlan { get; init; }

    /// <summary>
    /// Whether what this source would leave behind is a mixture that was not in the cellar: a group's
    /// unused pieces, or a pre-blend not poured into the final blend.
    /// </summary>
    public bool LeavesMixture => IsGroup || MadeByPlan;

    /// <summary>The tanks a group pours together; empty for a tank.</summary>
    public ImmutableArray<SourceTank> Members { get; init; } = [];

    /// <summary>Whether this is a group of tanks rather than one tank.</summary>
    public bool IsGroup => !Members.IsDefaultOrEmpty;

    /// <summary>
    /// Orders and groups interchangeable tanks: the wine's name for a pure tank (so pure cellars keep
    /// the order they always had), the composition after every pure name for a blend, and a group's
    /// member ids after everything else (groups are never interchangeable).
    /// </summary>
    public string ContentKey => IsGroup
        ? "\uFFFF\uFFFF" + Id
        : Contents.IsPure ? Contents.Shares.Keys.First() : "\uFFFF" + Contents;

    /// <summary>The group of <paramref name="members"/> (whole full tanks of one or more wines).</summary>
    public static SourceTank Group(IReadOnlyList<SourceTank> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2 || members.Any(m => m.IsGroup))
        {
            throw new ArgumentException("A group needs at least two tanks, none of them a group.", nameof(members));
        }

        var ordered = members.OrderBy(m => m.Id, StringComparer.Ordinal).ToImmutableArray();
        return new SourceTank(
            string.Join('+', ordered.Select(m => m.Id)),
            ordered.Sum(m => m.Capacity),
            Composition.Mix(ordered.Select(m => (m.Contents, m.Capacity))))
        {
            Members = ordered,
        };
    }
}

/// <summary>Empty tanks of one capacity: interchangeable, so the model only counts them.</summary>
internal sealed record EmptyClass(long Capacity, ImmutableArray<string> TankIds);
