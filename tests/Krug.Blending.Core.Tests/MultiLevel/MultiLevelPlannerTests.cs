using CsCheck;
using Krug.Blending.Core.Tests.Properties;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.MultiLevel;

public sealed class MultiLevelPlannerTests
{
    private static readonly PlanningOptions MultiLevel = new()
    {
        Strategy = PlanningStrategy.MultiLevel,
        Workers = 1,
        TimeLimitSeconds = 5,
    };

    [Fact]
    public void PreBlendingBlendsTheSpecExampleExactlyWhereSplitThenAssembleMissesByTwentyPoints()
    {
        var cellar = Some.SpecCellar();
        var formula = Some.SpecFormula();

        var split = BlendPlanner.Plan(cellar, formula, MultiLevel with { Strategy = PlanningStrategy.SplitAssemble });
        var multi = BlendPlanner.Plan(cellar, formula, MultiLevel);

        split.Blend!.MaxDeviationPp.Should().BeGreaterThanOrEqualTo(20);
        multi.Strategy.Should().Be("multi-level");
        multi.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        multi.Blend.Steps.Should().BeLessThanOrEqualTo(6);
        multi.Status.Should().Be(PlanStatus.Feasible, "nothing proves a multi-level plan has the most volume or fewest transfers");
        multi.BoundPp.Should().BeNull("the split-then-assemble bound does not hold for plans that blend first");
        PlanVerifier.Verify(cellar, formula, multi.Plan!).IsValid.Should().BeTrue();
    }

    [Fact]
    public void WhenSplitThenAssembleIsAlreadyExactItsPlanIsKept()
    {
        var cellar = new CellarBuilder()
            .Full("A", 100, "A").Full("B", 300, "B").Full("C", 50, "C")
            .Empty("E1", 400).Empty("E2", 60).Empty("E3", 70).Build();
        var formula = Some.Formula(("A", 25m), ("B", 75m));

        var result = BlendPlanner.Plan(cellar, formula, MultiLevel);

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

        var result = BlendPlanner.Plan(builder.Build(), Some.Formula(("W0", 30m), ("W1", 30m), ("W2", 40m)), new PlanningOptions { Workers = 1, TimeLimitSeconds = 5 });

        result.Strategy.Should().Be("multi-level");
        result.Plan.Should().NotBeNull();
    }

    [Fact]
    public void TwoStepsLeaveNoRoomForPreBlendsSoTheResultIsTheSplitThenAssemblePlan()
    {
        var options = MultiLevel with { MaxSteps = 2 };

        var multi = BlendPlanner.Plan(Some.SpecCellar(), Some.SpecFormula(), options);
        var split = BlendPlanner.Plan(Some.SpecCellar(), Some.SpecFormula(), options with { Strategy = PlanningStrategy.SplitAssemble });

        multi.Plan!.ToRows().Should().Equal(split.Plan!.ToRows());
    }

    [Fact]
    public void ThePlanRespectsTheStepAndTransferLimits()
    {
        var options = MultiLevel with { MaxSteps = 4, MaxTransfers = 4 };

        var result = BlendPlanner.Plan(Some.SpecCellar(), Some.SpecFormula(), options);

        result.Blend!.Steps.Should().BeLessThanOrEqualTo(4);
        result.Blend.Transfers.Should().BeLessThanOrEqualTo(4);
    }

    [Fact]
    public void PreBlendsNeverTouchExcludedTanksOrKeptWines()
    {
        var cellar = new CellarBuilder()
            .Full("A", 1250, "A").Full("B", 2500, "B").Full("C", 3750, "C").Full("K", 1875, "Kept")
            .Empty("E1", 1875).Empty("E2", 1875).Empty("E3", 4375).Empty("X", 3750).Build();
        var options = MultiLevel with
        {
            ExcludedTanks = ["X"],
            KeptWines = ["Kept"],
        };

        var result = BlendPlanner.Plan(cellar, Some.SpecFormula(), options);

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

        var first = BlendPlanner.Plan(cellar, formula, MultiLevel);
        var second = BlendPlanner.Plan(cellar, formula, MultiLevel);

        second.Plan!.ToRows().Should().Equal(first.Plan!.ToRows());
    }

    [Fact]
    public void OnRandomCellarsTheMultiLevelPlanVerifiesAndIsNeverWorseThanSplitThenAssemble()
    {
        var options = MultiLevel with { TimeLimitSeconds = 1 };
        RandomCellar.Gen.Sample(
            random =>
            {
                var cellar = random.Cellar;
                var formula = random.Formula;
                var multi = BlendPlanner.Plan(cellar, formula, options);
                var split = BlendPlanner.Plan(cellar, formula, options with { Strategy = PlanningStrategy.SplitAssemble });

                if (split.Blend is null)
                {
                    return;
                }

                multi.Blend.Should().NotBeNull();
                var replay = PlanVerifier.Verify(cellar, formula, multi.Plan!);
                replay.IsValid.Should().BeTrue(string.Join("\n", replay.Violations.Select(v => v.Message)));
                PlanRanking.Compare(multi.Blend!, split.Blend, options).Should().BeLessThanOrEqualTo(0);
            },
            iter: 12,
            threads: 1);
    }
}
