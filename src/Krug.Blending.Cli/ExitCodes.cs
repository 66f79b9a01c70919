using Krug.Blending.Optimization;

namespace Krug.Blending.Cli;

/// <summary>
/// Process exit codes; docs/exit-codes.md is the contract scripts rely on. Codes 0 and 5 both
/// mean that a verified plan was produced.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success: the plan is proven optimal (plan), or the plan is valid (verify).</summary>
    public const int Success = 0;

    /// <summary>The command line is wrong (unknown option, missing value).</summary>
    public const int UsageError = 2;

    /// <summary>An input file is missing, unreadable or malformed; the message names file, line and column.</summary>
    public const int InputError = 3;

    /// <summary>verify: the plan breaks at least one cellar rule.</summary>
    public const int InvalidPlan = 4;

    /// <summary>plan: a verified plan was produced but not proven optimal within the model family.</summary>
    public const int Feasible = 5;

    /// <summary>plan: no plan can satisfy the cellar rules and options (proven).</summary>
    public const int NoPlan = 6;

    /// <summary>plan: the time limit ran out before any plan was found.</summary>
    public const int TimeoutWithoutPlan = 7;

    /// <summary>An output file could not be written; nothing partial is left behind.</summary>
    public const int OutputError = 8;

    /// <summary>batch: some formulas got a verified plan, others did not (see the summary's status column).</summary>
    public const int BatchPartial = 9;

    /// <summary>batch: no formula got a verified plan.</summary>
    public const int BatchFailed = 10;

    /// <summary>
    /// plan: a verified plan was produced, but it misses the formula: a formula wine of at least 1 %
    /// is absent from the blend, or the largest deviation exceeds --tolerance. Written, but not a good plan.
    /// </summary>
    public const int OffFormula = 11;

    /// <summary>Interrupted (Ctrl-C); the best verified plan so far, if any, was still written.</summary>
    public const int Interrupted = 130;

    /// <summary>A bug: an unexpected exception, or a plan that failed verification. Please report it.</summary>
    public const int InternalError = 70;

    /// <summary>The exit code of a planning result (interruption and output errors are the caller's).</summary>
    public static int Of(PlanningResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            PlanStatus.Optimal or PlanStatus.Feasible when result.Verdict.OffFormula => OffFormula,
            PlanStatus.Optimal => Success,
            PlanStatus.Feasible => Feasible,
            PlanStatus.NoPlan => NoPlan,
            PlanStatus.TimeoutWithoutPlan => TimeoutWithoutPlan,
            _ => throw new InvalidOperationException($"Unknown status {result.Status}."),
        };
    }
}
