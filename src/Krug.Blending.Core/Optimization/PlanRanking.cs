using Krug.Blending.Arithmetic;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>
/// The product's order on plans, shared by every strategy and by the tests: closest to the formula
/// (largest deviation, L∞; all plans within the tolerance tie), then least wine wasted, then most
/// volume, then fewest transfers, then fewest steps.
/// </summary>
public static class PlanRanking
{
    /// <summary>
    /// Negative when <paramref name="left"/> is better than <paramref name="right"/>, positive when worse, zero when they tie.
    /// </summary>
    public static int Compare(BlendReport left, BlendReport right, PlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(options);

        var accuracy = Accuracy(left, options).CompareTo(Accuracy(right, options));
        if (accuracy != 0)
        {
            return accuracy;
        }

        if (left.Wasted != right.Wasted)
        {
            return left.Wasted.CompareTo(right.Wasted);
        }

        if (left.Volume != right.Volume)
        {
            return right.Volume.CompareTo(left.Volume);
        }

        if (left.Transfers != right.Transfers)
        {
            return left.Transfers.CompareTo(right.Transfers);
        }

        return left.Steps.CompareTo(right.Steps);
    }

    /// <summary>The accuracy that counts for ranking: the exact L∞ share, or zero when within the tolerance.</summary>
    public static Fraction Accuracy(BlendReport report, PlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TolerancePp is { } tolerance && report.MaxDeviation * 100 <= Fraction.FromDecimal(tolerance))
        {
            return Fraction.Zero;
        }

        return report.MaxDeviation;
    }
}
