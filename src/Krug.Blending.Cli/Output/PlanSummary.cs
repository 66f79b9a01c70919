using System.Globalization;
using Krug.Blending.Optimization;

namespace Krug.Blending.Cli.Output;

/// <summary>The status lines that close a plan's console output: how good the plan is known to be.</summary>
internal static class PlanSummary
{
    public const int LabelWidth = 18;

    public static IEnumerable<(string Label, string Value)> Lines(PlanningResult result)
    {
        yield return ("Status", JsonOutput.Name(result.Status) + (result.Interrupted ? " (interrupted)" : string.Empty));
        yield return ("Strategy", result.Strategy);
        if (result.Status == PlanStatus.Optimal && result.Blend is not null)
        {
            yield return ("Bound", $"proven optimal: {NoneCloser(result.Strategy)} (see Note)");
        }
        else if (result.BoundPp is { } bound)
        {
            yield return ("Bound", Points(bound) + $" pp ({NoneCloser(result.Strategy)})");
        }

        if (result.GapPp is { } gap && result.Status != PlanStatus.Optimal)
        {
            yield return ("Gap", Points(gap) + " pp");
        }

        yield return ("Time", result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        yield return ("Note", result.Message);
    }

    // The multi-level search reports split-then-assemble's bound: nothing bounds plans that blend first.
    private static string NoneCloser(string strategy) => strategy == BlendPlanner.StrategyName(PlanningStrategy.MultiLevel)
        ? "no split-then-assemble plan is closer"
        : "no plan of this strategy's family is closer";

    private static string Points(double value) => ReportNumbers.Format(value, ReportNumbers.PointDecimals);
}
