using CsCheck;
using Krug.Blending.Core.Tests.Properties;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.MultiLevel;

public sealed class MultiLevelStrategyTests
{
    private static readonly SolverSettings MultiLevel = Some.Settings(PlanningStrategy.MultiLevel);

    private static readonly SolverSettings SplitAssemble = Some.Settings(PlanningStrategy.SplitAssemble);

    [Fact]
    public void WithLeftoverBlendsAllowedPreBlendingBlendsTheSpecExampleExactlyWhereSplitThenAssembleMissesByTwentyPoints()
    {
        var request = Some.SpecRequest() with { AllowLeftoverBlends = true };

        var split = Some.Plan(request, SplitAssemble, work: 5);
        var multi = Some.Plan(request, MultiLevel, work: 5);

        split.Blend!.MaxDeviationPp.Should().BeGreaterThanOrEqualTo(20);
        multi.Strategy.Should().Be("multi-level");
        multi.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        multi.Blend.Steps.Should().BeLessThanOrEqualTo(6);
        multi.Status.Should().Be(PlanStatus.Feasible, "nothing proves a multi-level plan has the most volume or fewest transfers");
        multi.BoundPp.Should().BeNull("the split-then-assemble bound does not hold for plans that blend first");
        PlanVerifier.Verify(request, multi.Plan!).IsValid.Should().BeTrue();
    }

    [Fact]
    public void ByDefaultEveryPreBlendEndsInTheFinalBlend()
    {
        var request = Some.SpecRequest();

        var split = Some.Plan(request, SplitAssemble, work: 5);
        var multi = Some.Plan(request, MultiLevel, work: 5);

        multi.Blend!.After.LeftoverBlends.Should().BeEmpty();
        new PlanOrder(request, MultiLevel.AccuracyResolutionPp).Compare(multi.Blend, split.Blend!).Should().BeLessThanOrEqualTo(0);
    }

    [Fact]
    public void ByDefaultAPreBlendPlanCarriesTheTankSizesBoundForEveryPlan()
    {
        // A seeded small cellar whose best plan found pre-blends; nothing mixed is left behind by default,
        // so every wine keeps what it does not give the blend pure and the tank sizes bound the plan too.
        var (cellar, formula) = SmallCellars.Random(584);
        var request = Some.Request(cellar, formula).AtDefaultVolume();

        var multi = Some.Plan(request, MultiLevel, work: 2);
        var sizes = TankSizeBound.Of(Assembly.Context(request), multi.Blend!.MaxDeviationPp);

        multi.Message.Should().StartWith("Multi-level plan:", "a pre-blend plan wins here");
        sizes.Should().NotBeNull();
        multi.BoundPp.Should().Be(sizes).And.BeLessThanOrEqualTo(multi.Blend.MaxDeviationPp);
        multi.Verdict!.Summary.Should().Contain("no plan making").And.Contain("leaving no mixture behind can be closer than");
    }

    [Fact]
    public void WhenSplitThenAssembleIsAlreadyExactItsPlanIsKept()
    {
        var cellar = new CellarBuilder()
            .Full("A", 100, "A").Full("B", 300, "B").Full("C", 50, "C")
            .Empty("E1", 400).Empty("E2", 60).Empty("E3", 70).Build();
        var formula = Some.Formula(("A", 25m), ("B", 75m));

        var result = Some.Plan(Some.Request(cellar, formula), MultiLevel, work: 5);

        result.Status.Should().Be(PlanStatus.Optimal);
        result.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        result.Blend.Transfers.Should().Be(1);
        result.Message.Should().Contain("none better");
    }

    [Fact]
    public void AutoUsesTheMultiLevelSearchForCellarsTooBigForTheExhaustiveOne()
    {
        var builder = new CellarBuilder();
        for (var i = 1; i <= 6; i++)
        {
            builder.Full($"F{i}", 10 * i, $"W{i % 3}");
            builder.Empty($"E{i}", 15 * i);
        }

        var result = Some.Plan(Some.Request(builder.Build(), Some.Formula(("W0", 30m), ("W1", 30m), ("W2", 40m))), work: 5);

        result.Message.Should().Contain("Multi-level", "auto hands cellars beyond the exhaustive size to the multi-level search");
        result.Plan.Should().NotBeNull();
    }

    [Fact]
    public void TwoStepsLeaveNoRoomForPreBlendsSoTheResultIsTheSplitThenAssemblePlan()
    {
        var request = Some.SpecRequest() with { MaxSteps = 2 };

        var multi = Some.Plan(request, MultiLevel, work: 5);
        var split = Some.Plan(request, SplitAssemble, work: 5);

        multi.Plan!.ToRows().Should().Equal(split.Plan!.ToRows());
    }

    [Fact]
    public void ThePlanRespectsTheStepAndTransferLimits()
    {
        var result = Some.Plan(Some.SpecRequest() with { MaxSteps = 4, MaxTransfers = 4 }, MultiLevel, work: 5);

        result.Blend!.Steps.Should().BeLessThanOrEqualTo(4);
        result.Blend.Transfers.Should().BeLessThanOrEqualTo(4);
    }

    [Fact]
    public void PreBlendsNeverTouchExcludedTanksOrKeptWines()
    {
        var cellar = new CellarBuilder()
            .Full("A", 1250, "A").Full("B", 2500, "B").Full("C", 3750, "C").Full("K", 1875, "Kept")
            .Empty("E1", 1875).Empty("E2", 1875).Empty("E3", 4375).Empty("X", 3750).Build();
        var request = Some.Request(cellar, Some.SpecFormula()) with
        {
            ExcludedTanks = ["X"],
            KeptWines = ["Kept"],
            AllowLeftoverBlends = true,
        };

        var result = Some.Plan(request, MultiLevel, work: 5);

        var touched = result.Plan!.ToRows().Select(r => r.TankId).ToHashSet();
        touched.Should().NotContain("X").And.NotContain("K");
        result.Blend!.MaxDeviation.IsZero.Should().BeTrue("the spec example's exact plan needs neither tank");
    }

    [Fact]
    public void TheSameInputAndOptionsGiveTheSamePlan()
    {
        var cellar = new CellarBuilder()
            .Full("A1", 7, "A").Full("B1", 11, "B").Full("C1", 5, "C").Full("A2", 3, "A").Full("D1", 9, "D")
            .Empty("E1", 4).Empty("E2", 9).Empty("E3", 6).Empty("E4", 12).Empty("E5", 10).Empty("E6", 8).Build();
        var formula = Some.Formula(("A", 30m), ("B", 35m), ("C", 15m), ("D", 20m));

        var first = Some.Plan(Some.Request(cellar, formula), MultiLevel, work: 5);
        var second = Some.Plan(Some.Request(cellar, formula), MultiLevel, work: 5);

        second.Plan!.ToRows().Should().Equal(first.Plan!.ToRows());
    }

    [Fact]
    public void WithTwoWorkersTheLooksRunSideBySideAndTheSameInputGivesTheSamePlan()
    {
        var request = Some.SpecRequest() with { AllowLeftoverBlends = true };
        var twoWorkers = MultiLevel with { Workers = 2 };

        var first = Some.Plan(request, twoWorkers, work: 3);
        var second = Some.Plan(request, twoWorkers, work: 3);

        first.Strategy.Should().Be("multi-level");
        first.Blend!.MaxDeviation.IsZero.Should().BeTrue("the spec example's exact plan is a multi-level plan");
        PlanVerifier.Verify(request, first.Plan!).IsValid.Should().BeTrue();
        second.Plan!.ToRows().Should().Equal(first.Plan!.ToRows());
        second.WorkSpent.Should().Be(first.WorkSpent, "a batch of looks is charged its longest look's work, whatever the threads' timing");
    }

    [Fact]
    public void OnRandomCellarsTheMultiLevelPlanVerifiesAndIsNeverWorseThanSplitThenAssemble()
    {
        RandomCellar.Gen.Check(
            random =>
            {
                var request = Some.Request(random.Cellar, random.Formula);
                var multi = Some.Plan(request, MultiLevel, work: 1);
                var split = Some.Plan(request, SplitAssemble, work: 1);

                if (split.Blend is null)
                {
                    return;
                }

                multi.Blend.Should().NotBeNull();
                var replay = PlanVerifier.Verify(request, multi.Plan!);
                replay.IsValid.Should().BeTrue(string.Join("\n", replay.Violations.Select(v => v.Message)));
                new PlanOrder(request, MultiLevel.AccuracyResolutionPp).Compare(multi.Blend!, split.Blend).Should().BeLessThanOrEqualTo(0);
            },
            iter: 12,
            threads: 1);
    }
}
