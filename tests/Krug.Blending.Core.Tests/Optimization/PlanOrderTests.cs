using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

public sealed class PlanOrderTests
{
    private static readonly BlendRequest Any = Some.SpecRequest();

    private static PlanScore Score(double deviationPp, long volume = 100, int transfers = 2, long wasted = 0, long leftover = 0, int steps = 2) =>
        new(new Fraction((long)Math.Round(deviationPp * 1e6), 100_000_000), wasted, leftover, volume, transfers, steps);

    [Fact]
    public void TheCriteriaComeInTheOrderTheProductPromises()
    {
        PlanOrder.Criteria.Should().Equal(
            PlanCriterion.Accuracy, PlanCriterion.Waste, PlanCriterion.LeftoverBlends, PlanCriterion.Volume, PlanCriterion.Transfers, PlanCriterion.Steps);
    }

    [Fact]
    public void PlansWithinOneAccuracyStepTieOnAccuracyAndTheLaterCriteriaDecide()
    {
        var order = new PlanOrder(Any, 0.001m);

        // 0.0951 and 0.0959 pp are both in the step (0.095, 0.096]; 0.0949 is in the step below.
        order.Compare(Score(0.0959, transfers: 3), Score(0.0951, transfers: 4)).Should().BeNegative();
        order.Compare(Score(0.0949, transfers: 9), Score(0.0951, transfers: 1)).Should().BeNegative();
    }

    [Fact]
    public void AZeroResolutionComparesExactDeviations()
    {
        var order = new PlanOrder(Any, 0m);

        order.Compare(Score(0.0951, transfers: 9), Score(0.0959, transfers: 1)).Should().BeNegative();
    }

    [Fact]
    public void EveryPlanWithinTheToleranceTiesOnAccuracy()
    {
        var order = new PlanOrder(Any with { TolerancePp = 0.5m }, 0.001m);

        order.Compare(Score(0.49, volume: 200), Score(0.01, volume: 100)).Should().BeNegative("more volume wins within the tolerance");
        order.Compare(Score(0.51, volume: 900), Score(0.49, volume: 100)).Should().BePositive("outside the tolerance is always worse");
    }

    [Fact]
    public void WithATargetTheVolumeClosestToItWinsAndWithoutOneTheLargest()
    {
        var targeted = new PlanOrder(Any with { Volume = VolumeBand.Around(1000) }, 0.001m);
        var open = new PlanOrder(Any, 0.001m);

        targeted.Compare(Score(0.1, volume: 990), Score(0.1, volume: 1040)).Should().BeNegative();
        open.Compare(Score(0.1, volume: 1040), Score(0.1, volume: 990)).Should().BeNegative();
    }

    [Fact]
    public void WasteComesBeforeLeftoversWhichComeBeforeVolume()
    {
        var order = new PlanOrder(Any, 0.001m);

        order.Compare(Score(0.1, wasted: 0, leftover: 50), Score(0.1, wasted: 1)).Should().BeNegative();
        order.Compare(Score(0.1, leftover: 0, volume: 10), Score(0.1, leftover: 1, volume: 1000)).Should().BeNegative();
    }

    [Fact]
    public void TheTopOfAnAccuracyStepTiesWithEveryDeviationInIt()
    {
        var order = new PlanOrder(Any, 0.001m);
        var key = order.AccuracyKey(new Fraction(95_1, 100_000_0));

        order.AccuracyTop(key).Should().Be(new Fraction(96, 100_000));
        order.AccuracyKey(order.AccuracyTop(key)).Should().Be(key);
    }
}
