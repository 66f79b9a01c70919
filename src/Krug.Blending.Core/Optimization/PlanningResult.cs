using System.Collections.Immutable;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>How good the plan returned is known to be.</summary>
public enum PlanStatus
{
    /// <summary>A plan proven best within the searched family (see <see cref="PlanningResult.Verdict"/> for what it covers).</summary>
    Optimal,

    /// <summary>A plan, but the search stopped before proving it best; the bound, when known, says how far it may be.</summary>
    Feasible,

    /// <summary>Proven: no plan of the searched family satisfies the cellar rules and the request.</summary>
    NoPlan,

    /// <summary>The budget ran out before any plan was found.</summary>
    TimeoutWithoutPlan,
}

/// <summary>An improvement found while searching, for progress reports.</summary>
/// <param name="Elapsed">Time since the run began.</param>
/// <param name="Stage">What the search is doing, e.g. <c>accuracy</c>, <c>volume</c>.</param>
/// <param name="MaxDeviationPp">Largest deviation of the best plan so far, in percentage points.</param>
/// <param name="Volume">Blend volume of the best plan so far, in volume units.</param>
/// <param name="BoundPp">Best proven lower bound on the largest deviation, in percentage points, when known.</param>
public sealed record PlanningProgress(TimeSpan Elapsed, string Stage, double MaxDeviationPp, long Volume, double? BoundPp);

/// <summary>Receives what a planner reports while it works. Calls may come from solver threads.</summary>
public interface IPlanningObserver
{
    /// <summary>A better plan was found: never a worse one than reported before in the same run.</summary>
    void OnProgress(PlanningProgress progress);

    /// <summary>A line of the solver's own log (debug detail).</summary>
    void OnSolverLog(string line);

    /// <summary>A message worth showing to the user (information level).</summary>
    void OnMessage(string message);
}

/// <summary>
/// What the plan is worth, in the words the user reads first.
/// </summary>
/// <param name="Summary">
/// What the status covers, e.g. "optimal among split-then-assemble plans of 5938–6562 hL" or
/// "best found, no bound".
/// </param>
/// <param name="Warnings">
/// Why the plan may not be what the user wants: a formula wine of at least
/// <see cref="Verdict.MissingShareThresholdPercent"/> % missing from the blend, a deviation beyond the
/// tolerance, a result that may differ run to run.
/// </param>
/// <param name="OffFormula">
/// Whether the blend misses a formula wine of at least <see cref="Verdict.MissingShareThresholdPercent"/> %
/// or exceeds the request's tolerance: a plan, but not a good one, which scripts must be able to tell.
/// </param>
public sealed record Verdict(string Summary, ImmutableArray<string> Warnings, bool OffFormula)
{
    /// <summary>A formula wine at least this large (percent) that is absent from the blend makes the plan off formula.</summary>
    public const decimal MissingShareThresholdPercent = 1m;

    /// <summary>
    /// Why <paramref name="blend"/> is off formula for <paramref name="request"/>, one sentence per
    /// reason: each formula wine of at least <see cref="MissingShareThresholdPercent"/> % absent from
    /// the blend, and a largest deviation beyond the request's tolerance. Empty when it is on formula.
    /// </summary>
    public static ImmutableArray<string> OffFormulaReasons(BlendRequest request, BlendReport blend)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(blend);
        var reasons = ImmutableArray.CreateBuilder<string>();
        var threshold = Arithmetic.Fraction.FromDecimal(MissingShareThresholdPercent);
        foreach (var wine in blend.Wines.Where(w => w.Target * 100 >= threshold && w.Achieved.IsZero))
        {
            reasons.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Formula wine {wine.Wine} ({wine.TargetPercent:0.###} %) is missing from the blend."));
        }

        if (request.TolerancePp is { } tolerance && blend.MaxDeviation * 100 > Arithmetic.Fraction.FromDecimal(tolerance))
        {
            reasons.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The largest deviation, {blend.MaxDeviationPp:0.####} pp, exceeds the tolerance of {tolerance} pp."));
        }

        return reasons.ToImmutable();
    }
}

/// <summary>
/// The outcome of planning. Whenever <see cref="Plan"/> is set it has been replayed by
/// <see cref="PlanVerifier"/> against the request and broke nothing, and <see cref="Blend"/> is that
/// replay's report.
/// </summary>
/// <param name="Status">How good the plan is known to be.</param>
/// <param name="Plan">The plan, or <see langword="null"/> for <see cref="PlanStatus.NoPlan"/> and <see cref="PlanStatus.TimeoutWithoutPlan"/>.</param>
/// <param name="Blend">The verified final blend of <paramref name="Plan"/>, with the cellar after it.</param>
/// <param name="BoundPp">Proven lower bound on the largest deviation (percentage points) within the searched family, when known.</param>
/// <param name="Strategy">The strategy whose plan this is, as the docs name it.</param>
/// <param name="Message">One or two sentences for the user: why there is no plan, what was proven.</param>
/// <param name="Elapsed">Wall-clock time spent, from the start of the budget.</param>
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
    /// <summary>What the plan is worth and what to watch for.</summary>
    public Verdict Verdict { get; init; } = new(string.Empty, [], false);

    /// <summary>
    /// Whether the wall clock, not the work limit, ended part of the search: the same input may then
    /// give another plan on another run. Give a larger time limit, or a smaller work limit, for
    /// reproducible runs.
    /// </summary>
    public bool WallClockCutIn { get; init; }

    /// <summary>Work units spent (see <see cref="Budget"/>).</summary>
    public double WorkSpent { get; init; }

    /// <summary>What limits the volume of this formula from this cellar.</summary>
    public VolumeLimits? Limits { get; init; }

    /// <summary>Largest deviation minus the bound, in percentage points, when both are known.</summary>
    public double? GapPp => Blend is not null && BoundPp is { } bound ? Math.Max(0, Blend.MaxDeviationPp - bound) : null;
}
