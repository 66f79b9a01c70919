using System.Collections.Immutable;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Verification;

/// <summary>How close one wine of the final blend is to its target.</summary>
/// <param name="Wine">The wine.</param>
/// <param name="Target">Exact target share (0 for a wine not in the formula).</param>
/// <param name="Achieved">Exact share in the final blend.</param>
public sealed record WineDeviation(string Wine, Fraction Target, Fraction Achieved)
{
    /// <summary>Target in percent.</summary>
    public double TargetPercent => (Target * 100).ToDouble();

    /// <summary>Achieved share in percent.</summary>
    public double AchievedPercent => (Achieved * 100).ToDouble();

    /// <summary>Achieved minus target, in percentage points (signed).</summary>
    public double DeviationPp => ((Achieved - Target) * 100).ToDouble();
}

/// <summary>
/// The final blend of a valid plan, computed exactly by replaying it, and how it compares to the
/// formula. Volumes are in the cellar's volume units.
/// </summary>
/// <param name="Volume">Volume of the final blend (sum of the final targets' capacities).</param>
/// <param name="FinalTanks">The tanks holding the final blend, ordered by id.</param>
/// <param name="Blend">Exact composition of the final blend.</param>
/// <param name="Wines">Every formula wine and every wine in the blend, in formula order then by name.</param>
/// <param name="MaxDeviation">Largest absolute deviation of any wine, as an exact share (L∞).</param>
/// <param name="Wasted">Wine lost to partial draws.</param>
/// <param name="Unused">Wine left in full tanks other than the final ones.</param>
/// <param name="Transfers">Number of transfers.</param>
/// <param name="Steps">Number of steps.</param>
/// <param name="After">The tanks the plan changed and how each ends up.</param>
public sealed record BlendReport(
    long Volume,
    ImmutableArray<string> FinalTanks,
    Composition Blend,
    ImmutableArray<WineDeviation> Wines,
    Fraction MaxDeviation,
    long Wasted,
    long Unused,
    int Transfers,
    int Steps,
    CellarAfter After)
{
    /// <summary>What the order on plans looks at.</summary>
    public PlanScore Score => new(MaxDeviation, Wasted, After.LeftoverBlendVolume, Volume, Transfers, Steps);

    /// <summary>
    /// The blend each transfer poured into its targets, by transfer number: intermediate blends for
    /// work orders, and the final blend under the last transfer's number.
    /// </summary>
    public ImmutableDictionary<int, Composition> TransferBlends { get; init; } = ImmutableDictionary<int, Composition>.Empty;

    /// <summary>Largest absolute deviation of any wine, in percentage points (L∞).</summary>
    public double MaxDeviationPp => (MaxDeviation * 100).ToDouble();

    /// <summary>Euclidean distance between the achieved and target percentage vectors, in percentage points.</summary>
    public double EuclideanPp
    {
        get
        {
            var sumOfSquares = Fraction.Zero;
            foreach (var wine in Wines)
            {
                var deviation = (wine.Achieved - wine.Target) * 100;
                sumOfSquares += deviation * deviation;
            }

            return Math.Sqrt(sumOfSquares.ToDouble());
        }
    }
}

/// <summary>The outcome of replaying a plan: every broken rule, and the final blend when the plan can be replayed.</summary>
/// <param name="Violations">Every rule the plan breaks, in plan order; empty for a valid plan.</param>
/// <param name="Blend">
/// The final blend and the cellar after the plan, whenever the plan keeps the cellar's rules (even
/// if it breaks a limit of the request, see <see cref="ViolationKinds.IsRequestLimit"/>);
/// <see langword="null"/> when it breaks a cellar rule, so that no blend can be trusted.
/// </param>
public sealed record VerificationReport(ImmutableArray<PlanViolation> Violations, BlendReport? Blend)
{
    /// <summary>Whether the plan breaks no rule.</summary>
    public bool IsValid => Violations.IsEmpty;
}
