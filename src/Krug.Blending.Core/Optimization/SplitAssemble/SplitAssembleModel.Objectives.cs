using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>What the order on plans sees in the model: its objectives, and τ in percentage points.</summary>
internal sealed partial class SplitAssembleModel
{
    /// <summary>
    /// The objective that stands for <paramref name="criterion"/> of the order on plans, or
    /// <see langword="null"/> when this family cannot vary it once the earlier criteria are fixed.
    /// </summary>
    public IntVar? Objective(PlanCriterion criterion) => criterion switch
    {
        PlanCriterion.Accuracy => AccuracyObjective,
        PlanCriterion.Waste => AllowWaste ? Waste : null,
        PlanCriterion.LeftoverBlends => _limits.AllowLeftoverBlends && Sources.Any(s => s.LeavesMixture) ? LeftoverBlends : null,
        PlanCriterion.Volume => VolumeOffTarget,
        PlanCriterion.Transfers => Splits,
        // Steps are 1 without splits and 2 with: fewest transfers already gives fewest steps.
        PlanCriterion.Steps => null,
        _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, null),
    };

    /// <summary>
    /// How far τ can sit above a plan's exact largest deviation, in τ units: τ is rounded up (1), and
    /// each target share was rounded to the nearest part of <see cref="TargetShares.Scale"/> (½). A
    /// bound on τ proves a bound on the exact deviation only after taking this off.
    /// </summary>
    public const double TauRoundingSlack = 1.5;

    /// <summary>τ as percentage points (close to the plan's exact deviation, which the verifier computes).</summary>
    public double TauToPp(long tau) => tau / (double)_targets.Scale * 100.0;

    /// <summary>A proven bound on τ as a proven bound on the exact largest deviation, in percentage points.</summary>
    public double BoundToPp(long boundTau) => Math.Max(0.0, (boundTau - TauRoundingSlack) / _targets.Scale * 100.0);

    /// <summary>
    /// The largest τ that stays in the same accuracy step as <paramref name="tau"/> under the order on
    /// plans (<see cref="PlanOrder.AccuracyKey"/>): the later stages may use that room. Zero room
    /// without a resolution; the whole tolerance when τ is within it.
    /// </summary>
    public long SameAccuracyStep(long tau, decimal resolutionPp)
    {
        if (ToleratedTau is { } tolerated && tau <= tolerated)
        {
            return tolerated;
        }

        var step = (long)Math.Floor(resolutionPp / 100m * _targets.Scale);
        if (step <= 1)
        {
            return tau;
        }

        // One unit below the step's top: τ is rounded up, so the exact deviation of a plan at the top could cross into the next step.
        var top = (tau + step - 1) / step * step;
        return Math.Max(tau, top - 1);
    }
}
