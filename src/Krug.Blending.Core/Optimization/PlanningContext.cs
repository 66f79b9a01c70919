using System.Collections.Immutable;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization;

/// <summary>The tanks of a request that a plan may touch, split into full and empty, in input order.</summary>
/// <param name="Full">Usable full tanks.</param>
/// <param name="Empty">Usable empty tanks.</param>
internal sealed record UsableCellar(ImmutableArray<Tank> Full, ImmutableArray<Tank> Empty)
{
    /// <summary>Applies the request's exclusions (<see cref="BlendRequest.IsUsable"/>) once.</summary>
    public static UsableCellar Of(BlendRequest request)
    {
        var usable = request.UsableTanks.ToList();
        return new UsableCellar([.. usable.Where(t => t.IsFull)], [.. usable.Where(t => !t.IsFull)]);
    }

    /// <summary>Every usable tank.</summary>
    public int Count => Full.Length + Empty.Length;
}

/// <summary>
/// Everything a strategy works with, made once per run by <see cref="BlendPlanner"/>: the request
/// and its usable tanks, how to search, the order on plans, the budget, progress and cancellation.
/// </summary>
internal sealed class PlanningContext
{
    public PlanningContext(BlendRequest request, SolverSettings settings, Budget budget, ProgressReporter progress, CancellationToken cancellation)
    {
        Request = request;
        Settings = settings;
        Budget = budget;
        Progress = progress;
        Cancellation = cancellation;
        Usable = UsableCellar.Of(request);
        Order = new PlanOrder(request, settings.AccuracyResolutionPp);
        Targets = TargetShares.From(request.Formula, TargetShares.PartsPerMillion);
    }

    private PlanningContext(PlanningContext other, BlendRequest request, Budget budget)
    {
        Request = request;
        Settings = other.Settings;
        Budget = budget;
        Progress = other.Progress;
        Cancellation = other.Cancellation;
        Usable = other.Usable;
        Order = ReferenceEquals(request, other.Request) ? other.Order : new PlanOrder(request, other.Settings.AccuracyResolutionPp);
        Targets = other.Targets;
    }

    public BlendRequest Request { get; }

    public SolverSettings Settings { get; }

    public Budget Budget { get; }

    public ProgressReporter Progress { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>The usable tanks, exclusions applied once for the whole run.</summary>
    public UsableCellar Usable { get; }

    public PlanOrder Order { get; }

    /// <summary>The formula's shares in parts per million, for integer models.</summary>
    public TargetShares Targets { get; }

    public bool IsCancelled => Cancellation.IsCancellationRequested;

    /// <summary>
    /// <paramref name="laterWork"/> where the run's parts are paced (see <see cref="Budget.Pace"/>), 0 where
    /// they are not: with leftover blends allowed the accuracy phase's group splits are where the plan's
    /// accuracy comes from, and on the house cellar at 60 s on a slow machine pacing it for the later parts
    /// cost 0.1065 → 0.3055 pp, so such runs keep the clock for the part running.
    /// </summary>
    public double PaceFor(double laterWork) => Request.AllowLeftoverBlends ? 0 : laterWork;

    /// <summary>
    /// A part of a run: <paramref name="share"/> (0 to 1) of <paramref name="budget"/>'s work left, paced
    /// (<see cref="PaceFor"/>) against the rest of that work and <paramref name="laterWork"/> units planned
    /// on top of it.
    /// </summary>
    public Budget Part(Budget budget, double share, double laterWork = 0)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return budget.Slice(share).Pace(PaceFor((budget.WorkLeft * (1 - share)) + laterWork));
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/> under
    /// the order, both replayed against the request (a plan that fails the replay never wins; no plan
    /// loses to any plan).
    /// </summary>
    public bool IsBetter(Plan? candidate, Plan? incumbent)
    {
        if (candidate is null)
        {
            return false;
        }

        var a = Verification.PlanVerifier.Verify(Request, candidate);
        if (!a.IsValid)
        {
            return false;
        }

        if (incumbent is null)
        {
            return true;
        }

        var b = Verification.PlanVerifier.Verify(Request, incumbent);
        return !b.IsValid || Order.IsBetter(a.Blend!, b.Blend!);
    }

    /// <summary>The same run with another budget (a slice of this one).</summary>
    public PlanningContext With(Budget budget) => new(this, Request, budget);

    /// <summary>
    /// The same run for another request on the same tanks (the pipeline's waste-free candidate); the
    /// usable tanks must not change.
    /// </summary>
    public PlanningContext With(BlendRequest request, Budget budget)
    {
        if (!request.ExcludedTanks.SetEquals(Request.ExcludedTanks) || !request.KeptWines.SetEquals(Request.KeptWines) || !ReferenceEquals(request.Cellar, Request.Cellar))
        {
            throw new ArgumentException("A derived request must keep the cellar and its exclusions.", nameof(request));
        }

        return new(this, request, budget);
    }
}

/// <summary>What a strategy found, before the pipeline verifies it.</summary>
/// <param name="Strategy">The strategy whose plan this is (auto names the one it ran).</param>
/// <param name="Plan">Best plan found, or <see langword="null"/>.</param>
/// <param name="Status">Optimal only when the whole family was searched.</param>
/// <param name="BoundPp">Proven lower bound on the largest deviation within <paramref name="Family"/>, in percentage points, when known.</param>
/// <param name="Family">The plans the status and bound cover, e.g. "split-then-assemble plans".</param>
/// <param name="Message">What was proven, or why there is no plan.</param>
internal sealed record StrategyOutcome(PlanningStrategy Strategy, Plan? Plan, PlanStatus Status, double? BoundPp, string Family, string Message);

/// <summary>
/// A way of searching plans. Every strategy plans within <see cref="PlanningContext.Request"/>,
/// spends <see cref="PlanningContext.Budget"/> (charging its work, stopping when it is spent),
/// reports improvements through <see cref="PlanningContext.Progress"/> and stops on cancellation
/// with the best plan so far. Its plan must pass the verifier against the request.
/// </summary>
internal interface IPlanningStrategy
{
    /// <summary>Which strategy this is.</summary>
    PlanningStrategy Kind { get; }

    /// <summary>Searches for the best plan under the context's order.</summary>
    StrategyOutcome Search(PlanningContext context);
}
