using System.Collections.Immutable;

namespace Krug.Blending.Domain;

/// <summary>
/// What the cellar master asks for: the formula to blend from this cellar, how much, and what a
/// plan may and may not do. It says nothing of how to search (see <c>SolverSettings</c>) or for how
/// long (see <c>Budget</c>). The verifier checks a plan against the whole request, and every
/// planner plans within it. Volumes are in the cellar's integer volume units.
/// </summary>
/// <param name="Cellar">The cellar at the start, every tank included (excluded ones too: a plan must name real tanks).</param>
/// <param name="Formula">The target blend.</param>
public sealed record BlendRequest(Cellar Cellar, Formula Formula)
{
    /// <summary>The most steps a plan may take unless the request says otherwise.</summary>
    public const int DefaultMaxSteps = 6;

    /// <summary>Tanks the plan must not touch (maintenance, reserved).</summary>
    public ImmutableHashSet<string> ExcludedTanks { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>
    /// Wines whose tanks the plan must not touch: the tanks of a kept wine, and the tanks of every lot
    /// holding some of it. A lot's name keeps that lot's tanks (and only them).
    /// </summary>
    public ImmutableHashSet<string> KeptWines { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>The blend volume the plan must make (see <see cref="VolumeLimits.DefaultBand"/> for the usual choice).</summary>
    public VolumeBand Volume { get; init; } = VolumeBand.Any;

    /// <summary>Whether sources may be drawn partly (the rest oxidises and is wasted).</summary>
    public bool AllowWaste { get; init; }

    /// <summary>The most wine a plan may waste, in volume units; only with <see cref="AllowWaste"/>; <see langword="null"/> for no limit.</summary>
    public long? MaxWaste { get; init; }

    /// <summary>The most steps a plan may take; at least 1.</summary>
    public int MaxSteps { get; init; } = DefaultMaxSteps;

    /// <summary>The most transfers a plan may have, the final one included; <see langword="null"/> for no limit.</summary>
    public int? MaxTransfers { get; init; }

    /// <summary>
    /// When set, every plan whose largest deviation is within this many percentage points counts as
    /// on target: such plans tie on accuracy, and the rest of the order on plans decides.
    /// </summary>
    public decimal? TolerancePp { get; init; }

    /// <summary>
    /// Whether a plan may leave tanks holding a mixture that is not the final blend (an unused
    /// pre-blend, unused pieces of tanks poured together). Off by default: a mixed reserve can no
    /// longer serve another cuvée.
    /// </summary>
    public bool AllowLeftoverBlends { get; init; }

    /// <summary>
    /// Bounds on the share of sets of wines in the final blend (a variety, a vintage, a cru): every
    /// plan must meet all of them, and the verifier checks each. Empty by default.
    /// </summary>
    public ImmutableArray<ShareRequirement> Requirements { get; init; } = [];

    /// <summary>
    /// Whether a plan may touch <paramref name="tank"/>: it is not excluded, does not hold a kept
    /// wine (alone or in a lot) and is not a kept lot. The one definition of the usable part of the cellar.
    /// </summary>
    public bool IsUsable(Tank tank)
    {
        ArgumentNullException.ThrowIfNull(tank);
        if (ExcludedTanks.Contains(tank.Id))
        {
            return false;
        }

        return tank.Content is null
            || (!KeptWines.Contains(tank.Content) && (tank.Lot is null || !tank.Lot.Composition.Shares.Keys.Any(KeptWines.Contains)));
    }

    /// <summary>The tanks a plan may touch, in input order.</summary>
    public IEnumerable<Tank> UsableTanks => Cellar.Tanks.Where(IsUsable);

    /// <summary>What limits the volume of a blend of this formula from the usable tanks.</summary>
    public VolumeLimits Limits => VolumeLimits.Of(this);

    /// <summary>
    /// The same request at the volume a cellar master would choose when they name none:
    /// <see cref="VolumeLimits.DefaultBand"/>.
    /// </summary>
    public BlendRequest AtDefaultVolume() => this with { Volume = Limits.DefaultBand() };
}
