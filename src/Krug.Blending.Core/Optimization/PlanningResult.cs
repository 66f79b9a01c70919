using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>How good the plan returned is known to be.</summary>
public enum PlanStatus
{
    /// <summary>A plan proven best within the searched family (see the strategy).</summary>
    Optimal,

    /// <summary>A plan, but the search stopped before proving it best; the bound says how far it may be.</summary>
    Feasible,

    /// <summary>Proven: no plan satisfies the cellar rules and the options.</summary>
    NoPlan,

    /// <summary>The budget ran out before any plan was found.</summary>
    TimeoutWithoutPlan,
}

/// <summary>An improvement found while searching, for progress reports.</summary>
/// <param name="Elapsed">Time since the search began.</param>
/// <param name="Stage">What the search is doing, e.g. <c>accuracy</c>, <c>volume</c>.</param>
/// <param name="MaxDeviationPp">Largest deviation of the best plan so far, in percentage points.</param>
/// <param name="Volume">Blend volume of the best plan so far, in volume units.</param>
/// <param name="BoundPp">Best proven lower bound on the largest deviation, in percentage points, when known.</param>
public sealed record PlanningProgress(TimeSpan Elapsed, string Stage, double MaxDeviationPp, long Volume, double? BoundPp);

/// <summary>Receives what a planner reports while it works. Calls may come from solver threads.</summary>
public interface IPlanningObserver
{
    /// <summary>A better plan was found.</summary>
    void OnProgress(PlanningProgress progress);

    /// <summary>A line of the solver's own log (debug detail).</summary>
    void OnSolverLog(string line);

    /// <summary>A message worth showing to the user (information level).</summary>
    void OnMessage(string message);
}

/// <summary>
/// The outcome of planning. Whenever <see cref="Plan"/> is set it has been replayed by
/// <see cref="PlanVerifier"/> and <see cref="Blend"/> is that replay's report.
/// </summary>
/// <param name="Status">How good the plan is known to be.</param>
/// <param name="Plan">The plan, or <see langword="null"/> for <see cref="PlanStatus.NoPlan"/> and <see cref="PlanStatus.TimeoutWithoutPlan"/>.</param>
/// <param name="Blend">The verified final blend of <paramref name="Plan"/>.</param>
/// <param name="BoundPp">Proven lower bound on the largest deviation (percentage points) within the searched family, when known.</param>
/// <param name="Strategy">The family searched, as the docs name it.</param>
/// <param name="Message">One or two sentences for the user: why there is no plan, what was proven.</param>
/// <param name="Elapsed">Wall-clock time spent.</param>
/// <param name="Interrupted">Whether the search was stopped by the user before its budget ran out.</param>
public sealed record PlanningResult(
    PlanStatus Status,
    Plan? Plan,
    BlendReport? Blend,
    double? BoundPp,
    string Strategy,
    string Message,
    TimeSpan Elapsed,
    bool Interrupted)
{
    /// <summary>Largest deviation minus the bound, in percentage points, when both are known.</summary>
    public double? GapPp => Blend is not null && BoundPp is { } bound ? Math.Max(0, Blend.MaxDeviationPp - bound) : null;
}
