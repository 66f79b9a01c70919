namespace Krug.Blending.Optimization;

/// <summary>Which family of plans a planner searches.</summary>
public enum PlanningStrategy
{
    /// <summary>The exhaustive planner when the cellar is small enough, the multi-level search otherwise.</summary>
    Auto,

    /// <summary>One step of splits, then one assembling transfer, solved by CP-SAT.</summary>
    SplitAssemble,

    /// <summary>Every sequence of transfers up to the request's most steps, with exact arithmetic (small cellars only).</summary>
    Exhaustive,

    /// <summary>Pre-blending transfers chosen by a search, each cellar state assembled by CP-SAT.</summary>
    MultiLevel,
}

/// <summary>
/// How to search, as opposed to what is asked (<c>BlendRequest</c>) and for how long
/// (<see cref="Budget"/>). The same request, settings and work limit always give the same plan.
/// </summary>
public sealed record SolverSettings
{
    /// <summary>The family of plans to search.</summary>
    public PlanningStrategy Strategy { get; init; } = PlanningStrategy.Auto;

    /// <summary>Random seed of the solver.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Solver worker threads. The plan depends on this number, so it is fixed rather than taken from the machine.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>
    /// The step, in percentage points, in which plans are compared for accuracy (see
    /// <see cref="PlanOrder"/>): plans in the same step tie on accuracy, and the later criteria
    /// (waste, volume, transfers) decide between them. It gives the later objectives room to move.
    /// Zero compares exact deviations.
    /// </summary>
    public decimal AccuracyResolutionPp { get; init; } = 0.001m;

    /// <summary>
    /// Whether a split-then-assemble split may pour a few whole tanks together (see
    /// <c>GroupCandidates</c>); only when the request allows leftover blends, because the unused
    /// pieces of such a split are mixtures. Off only to measure the plain family.
    /// </summary>
    internal bool GroupSplits { get; init; } = true;
}
