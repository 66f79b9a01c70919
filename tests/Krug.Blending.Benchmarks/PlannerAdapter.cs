using Krug.Blending.Domain;
using Krug.Blending.Optimization;

namespace Krug.Blending.Benchmarks;

/// <summary>What the benchmark tables read of one planning run; empty values when there is no plan.</summary>
/// <param name="Status">The planner's status, as printed.</param>
/// <param name="MaxDeviationPp">L∞: the largest deviation of any wine, in percentage points.</param>
/// <param name="EuclideanPp">Euclidean distance to the formula, in percentage points.</param>
/// <param name="Volume">Blend volume in the cellar's units.</param>
/// <param name="Transfers">Transfers, the final one included.</param>
/// <param name="Steps">Steps.</param>
/// <param name="BoundPp">Proven lower bound on L∞ within the searched family, when known.</param>
/// <param name="WallClockCutIn">Whether the time limit, not the work limit, ended part of the search (the row may not reproduce).</param>
/// <param name="LeftoverBlends">Capacity left holding mixtures that are not the blend.</param>
internal sealed record PlanOutcome(
    string Status,
    double? MaxDeviationPp,
    double? EuclideanPp,
    long? Volume,
    int? Transfers,
    int? Steps,
    double? BoundPp,
    bool WallClockCutIn,
    long? LeftoverBlends);

/// <summary>How the benchmark asks for a plan.</summary>
/// <param name="TimeLimitSeconds">The time limit in real seconds, as <c>--time-limit</c>.</param>
/// <param name="WorkLimit">The work limit, as <c>--work-limit</c>; <see langword="null"/> for the product's default.</param>
/// <param name="Strategy">The family to search; the product's default unless measuring one.</param>
/// <param name="GroupSplits">Whether split-then-assemble may pour tanks together (only with leftovers allowed).</param>
/// <param name="AllowLeftoverBlends">Whether plans may leave mixtures behind, as <c>--allow-leftover-blends</c>.</param>
internal sealed record BenchmarkSettings(double TimeLimitSeconds, double? WorkLimit = null, PlanningStrategy Strategy = PlanningStrategy.Auto, bool GroupSplits = true, bool AllowLeftoverBlends = false);

/// <summary>
/// The one call from the benchmark tables into the planner, as <c>krug-blend plan</c> makes it: the
/// request at the default volume (the formula-limited volume or the empty room), solver defaults, a
/// budget in real seconds.
/// </summary>
internal static class PlannerAdapter
{
    public static PlanOutcome Plan(Cellar cellar, Formula formula, BenchmarkSettings settings)
    {
        var result = Run(Request(cellar, formula, settings), settings);
        var blend = result.Blend;
        return new PlanOutcome(
            result.Status.ToString() + (result.Verdict.OffFormula ? " (off formula)" : string.Empty),
            blend?.MaxDeviationPp,
            blend?.EuclideanPp,
            blend?.Volume,
            blend?.Transfers,
            blend?.Steps,
            result.BoundPp,
            result.WallClockCutIn,
            blend?.After.LeftoverBlendVolume);
    }

    /// <summary>The request <c>krug-blend plan</c> makes for this cellar and formula.</summary>
    public static BlendRequest Request(Cellar cellar, Formula formula, BenchmarkSettings settings) =>
        new BlendRequest(cellar, formula) { AllowLeftoverBlends = settings.AllowLeftoverBlends }.AtDefaultVolume();

    /// <summary>Plans <paramref name="request"/> with the settings' strategy and budget.</summary>
    public static PlanningResult Run(BlendRequest request, BenchmarkSettings settings) =>
        BlendPlanner.Plan(
            request,
            new SolverSettings { Strategy = settings.Strategy, GroupSplits = settings.GroupSplits },
            new Budget(TimeSpan.FromSeconds(settings.TimeLimitSeconds), settings.WorkLimit));

    /// <summary>The product's order on plans for <paramref name="request"/>.</summary>
    public static PlanOrder Order(BlendRequest request) => new(request, new SolverSettings().AccuracyResolutionPp);
}
