using System.Diagnostics;
using Krug.Blending.Domain;
using Krug.Blending.Optimization.Exhaustive;
using Krug.Blending.Optimization.MultiLevel;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>
/// The product's planner: picks the strategy, runs it and replays the plan with
/// <see cref="PlanVerifier"/> before anyone sees it.
/// </summary>
public static class BlendPlanner
{
    /// <summary>
    /// Plans the blend of <paramref name="formula"/> in <paramref name="cellar"/>.
    /// Expected outcomes (no plan, time-out, interruption) come back as a <see cref="PlanningResult"/>.
    /// </summary>
    /// <exception cref="PlanVerificationException">A strategy produced a plan that breaks the cellar rules (a bug).</exception>
    public static PlanningResult Plan(
        Cellar cellar,
        Formula formula,
        PlanningOptions options,
        IPlanningObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(options);

        var clock = Stopwatch.StartNew();
        var strategy = options.Strategy;
        if (strategy == PlanningStrategy.Auto)
        {
            strategy = ExhaustivePlanner.IsSmallEnough(cellar, options) && !options.AllowWaste
                ? PlanningStrategy.Exhaustive
                : PlanningStrategy.MultiLevel;
        }

        var outcome = strategy switch
        {
            PlanningStrategy.SplitAssemble => SplitAssemblePlanner.Search(cellar, formula, options, observer, cancellationToken),
            PlanningStrategy.Exhaustive => Exhaustive(cellar, formula, options, observer, cancellationToken),
            PlanningStrategy.MultiLevel => MultiLevelPlanner.Search(cellar, formula, options, observer, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(options), strategy, "Unknown planning strategy."),
        };

        if (options.Strategy == PlanningStrategy.Auto && strategy == PlanningStrategy.Exhaustive
            && outcome.Status is PlanStatus.Feasible or PlanStatus.TimeoutWithoutPlan && !cancellationToken.IsCancellationRequested)
        {
            // The exhaustive search ran out of budget: the multi-level search may still do better on what is left unexplored.
            observer?.OnMessage("The exhaustive search did not finish; trying the multi-level search as well.");
            var fallback = MultiLevelPlanner.Search(cellar, formula, options, observer, cancellationToken);
            if (IsBetter(cellar, formula, options, fallback, outcome))
            {
                return Finish(cellar, formula, options, StrategyName(PlanningStrategy.MultiLevel), fallback, clock.Elapsed);
            }
        }

        return Finish(cellar, formula, options, StrategyName(strategy), outcome, clock.Elapsed);
    }

    private static bool IsBetter(Cellar cellar, Formula formula, PlanningOptions options, SearchOutcome candidate, SearchOutcome incumbent)
    {
        if (candidate.Plan is null)
        {
            return false;
        }

        if (incumbent.Plan is null)
        {
            return true;
        }

        var verification = options.ToVerificationOptions();
        var candidateReport = PlanVerifier.Verify(cellar, formula, candidate.Plan, verification).Blend;
        var incumbentReport = PlanVerifier.Verify(cellar, formula, incumbent.Plan, verification).Blend;
        return candidateReport is not null && (incumbentReport is null || PlanRanking.Compare(candidateReport, incumbentReport, options) < 0);
    }

    private static SearchOutcome Exhaustive(Cellar cellar, Formula formula, PlanningOptions options, IPlanningObserver? observer, CancellationToken cancellationToken)
    {
        var result = ExhaustivePlanner.Search(cellar, formula, options, observer, cancellationToken);
        var interrupted = cancellationToken.IsCancellationRequested;
        if (result.Best is null)
        {
            var status = result.Complete ? PlanStatus.NoPlan : PlanStatus.TimeoutWithoutPlan;
            return new SearchOutcome(null, status, null, result.Message, interrupted);
        }

        if (result.Complete)
        {
            // The search is exact: its bound is the plan's own accuracy, which Finish takes from the verified report.
            return new SearchOutcome(result.Best, PlanStatus.Optimal, null, result.Message, interrupted);
        }

        return new SearchOutcome(result.Best, PlanStatus.Feasible, null, result.Message, interrupted);
    }

    /// <summary>The name the docs and reports use for a strategy.</summary>
    public static string StrategyName(PlanningStrategy strategy) => strategy switch
    {
        PlanningStrategy.Auto => "auto",
        PlanningStrategy.SplitAssemble => "split-assemble",
        PlanningStrategy.Exhaustive => "exhaustive",
        PlanningStrategy.MultiLevel => "multi-level",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    private static PlanningResult Finish(Cellar cellar, Formula formula, PlanningOptions options, string strategy, SearchOutcome outcome, TimeSpan elapsed)
    {
        if (outcome.Plan is null)
        {
            return new PlanningResult(outcome.Status, null, null, outcome.BoundPp, strategy, outcome.Message, elapsed, outcome.Interrupted);
        }

        var report = PlanVerifier.Verify(cellar, formula, outcome.Plan, options.ToVerificationOptions());
        if (!report.IsValid)
        {
            throw new PlanVerificationException(strategy, report);
        }

        var bound = outcome.BoundPp ?? (outcome.Status == PlanStatus.Optimal ? report.Blend!.MaxDeviationPp : null);
        return new PlanningResult(outcome.Status, outcome.Plan, report.Blend, bound, strategy, outcome.Message, elapsed, outcome.Interrupted);
    }
}
