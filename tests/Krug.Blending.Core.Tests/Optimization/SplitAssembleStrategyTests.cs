using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

public class SplitAssembleStrategyTests
{
    // Single worker, fixed seed, exact accuracy comparison: the plan must reach the family's exact optimum.
    private static readonly SolverSettings Exact = Some.ExactSplitAssemble;

    // CP-SAT resolves accuracy to one part per million of the blend (0.0001 pp).
    private const double ResolutionPp = 0.0001;

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 30; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void OnSmallCellarsTheSolverReachesTheExhaustiveOptimumOfItsFamily(int seed)
    {
        var (cellar, formula) = SmallCellars.Random(seed);

        // The reference enumerates the plain family: splits of single tanks only.
        var request = Some.Request(cellar, formula);
        var reference = SplitAssembleReference.Best(request);
        var result = Some.Plan(request, Exact);

        if (reference is null)
        {
            result.Status.Should().Be(PlanStatus.NoPlan);
            result.Plan.Should().BeNull();
            return;
        }

        result.Status.Should().Be(PlanStatus.Optimal);
        ReplayedReport(request, result.Plan!).Should().BeEquivalentTo(result.Blend);
        var best = reference.Value.Report.MaxDeviationPp;
        result.Blend!.MaxDeviationPp.Should().BeGreaterThanOrEqualTo(best - 1e-12, "no plan of the family beats its exhaustive optimum");
        result.Blend.MaxDeviationPp.Should().BeLessThanOrEqualTo(best + ResolutionPp);
        result.BoundPp.Should().BeLessThanOrEqualTo(best + 1e-12, "the reported bound must be a true lower bound");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void OnSmallCellarsWithLeftoverBlendsAllowedGroupSplitsAreNeverLessAccurateThanThePlainFamilysOptimum(int seed)
    {
        var (cellar, formula) = SmallCellars.Random(seed);
        var request = Some.Request(cellar, formula) with { AllowLeftoverBlends = true };

        var reference = SplitAssembleReference.Best(request);
        var result = Some.Plan(request, Exact);

        if (reference is null)
        {
            return;
        }

        result.Status.Should().Be(PlanStatus.Optimal);
        ReplayedReport(request, result.Plan!).Should().BeEquivalentTo(result.Blend);
        result.Blend!.MaxDeviationPp.Should().BeLessThanOrEqualTo(reference.Value.Report.MaxDeviationPp + ResolutionPp);
    }

    [Fact]
    public void AFormulaMatchingExistingTankVolumesNeedsOneTransfer()
    {
        var cellar = new CellarBuilder().Full("T1", 100, "A").Full("T2", 300, "B").Empty("T3", 400).Empty("T4", 50).Build();

        var result = Some.Plan(Some.Request(cellar, Some.Formula(("A", 25m), ("B", 75m))), Exact);

        result.Status.Should().Be(PlanStatus.Optimal);
        result.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        result.Blend.Transfers.Should().Be(1);
        result.Blend.Steps.Should().Be(1);
        result.Blend.Volume.Should().Be(400);
    }

    [Fact]
    public void ASingleWineFormulaTakesAllOfThatWineAndNothingElse()
    {
        var cellar = new CellarBuilder().Full("A1", 300, "A").Full("B1", 100, "B").Empty("E1", 100).Empty("E2", 200).Build();

        var result = Some.Plan(Some.Request(cellar, Some.Formula(("A", 100m))), Exact);

        result.Status.Should().Be(PlanStatus.Optimal);
        result.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        result.Blend.Volume.Should().Be(300);
        result.Blend.Blend.Shares.Keys.Should().Equal("A");
    }

    [Fact]
    public void ACellarWhereNoEmptyTankCanBeFilledExactlyHasNoPlan()
    {
        var cellar = new CellarBuilder().Full("A1", 100, "A").Full("B1", 100, "B").Empty("E1", 150).Build();

        var result = Some.Plan(Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m))), Exact);

        result.Status.Should().Be(PlanStatus.NoPlan);
        result.Plan.Should().BeNull();
        result.Message.Should().Contain("150");
    }

    [Fact]
    public void ACellarWithoutEmptyTanksHasNoPlanAndSaysWhy()
    {
        var cellar = new CellarBuilder().Full("A1", 100, "A").Full("B1", 100, "B").Build();

        var result = Some.Plan(Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m))), Exact);

        result.Status.Should().Be(PlanStatus.NoPlan);
        result.Message.Should().Contain("no empty tank");
    }

    [Fact]
    public void AllowingWasteReachesTheClientsFiftyFiftyExample()
    {
        // The client's example: 50 hL of wine 1, 100 hL of wine 2, a 50/50 formula.
        var cellar = new CellarBuilder().Full("W1", 50, "Wine 1").Full("W2", 100, "Wine 2").Empty("E100", 100).Empty("E150", 150).Build();
        var formula = Some.Formula(("Wine 1", 50m), ("Wine 2", 50m));

        var strict = Some.Plan(Some.Request(cellar, formula), Exact);
        var wasteful = Some.Plan(Some.Request(cellar, formula) with { AllowWaste = true }, Exact);

        strict.Blend!.Volume.Should().Be(150);
        strict.Blend.MaxDeviationPp.Should().BeApproximately(100.0 / 6, 1e-9);
        strict.Blend.Wasted.Should().Be(0);
        wasteful.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        wasteful.Blend.Volume.Should().Be(100);
        wasteful.Blend.Wasted.Should().Be(50);
    }

    [Fact]
    public void TheWasteLimitIsRespected()
    {
        var cellar = new CellarBuilder().Full("W1", 50, "Wine 1").Full("W2", 100, "Wine 2").Empty("E100", 100).Empty("E150", 150).Build();
        var formula = Some.Formula(("Wine 1", 50m), ("Wine 2", 50m));

        var result = Some.Plan(Some.Request(cellar, formula) with { AllowWaste = true, MaxWaste = 10 }, Exact);

        result.Blend!.Wasted.Should().BeLessThanOrEqualTo(10);
        result.Blend.MaxDeviationPp.Should().BeGreaterThan(0);
    }

    [Fact]
    public void AToleranceTradesAccuracyWithinItForVolume()
    {
        // Exact 50/50 is only possible as 100 hL (A1 + B1); within 20 pp, 250 hL (A1 + A2 + B1 at 60/40... ) is larger.
        var cellar = new CellarBuilder()
            .Full("A1", 50, "A").Full("A2", 100, "A").Full("B1", 50, "B").Full("B2", 50, "B")
            .Empty("E100", 100).Empty("E250", 250).Build();
        var formula = Some.Formula(("A", 50m), ("B", 50m));

        var strict = Some.Plan(Some.Request(cellar, formula), Exact);
        var tolerant = Some.Plan(Some.Request(cellar, formula) with { TolerancePp = 20m }, Exact);

        strict.Blend!.MaxDeviation.IsZero.Should().BeTrue();
        tolerant.Blend!.MaxDeviationPp.Should().BeLessThanOrEqualTo(20);
        tolerant.Blend.Volume.Should().BeGreaterThan(strict.Blend.Volume);
    }

    [Fact]
    public void VolumeBoundsAreRespected()
    {
        var cellar = new CellarBuilder()
            .Full("A1", 100, "A").Full("B1", 100, "B").Full("A2", 100, "A").Full("B2", 100, "B")
            .Empty("E200a", 200).Empty("E200b", 200).Empty("E400", 400).Build();
        var formula = Some.Formula(("A", 50m), ("B", 50m));

        var request = Some.Request(cellar, formula);
        var unbounded = Some.Plan(request, Exact);
        var capped = Some.Plan(request with { Volume = new VolumeBand(1, 250, null) }, Exact);

        unbounded.Blend!.Volume.Should().Be(400);
        capped.Blend!.Volume.Should().Be(200);
        capped.Blend.MaxDeviation.IsZero.Should().BeTrue();
        Some.Plan(request with { Volume = new VolumeBand(500, long.MaxValue, null) }, Exact).Status.Should().Be(PlanStatus.NoPlan);
    }

    [Fact]
    public void ExcludedTanksAndKeptWinesAreNeverTouched()
    {
        var cellar = new CellarBuilder()
            .Full("A1", 100, "A").Full("B1", 100, "B").Full("C1", 100, "C")
            .Empty("E200", 200).Empty("F200", 200).Empty("G300", 300).Build();
        var formula = Some.Formula(("A", 1m), ("B", 1m), ("C", 1m));

        var free = Some.Plan(Some.Request(cellar, formula), Exact);
        var constrained = Some.Plan(Some.Request(cellar, formula) with { ExcludedTanks = ["E200", "G300"], KeptWines = ["C"] }, Exact);

        free.Blend!.Volume.Should().Be(300);
        free.Blend.MaxDeviation.IsZero.Should().BeTrue();
        constrained.Plan!.ToRows().Select(r => r.TankId).Should().NotContain(["E200", "G300", "C1"]);
        constrained.Blend!.FinalTanks.Should().Equal("F200");
    }

    [Fact]
    public void TheSameInputAndOptionsGiveTheSamePlan()
    {
        var (cellar, formula) = RandomCellar(seed: 11, wines: 12, emptyTanks: 30);
        // Two workers, the product's default, under a work limit: still reproducible.
        var settings = new SolverSettings { Strategy = PlanningStrategy.SplitAssemble };

        var first = Some.Plan(Some.Request(cellar, formula), settings, work: 2);
        var second = Some.Plan(Some.Request(cellar, formula), settings, work: 2);

        first.Plan.Should().NotBeNull();
        second.Plan!.ToRows().Should().Equal(first.Plan!.ToRows());
    }

    [Fact]
    public void ACancelledSearchReturnsWhatItHasAndSaysItWasInterrupted()
    {
        var (cellar, formula) = RandomCellar(seed: 3, wines: 12, emptyTanks: 30);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var request = Some.Request(cellar, formula);
        var result = BlendPlanner.Plan(request, Some.Settings(PlanningStrategy.SplitAssemble), Some.Work(), null, cancelled.Token);

        result.Interrupted.Should().BeTrue();
        if (result.Plan is not null)
        {
            ReplayedReport(request, result.Plan).Should().NotBeNull();
        }
    }

    private static BlendReport? ReplayedReport(BlendRequest request, Plan plan)
    {
        var report = PlanVerifier.Verify(request, plan);
        report.Violations.Should().BeEmpty();
        return report.Blend;
    }

    private static (Cellar Cellar, Formula Formula) RandomCellar(int seed, int wines, int emptyTanks)
    {
        long[] sizes = [25, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 300];
        var random = new Random(seed);
        var builder = new CellarBuilder();
        for (var w = 0; w < wines; w++)
        {
            builder.Full($"F{w + 1:00}", sizes[random.Next(sizes.Length)], $"W{w + 1:00}");
        }

        for (var e = 0; e < emptyTanks; e++)
        {
            builder.Empty($"E{e + 1:00}", sizes[random.Next(sizes.Length)]);
        }

        return (builder.Build(), new Formula(Enumerable.Range(1, wines).Select(w => new FormulaLine($"W{w:00}", random.Next(1, 20)))));
    }
}
