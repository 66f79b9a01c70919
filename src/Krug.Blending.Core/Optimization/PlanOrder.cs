using System.Collections.Immutable;
using System.Numerics;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>One thing the order on plans looks at, in the order of <see cref="PlanOrder.Criteria"/>.</summary>
public enum PlanCriterion
{
    /// <summary>
    /// Closest to the formula: the largest deviation of any wine (L∞), compared in steps of the
    /// accuracy resolution; every plan within the request's tolerance counts as on target.
    /// </summary>
    Accuracy,

    /// <summary>Least wine wasted by partial draws.</summary>
    Waste,

    /// <summary>Least capacity left holding a mixture that is not the blend (only when the request allows it at all).</summary>
    LeftoverBlends,

    /// <summary>Volume closest to the request's target (the most volume when there is none).</summary>
    Volume,

    /// <summary>Fewest transfers.</summary>
    Transfers,

    /// <summary>Fewest steps.</summary>
    Steps,
}

/// <summary>
/// The product's one order on plans, for a given request: every strategy ranks with it, the
/// split-then-assemble stages are derived from <see cref="Criteria"/>, and tests compare with it.
/// Plans are compared criterion by criterion, each criterion reduced to an integer key where
/// smaller is better.
/// </summary>
public sealed class PlanOrder : IComparer<PlanScore>
{
    /// <summary>The criteria, most important first. Changing the order of plans is changing this list.</summary>
    public static ImmutableArray<PlanCriterion> Criteria { get; } =
    [
        PlanCriterion.Accuracy,
        PlanCriterion.Waste,
        PlanCriterion.LeftoverBlends,
        PlanCriterion.Volume,
        PlanCriterion.Transfers,
        PlanCriterion.Steps,
    ];

    private readonly Fraction _tolerance;
    private readonly bool _hasTolerance;

    /// <summary>The order for <paramref name="request"/>, comparing accuracy in steps of <paramref name="resolutionPp"/> percentage points.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The resolution is negative.</exception>
    public PlanOrder(BlendRequest request, decimal resolutionPp)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(resolutionPp);
        Band = request.Volume;
        ResolutionPp = resolutionPp;
        Resolution = Fraction.FromDecimal(resolutionPp) / 100;
        if (request.TolerancePp is { } tolerance)
        {
            _hasTolerance = true;
            _tolerance = Fraction.FromDecimal(tolerance) / 100;
        }
    }

    /// <summary>The volume band whose target the volume criterion measures against.</summary>
    public VolumeBand Band { get; }

    /// <summary>The accuracy step in percentage points.</summary>
    public decimal ResolutionPp { get; }

    /// <summary>The accuracy step as a share (percentage points ÷ 100).</summary>
    public Fraction Resolution { get; }

    /// <summary>
    /// The accuracy key of a largest deviation (a share): 0 within the tolerance, otherwise the
    /// number of resolution steps it reaches, rounded up (the exact deviation when the resolution is 0).
    /// </summary>
    public Fraction AccuracyKey(Fraction maxDeviation)
    {
        if (_hasTolerance && maxDeviation <= _tolerance)
        {
            return Fraction.Zero;
        }

        if (Resolution.IsZero)
        {
            return maxDeviation;
        }

        var steps = maxDeviation / Resolution;
        var ceiling = BigInteger.Divide(steps.Numerator + steps.Denominator - 1, steps.Denominator);
        return new Fraction(ceiling, BigInteger.One);
    }

    /// <summary>
    /// The largest deviation (a share) whose accuracy key is <paramref name="key"/>: every deviation
    /// up to it ties with the key's plans on accuracy. Searches use it to skip blends that are surely worse.
    /// </summary>
    public Fraction AccuracyTop(Fraction key)
    {
        if (key.IsZero)
        {
            return _hasTolerance ? _tolerance : Fraction.Zero;
        }

        return Resolution.IsZero ? key : key * Resolution;
    }

    /// <summary>The key of <paramref name="score"/> for <paramref name="criterion"/>: smaller is better.</summary>
    public Fraction Key(PlanCriterion criterion, PlanScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return criterion switch
        {
            PlanCriterion.Accuracy => AccuracyKey(score.MaxDeviation),
            PlanCriterion.Waste => score.Wasted,
            PlanCriterion.LeftoverBlends => score.LeftoverBlends,
            PlanCriterion.Volume => Band.Target is null ? -score.Volume : Band.OffTarget(score.Volume),
            PlanCriterion.Transfers => score.Transfers,
            PlanCriterion.Steps => score.Steps,
            _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, null),
        };
    }

    /// <summary>Negative when <paramref name="x"/> is the better plan, positive when worse, zero when they tie.</summary>
    public int Compare(PlanScore? x, PlanScore? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        foreach (var criterion in Criteria)
        {
            var comparison = Key(criterion, x).CompareTo(Key(criterion, y));
            if (comparison != 0)
            {
                return comparison;
            }
        }

        return 0;
    }

    /// <summary>Compares the plans behind two verified blends.</summary>
    public int Compare(BlendReport x, BlendReport y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Compare(x.Score, y.Score);
    }

    /// <summary>Whether <paramref name="x"/> is strictly better than <paramref name="y"/>.</summary>
    public bool IsBetter(BlendReport x, BlendReport y) => Compare(x, y) < 0;
}
