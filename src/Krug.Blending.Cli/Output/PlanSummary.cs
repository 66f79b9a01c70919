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
            yield return ("Bound", "proven optimal: no plan of this strategy's family is closer (see Note)");
        }
        else if (result.BoundPp is { } bound)
        {
            yield return ("Bound", Points(bound) + " pp (no plan of this strategy's family is closer)");
        }

        if (result.GapPp is { } gap && result.Status != PlanStatus.Optimal)
        {
            yield return ("Gap", Points(gap) + " pp");
        }

        yield return ("Time", result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        yield return ("Note", result.Message);
    }

    private static string Points(double value) => ReportNumbers.Format(value, ReportNumbers.PointDecimals);
}
