using System.Globalization;
using Krug.Blending.Optimization;

namespace Krug.Blending.Cli.Output;

/// <summary>The status lines that close a plan's console output: what the plan is worth and what to watch for.</summary>
internal static class PlanSummary
{
    public const int LabelWidth = 18;

    public static IEnumerable<(string Label, string Value)> Lines(PlanningResult result, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(result);
        yield return ("Status", JsonOutput.Name(result.Status) + (result.Interrupted ? " (interrupted)" : string.Empty)
            + (result.Verdict.OffFormula ? ", OFF FORMULA" : string.Empty));
        yield return ("Verdict", result.Verdict.Summary);
        yield return ("Strategy", result.Strategy);
        if (result.BoundPp is { } bound && result.Status != PlanStatus.Optimal)
        {
            yield return ("Bound", Points(bound) + " pp");
        }

        if (result.GapPp is { } gap && result.Status != PlanStatus.Optimal)
        {
            yield return ("Gap", Points(gap) + " pp");
        }

        yield return ("Time", string.Create(CultureInfo.InvariantCulture,
            $"{result.Elapsed.TotalSeconds:0.0} s of {timeLimit.TotalSeconds:0.#} s; {result.WorkSpent:0.0} work units{(result.WallClockCutIn ? " (cut short by the time limit: another run may differ)" : string.Empty)}"));
        foreach (var warning in result.Verdict.Warnings)
        {
            yield return ("Warning", warning);
        }

        yield return ("Note", result.Message);
    }

    private static string Points(double value) => ReportNumbers.Format(value, ReportNumbers.PointDecimals);
}
