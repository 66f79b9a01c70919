using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

/// <summary>The planning pipeline: request, settings and budget in, a verified plan and an honest verdict out.</summary>
public class BlendPlannerTests
{
    [Fact]
    public void AtTheDefaultVolumeTheSpecExampleIsBlendedExactlyInFourSteps()
    {
        var request = Some.SpecRequest().AtDefaultVolume();

        var result = Some.Plan(request);

        result.Strategy.Should().Be("exhaustive");
        result.Status.Should().Be(PlanStatus.Optimal);
        result.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        result.Blend.Volume.Should().Be(6250, "wine A holds 1250 hL and must be a fifth of the blend");
        result.Blend.Steps.Should().Be(4);
        result.Verdict.OffFormula.Should().BeFalse();
        result.Verdict.Summary.Should().Be("optimal among waste-free plans of at most 6 steps making 5938–6562 hL and leaving no mixture behind");
    }

    [Fact]
    public void BeforePlanningTheUserHearsWhichWineLimitsTheVolume()
    {
        var observer = new RecordingObserver();

        var result = Some.Plan(Some.SpecRequest().AtDefaultVolume(), observer: observer);

        observer.Messages[0].Should().Contain("can be met up to 6250 hL").And.Contain("A (20 % of it) runs out first")
            .And.Contain("Planning 6250 hL (any plan making 5938–6562 hL)");
        result.Limits!.LimitingWine.Should().Be("A");
    }

    [Fact]
    public void TheSpecExamplesPlanLeavesNoMixtureAndShowsTheTankThatChangedWine()
    {
        var result = Some.Plan(Some.SpecRequest().AtDefaultVolume());

        var after = result.Blend!.After;
        after.LeftoverBlends.Should().BeEmpty();
        after.Changed.Where(c => c.End == TankEnd.Blend).Select(c => c.TankId).Should().BeEquivalentTo(result.Blend.FinalTanks);
        after.Changed.Should().Contain(c => c.End == TankEnd.Moved && c.Before != null && !c.Before.Equals(c.After),
            "the exact plan leaves one tank holding another wine than at the start, and the report must say so");
    }

    [Fact]
    public void AllowingWasteMakesAutoUseTheMultiLevelSearchWhoseAssemblySearchesPartialDraws()
    {
        var result = Some.Plan(Some.SpecRequest() with { AllowWaste = true });

        result.Plan.Should().NotBeNull();
        result.Strategy.Should().BeOneOf("multi-level", "exhaustive");
    }

    [Fact]
    public void AllowingWasteKeepsTheWasteFreePlanWhenPartialDrawsDoNoBetter()
    {
        // The exact four-step plan wastes nothing; no partial draw can beat 0 pp with more volume.
        var strict = Some.SpecRequest().AtDefaultVolume();

        var without = Some.Plan(strict);
        var with = Some.Plan(strict with { AllowWaste = true });

        with.Blend!.Wasted.Should().Be(0);
        with.Blend.MaxDeviation.Should().Be(without.Blend!.MaxDeviation);
        with.Plan!.ToRows().Should().Equal(without.Plan!.ToRows());
    }

    [Fact]
    public void WhenTheExhaustiveSearchRunsOutOfBudgetAutoIsStillAtLeastAsGoodAsSplitThenAssemble()
    {
        var cellar = new CellarBuilder()
            .Full("A1", 7, "A").Full("B1", 11, "B").Full("C1", 5, "C").Full("A2", 3, "A")
            .Empty("E1", 4).Empty("E2", 9).Empty("E3", 6).Empty("E4", 12).Empty("E5", 10).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 30m), ("B", 45m), ("C", 25m)));

        // A budget far too small for the exhaustive search (300,000 search units for it).
        var auto = Some.Plan(request, work: 0.2);
        var split = Some.Plan(request, Some.Settings(PlanningStrategy.SplitAssemble), work: 0.1);

        auto.Status.Should().NotBe(PlanStatus.Optimal, "the budget is too small to prove anything");
        if (split.Blend is not null)
        {
            auto.Blend.Should().NotBeNull();
            auto.Blend!.MaxDeviation.Should().BeLessThanOrEqualTo(split.Blend.MaxDeviation);
        }
    }

    [Fact]
    public void APlanMissingAFormulaWineOfAtLeastOnePercentIsOffFormulaAndSaysWhichWine()
    {
        // C, a fifth of the formula, is only in an excluded tank.
        var cellar = new CellarBuilder().Full("A", 100, "A").Full("B", 100, "B").Full("C", 50, "C").Empty("E", 200).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 40m), ("B", 40m), ("C", 20m))) with { ExcludedTanks = ["C"] };

        var result = Some.Plan(request.AtDefaultVolume());

        result.Plan.Should().NotBeNull();
        result.Verdict.OffFormula.Should().BeTrue();
        result.Verdict.Warnings.Should().ContainSingle(w => w.Contains("Formula wine C (20 %) is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void APlanBeyondTheToleranceIsOffFormula()
    {
        var cellar = new CellarBuilder().Full("A", 100, "A").Full("B", 50, "B").Empty("E", 150).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m))) with { TolerancePp = 1m };

        var result = Some.Plan(request);

        result.Blend!.MaxDeviationPp.Should().BeGreaterThan(1);
        result.Verdict.OffFormula.Should().BeTrue();
        result.Verdict.Warnings.Should().Contain(w => w.Contains("exceeds the tolerance of 1 pp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(170, true)]
    [InlineData(null, false)]
    public void NoPlanInAVolumeBandPointsToOtherVolumes(int? target, bool hinted)
    {
        // The 3x5 benchmark cellar: the formula allows 170 hL, but no sum of these tanks lands in 162–178 hL.
        var cellar = new CellarBuilder()
            .Full("T1", 100, "W3").Full("T2", 60, "W1").Full("T5", 40, "W2")
            .Empty("T3", 250).Empty("T4", 200).Empty("T6", 500).Empty("T7", 75).Empty("T8", 100)
            .Build();
        var formula = Some.Formula(("W1", 33.9054m), ("W2", 23.5274m), ("W3", 42.5671m));
        var request = Some.Request(cellar, formula) with { Volume = target is { } t ? VolumeBand.Around(t) : VolumeBand.Any, MaxSteps = 2 };

        var result = Some.Plan(request, Some.Settings(PlanningStrategy.Exhaustive), work: 5);

        result.Status.Should().Be(hinted ? PlanStatus.NoPlan : PlanStatus.Optimal, result.Message);
        result.Verdict.Warnings.Any(w => w.Contains("'krug-blend tradeoffs' shows the volumes the cellar can make", StringComparison.Ordinal))
            .Should().Be(hinted);
    }

    [Fact]
    public void TheVerdictSaysWhatAnOptimumCovers()
    {
        var cellar = new CellarBuilder().Full("T1", 100, "A").Full("T2", 300, "B").Empty("T3", 400).Empty("T4", 50).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 25m), ("B", 75m))) with { Volume = VolumeBand.Around(400) };

        var result = Some.Plan(request, Some.Settings(PlanningStrategy.SplitAssemble));

        result.Status.Should().Be(PlanStatus.Optimal);
        result.Verdict.Summary.Should().Be("optimal among split-then-assemble plans making 380–420 hL and leaving no mixture behind");
        result.Verdict.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void ARequestWithoutAStepIsAContractViolation()
    {
        var act = () => Some.Plan(Some.SpecRequest() with { MaxSteps = 0 });

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ProgressNeverReportsAPlanWorseThanOneReportedBefore()
    {
        var (cellar, formula) = MidSizeCellar(5);
        var request = Some.Request(cellar, formula).AtDefaultVolume();
        var observer = new RecordingObserver();

        Some.Plan(request, Some.Settings(PlanningStrategy.MultiLevel), work: 3, observer: observer);

        observer.Progress.Should().NotBeEmpty();
        var order = new PlanOrder(request, 0.001m);
        var keys = observer.Progress
            .Select(p => (Accuracy: order.AccuracyKey(new Fraction((long)Math.Round(p.MaxDeviationPp * 1e9), 100_000_000_000)), OffTarget: request.Volume.OffTarget(p.Volume)))
            .ToList();
        for (var i = 1; i < keys.Count; i++)
        {
            var better = keys[i].Accuracy < keys[i - 1].Accuracy
                || (keys[i].Accuracy == keys[i - 1].Accuracy && keys[i].OffTarget < keys[i - 1].OffTarget);
            better.Should().BeTrue($"progress {i} ({observer.Progress[i]}) must improve on {observer.Progress[i - 1]}");
        }
    }

    [Fact]
    public void OnAMachineSoSlowThatTheClockRunsOutTheRunEndsOnTimeWithAVerifiedPlanAndSaysItMayDiffer()
    {
        // Every look at the clock finds it 50 ms further on; the work limit is far out of reach, so only
        // the time limit can end the search.
        var (cellar, formula) = MidSizeCellar(2);
        var request = Some.Request(cellar, formula).AtDefaultVolume();
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(50));
        var limit = TimeSpan.FromSeconds(3);

        var result = BlendPlanner.Plan(request, Some.Settings(PlanningStrategy.MultiLevel), new Budget(limit, 10_000, clock));

        result.WallClockCutIn.Should().BeTrue();
        result.Elapsed.Should().BeLessThanOrEqualTo(limit + TimeSpan.FromSeconds(2), "the promise: at most 2 s or 5 % over the time limit");
        result.WorkSpent.Should().BeLessThan(10_000);
        result.Verdict.Warnings.Should().Contain(w => w.Contains("another run may give another plan", StringComparison.Ordinal));
        if (result.Plan is not null)
        {
            PlanVerifier.Verify(request, result.Plan).IsValid.Should().BeTrue();
        }
    }

    [Fact]
    public void UnderAWorkLimitTheClockDoesNotCutInAndTwoRunsGiveTheSamePlan()
    {
        var (cellar, formula) = MidSizeCellar(3);
        var request = Some.Request(cellar, formula).AtDefaultVolume();

        var first = Some.Plan(request, new SolverSettings(), work: 1);
        var second = Some.Plan(request, new SolverSettings(), work: 1);

        first.WallClockCutIn.Should().BeFalse();
        first.Verdict.Warnings.Should().NotContain(w => w.Contains("another run", StringComparison.Ordinal));
        second.Plan!.ToRows().Should().Equal(first.Plan!.ToRows());
        second.WorkSpent.Should().Be(first.WorkSpent);
    }

    /// <summary>Twenty wines in the usual hL sizes, 30 empties, a formula near the stock.</summary>
    internal static (Cellar Cellar, Formula Formula) MidSizeCellar(int seed)
    {
        long[] sizes = [25, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 300, 400, 500];
        var random = new Random(seed);
        var builder = new CellarBuilder();
        var stock = new long[20];
        for (var i = 0; i < 24; i++)
        {
            var wine = i < stock.Length ? i : random.Next(stock.Length);
            var capacity = sizes[random.Next(sizes.Length)];
            stock[wine] += capacity;
            builder.Full($"F{i + 1:00}", capacity, $"W{wine + 1:00}");
        }

        for (var i = 0; i < 30; i++)
        {
            builder.Empty($"E{i + 1:00}", sizes[random.Next(sizes.Length)]);
        }

        var weights = stock.Select(s => s * (random.Next(5) == 0 ? 0.2 : 0.8)).ToArray();
        var total = weights.Sum();
        var lines = weights.Select((w, i) => new FormulaLine($"W{i + 1:00}", Math.Round((decimal)(w * 100 / total), 3))).ToList();
        return (builder.Build(), new Formula(lines));
    }
}
