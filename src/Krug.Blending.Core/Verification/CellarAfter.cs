using System.Collections.Immutable;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Verification;

/// <summary>How a tank that the plan changed ends up.</summary>
public enum TankEnd
{
    /// <summary>It holds the final blend (a target of the last transfer).</summary>
    Blend,

    /// <summary>It holds wine as it was in the cellar at the start (a pure wine, a lot), but not where it was: a split piece, a tank refilled with another wine.</summary>
    Moved,

    /// <summary>It holds a mixture that is neither the final blend nor anything the cellar held at the start: a mixed reserve.</summary>
    LeftoverBlend,

    /// <summary>It was full and is now empty.</summary>
    Emptied,
}

/// <summary>A tank whose contents differ at the end of the plan from the start.</summary>
/// <param name="TankId">The tank.</param>
/// <param name="Capacity">Its capacity, in volume units.</param>
/// <param name="Before">What it held at the start, or <see langword="null"/> when it was empty.</param>
/// <param name="After">What it holds at the end, or <see langword="null"/> when it is empty.</param>
/// <param name="End">How it ends up.</param>
public sealed record TankChange(string TankId, long Capacity, Composition? Before, Composition? After, TankEnd End)
{
    /// <summary>The name of the lot the tank held at the start, or <see langword="null"/> when it held a wine or nothing.</summary>
    public string? BeforeLot { get; init; }

    /// <summary>
    /// The name of the lot whose make-up the tank holds at the end (a lot moved or split unchanged), or
    /// <see langword="null"/> when it holds a wine, another mixture or nothing.
    /// </summary>
    public string? AfterLot { get; init; }
}

/// <summary>A volume of one wine, exact (a share of a mixed tank need not be a whole number of units).</summary>
/// <param name="Wine">The wine.</param>
/// <param name="Volume">In volume units.</param>
public sealed record WineVolume(string Wine, Fraction Volume);

/// <summary>
/// The cellar after the plan, as far as the plan changed it: the work order's last page. Tanks the
/// plan leaves as they were are not listed.
/// </summary>
/// <param name="Changed">Every tank whose contents changed, ordered by id (ordinal).</param>
/// <param name="MovedNotUsed">
/// Per wine, the volume that the plan moved out of its tank but did not put in the blend: what
/// sits in <see cref="TankEnd.Moved"/> and <see cref="TankEnd.LeftoverBlend"/> tanks; by wine name.
/// </param>
public sealed record CellarAfter(ImmutableArray<TankChange> Changed, ImmutableArray<WineVolume> MovedNotUsed)
{
    /// <summary>The tanks left holding a mixture that is not the final blend.</summary>
    public IEnumerable<TankChange> LeftoverBlends => Changed.Where(c => c.End == TankEnd.LeftoverBlend);

    /// <summary>Total capacity of the tanks left holding a mixture that is not the final blend, in volume units.</summary>
    public long LeftoverBlendVolume => LeftoverBlends.Sum(c => c.Capacity);
}
