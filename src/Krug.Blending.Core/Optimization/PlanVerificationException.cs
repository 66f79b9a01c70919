using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>
/// Thrown when a planner produces a plan that the verifier rejects. This is always a bug in the
/// planner: the plan is never shown or written.
/// </summary>
public sealed class PlanVerificationException : Exception
{
    /// <summary>Creates the exception for the given report.</summary>
    public PlanVerificationException(string strategy, VerificationReport report)
        : base($"The {strategy} planner produced a plan that breaks the cellar rules: " +
               string.Join("; ", (report ?? throw new ArgumentNullException(nameof(report))).Violations.Select(v => v.Message)))
    {
        Report = report;
    }

    /// <summary>Creates the exception with a message.</summary>
    public PlanVerificationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PlanVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public PlanVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The verifier's report on the broken plan, when known.</summary>
    public VerificationReport? Report { get; }
}
