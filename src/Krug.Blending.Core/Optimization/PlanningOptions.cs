using System.Collections.Immutable;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>Which family of plans a planner searches.</summary>
public enum PlanningStrategy
{
    /// <summary>The exhaustive planner when the cellar is small enough, the multi-level search otherwise.</summary>
    Auto,

    /// <summary>One step of splits, then one assembling transfer, solved by CP-SAT.</summary>
    SplitAssemble,

    /// <summary>Every sequence of transfers up to <see cref="PlanningOptions.MaxSteps"/> steps, with exact arithmetic (small cellars only).</summary>
    Exhaustive,

    /// <summary>Pre-blending transfers chosen by a search, each cellar state assembled by CP-SAT.</summary>
    MultiLevel,
}

/// <summary>
/// What the user asks of a plan, and how long to search. Volumes are in the cellar's integer
/// volume units. The same options and input always give the same plan unless
/// <see cref="WallClockLimit"/> is set.
/// </summary>
public sealed record PlanningOptions
{
    /// <summary>Smallest acceptable blend volume; <see langword="null"/> for any positive volume.</summary>
    public long? MinVolume { get; init; }

    /// <summary>Largest acceptable blend volume; <see langword="null"/> for no limit.</summary>
    public long? MaxVolume { get; init; }

    /// <summary>
    /// When set, every plan whose largest deviation is within this many percentage points counts as
    /// on target, and the planner then prefers volume and fewer transfers.
    /// </summary>
    public decimal? TolerancePp { get; init; }

    /// <summary>Whether sources may be drawn partly (the rest oxidises and is wasted).</summary>
    public bool AllowWaste { get; init; }

    /// <summary>Most wine that may be wasted; only with <see cref="AllowWaste"/>; <see langword="null"/> for no limit.</summary>
    public long? MaxWaste { get; init; }

    /// <summary>Tanks the plan must not touch.</summary>
    public ImmutableHashSet<string> ExcludedTanks { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Wines whose tanks the plan must not touch.</summary>
    public ImmutableHashSet<string> KeptWines { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Most transfers the plan may have, the final one included; <see langword="null"/> for no limit.</summary>
    public int? MaxTransfers { get; init; }

    /// <summary>
    /// Search budget in seconds. By default a deterministic work limit (CP-SAT deterministic time,
    /// roughly seconds on a typical machine) so that results are reproducible.
    /// </summary>
    public double TimeLimitSeconds { get; init; } = 60;

    /// <summary>Whether <see cref="TimeLimitSeconds"/> is wall-clock time: faster to reason about, but results may differ run to run.</summary>
    public bool WallClockLimit { get; init; }

    /// <summary>Random seed of the solver.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Solver worker threads. The plan depends on this number, so it is fixed rather than taken from the machine.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The family of plans to search.</summary>
    public PlanningStrategy Strategy { get; init; } = PlanningStrategy.Auto;

    /// <summary>Most steps a plan may take (exhaustive and multi-level strategies).</summary>
    public int MaxSteps { get; init; } = 6;

    /// <summary>
    /// Slack on the best accuracy, in percentage points, granted to the later objectives (volume,
    /// transfers) so that they have room; the reported accuracy is always that of the plan returned.
    /// </summary>
    public decimal AccuracySlackPp { get; init; } = 0.001m;

    /// <summary>
    /// Whether a split-then-assemble split may pour a few whole tanks together (see
    /// <c>GroupCandidates</c>); off only to measure the plain family.
    /// </summary>
    internal bool GroupSplits { get; init; } = true;

    /// <summary>The verifier options that match these planning options.</summary>
    public VerificationOptions ToVerificationOptions() => new()
    {
        AllowWaste = AllowWaste,
        MaxWaste = AllowWaste ? MaxWaste : null,
        ExcludedTanks = ExcludedTanks,
        KeptWines = KeptWines,
    };
}
