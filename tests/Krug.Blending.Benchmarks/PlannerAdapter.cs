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
internal sealed record PlanOutcome(
    string Status,
    double? MaxDeviationPp,
    double? EuclideanPp,
    long? Volume,
    int? Transfers,
    int? Steps,
    double? BoundPp);

/// <summary>
/// The one call from the benchmark tables into the planner. The planner's API is being changed;
/// keeping the call and the reading of its result here means that change edits this file only.
/// (The sweeps compare plans with the product's own ranking and call the planner themselves.)
/// </summary>
internal static class PlannerAdapter
{
    /// <param name="cellar">The cellar.</param>
    /// <param name="formula">The formula.</param>
    /// <param name="timeLimitSeconds">Deterministic budget in seconds.</param>
    /// <param name="strategy">The family to search; the product's default unless measuring one.</param>
    /// <param name="groupSplits">Whether split-then-assemble may pour tanks together (off only to measure the plain family).</param>
    public static PlanOutcome Plan(Cellar cellar, Formula formula, double timeLimitSeconds, PlanningStrategy strategy = PlanningStrategy.Auto, bool groupSplits = true)
    {
        var options = new PlanningOptions { TimeLimitSeconds = timeLimitSeconds, Strategy = strategy, GroupSplits = groupSplits };
        var result = BlendPlanner.Plan(cellar, formula, options);
        var blend = result.Blend;
        return new PlanOutcome(result.Status.ToString(), blend?.MaxDeviationPp, blend?.EuclideanPp, blend?.Volume, blend?.Transfers, blend?.Steps, result.BoundPp);
    }
}
