using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.Exhaustive;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Exhaustive;

public class ExhaustiveStrategyTests
{
    [Fact]
    public void TheSpecExampleIsMatchedExactlyInFourStepsWithAllOfTheTwentyPercentWine()
    {
        var (result, report) = Search(Request(SpecCellar(), SpecFormula()));

        result.Status.Should().Be(PlanStatus.Optimal);
        report.MaxDeviation.Should().Be(Fraction.Zero);
        // Wine A (1250 hL) is 20 % of the blend, so no exact blend exceeds 6250 hL; B and C allow more.
        report.Volume.Should().Be(6250);
        report.Steps.Should().Be(4);
    }

    [Fact]
    public void TheSpecExampleCappedAt1875HectolitresIsExactOnlyByLeavingAMixtureBehind()
    {
        var capped = Request(SpecCellar(), SpecFormula()) with { Volume = new VolumeBand(1, 1875, null) };

        var (_, report) = Search(capped with { AllowLeftoverBlends = true });
        var strict = Some.Plan(capped, Exhaustive());

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(1875);
        report.After.LeftoverBlendVolume.Should().BePositive();
        strict.Status.Should().Be(PlanStatus.NoPlan, "no pure wine fits a tank of at most 1875 hL without a mixture left over");
    }

    [Fact]
    public void AFormulaEqualToTheTankVolumesIsOneExactTransfer()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 200, "B"), ("E1", 150, null), ("E2", 300, null));

        var (result, report) = Search(Request(cellar, Formula(("A", 1), ("B", 2))));

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(300);
        report.Transfers.Should().Be(1);
        result.Plan!.FinalTransfer!.To.Should().ContainSingle().Which.TankId.Should().Be("E2");
    }

    [Fact]
    public void ASingleWineFormulaTakesAllOfThatWineAndNothingElse()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 50, "B"), ("E1", 100, null), ("E2", 150, null));

        var (_, report) = Search(Request(cellar, Formula(("A", 100))));

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(100);
        report.Transfers.Should().Be(1);
    }

    [Fact]
    public void ACellarWithoutAnEmptyTankHasProvablyNoPlan()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 50, "B"));

        var result = Some.Plan(Request(cellar, Formula(("A", 50), ("B", 50))), Exhaustive());

        result.Plan.Should().BeNull();
        result.Status.Should().Be(PlanStatus.NoPlan);
    }

    [Fact]
    public void WithoutATankForTheWholeBlendOnlyThePureWineThatFitsRemains()
    {
        // The client's example of waste, searched without waste: 50 hL of A fits no empty tank.
        var cellar = Cellar(("A1", 50, "A"), ("B1", 100, "B"), ("E1", 100, null));

        var (_, report) = Search(Request(cellar, Formula(("A", 50), ("B", 50))));

        report.MaxDeviation.Should().Be(new Fraction(1, 2));
        report.Volume.Should().Be(100);
    }

    [Fact]
    public void SplittingAWineFirstReachesARatioNoSingleTransferCan()
    {
        // A (2) into the two 1s, then one of them with B (1) back into A's tank: exactly 50/50.
        var cellar = Cellar(("A1", 2, "A"), ("B1", 1, "B"), ("E1", 1, null), ("E2", 1, null), ("E3", 3, null));

        var (_, report) = Search(Request(cellar, Formula(("A", 50), ("B", 50))));

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(2);
        report.Transfers.Should().Be(2);
        report.Steps.Should().Be(2);
    }

    [Fact]
    public void OneStepAllowsOnlyTheBlendOfBothTanksAtTwoThirdsOneThird()
    {
        var cellar = Cellar(("A1", 2, "A"), ("B1", 1, "B"), ("E1", 1, null), ("E2", 1, null), ("E3", 3, null));

        var (_, report) = Search(Request(cellar, Formula(("A", 50), ("B", 50))) with { MaxSteps = 1 });

        report.MaxDeviation.Should().Be(new Fraction(1, 6));
        report.Volume.Should().Be(3);
        report.Steps.Should().Be(1);
    }

    [Theory]
    [InlineData(1, 1, 6, 3)]
    [InlineData(2, 0, 1, 2)]
    public void ATransferBoundIsRespectedAndOptimalWithinIt(int maxTransfers, long deviationNumerator, long deviationDenominator, long volume)
    {
        var cellar = Cellar(("A1", 2, "A"), ("B1", 1, "B"), ("E1", 1, null), ("E2", 1, null), ("E3", 3, null));

        var (result, report) = Search(Request(cellar, Formula(("A", 50), ("B", 50))) with { MaxTransfers = maxTransfers });

        result.Status.Should().Be(PlanStatus.Optimal);
        report.Transfers.Should().BeLessThanOrEqualTo(maxTransfers);
        report.MaxDeviation.Should().Be(new Fraction(deviationNumerator, deviationDenominator));
        report.Volume.Should().Be(volume);
    }

    public static TheoryData<int, bool> TinyCellarSeeds()
    {
        var data = new TheoryData<int, bool>();
        foreach (var seed in Enumerable.Range(1, 24))
        {
            data.Add(seed, false);
            data.Add(seed, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TinyCellarSeeds))]
    public void TheSearchFindsTheSameOptimumAsANaiveEnumerationOfEveryTransferSequence(int seed, bool allowLeftoverBlends)
    {
        var random = new Random(seed);
        var wines = new[] { "A", "B", "C" }.Take(random.Next(2, 4)).ToArray();
        var tanks = new List<(string, long, string?)>();
        var tankCount = random.Next(4, 6);
        for (var i = 0; i < tankCount; i++)
        {
            // The first tanks hold each wine once; the rest are empty or a second tank of a wine.
            var wine = i < wines.Length ? wines[i] : random.Next(4) == 0 ? wines[random.Next(wines.Length)] : null;
            tanks.Add(($"T{i}", random.Next(1, 7), wine));
        }

        var cellar = Cellar([.. tanks]);
        var formula = Formula([.. wines.Select(w => (w, (decimal)random.Next(1, 10)))]);
        var maxSteps = tankCount == 4 ? 3 : 2;

        var expected = NaiveTransferSearch.Best(cellar, formula, maxSteps, allowLeftoverBlends);
        var request = Request(cellar, formula) with { MaxSteps = maxSteps, AllowLeftoverBlends = allowLeftoverBlends };
        var result = Some.Plan(request, Exhaustive());

        result.Status.Should().BeOneOf(PlanStatus.Optimal, PlanStatus.NoPlan);
        if (expected is null)
        {
            result.Plan.Should().BeNull();
            return;
        }

        var report = Verified(request, result.Plan!);
        new NaiveTransferSearch.Score(report.MaxDeviation, report.Volume, report.Transfers, report.Steps)
            .Should().Be(expected);
    }

    public static TheoryData<int> SmallCellarSeeds() => [.. Enumerable.Range(100, 20)];

    [Theory]
    [MemberData(nameof(SmallCellarSeeds))]
    public void TwoStepsAreAlwaysAtLeastAsGoodAsTheBestSplitThenAssemblePlan(int seed)
    {
        // Split-then-assemble plans take at most two steps, so they are among the plans searched.
        var random = new Random(seed);
        var wines = new[] { "A", "B", "C" };
        var tanks = new List<(string, long, string?)>();
        for (var i = 0; i < 7; i++)
        {
            tanks.Add(($"T{i}", random.Next(1, 9), i < wines.Length ? wines[i] : null));
        }

        var cellar = Cellar([.. tanks]);
        var formula = Formula([.. wines.Select(w => (w, (decimal)random.Next(1, 10)))]);
        var request = Request(cellar, formula) with { MaxSteps = 2 };

        var reference = SplitAssembleReference.Best(request);
        var result = Some.Plan(request, Exhaustive());

        result.Status.Should().BeOneOf(PlanStatus.Optimal, PlanStatus.NoPlan);
        if (reference is { } best)
        {
            var report = Verified(request, result.Plan!);
            new PlanOrder(request, 0m).Compare(report, best.Report).Should().BeLessThanOrEqualTo(0);
        }
    }

    [Fact]
    public void TwoTransfersInOneStepBeatAnyPlanOfOneTransferPerStepWhenStepsAreScarce()
    {
        // Found by a random search; the naive enumeration confirms the optimum. In step 1, A and B
        // go into the 4 while C is split into the 2 and the 1; step 2 blends the 1 of C with the 4.
        var cellar = Cellar(("T0", 2, "A"), ("T1", 2, "B"), ("T2", 3, "C"), ("T3", 2, null), ("T4", 1, null), ("T5", 4, null));
        var formula = Formula(("A", 8), ("B", 5), ("C", 5));

        var expected = NaiveTransferSearch.Best(cellar, formula, maxSteps: 2);
        var (_, report) = Search(Request(cellar, formula) with { MaxSteps = 2 });

        new NaiveTransferSearch.Score(report.MaxDeviation, report.Volume, report.Transfers, report.Steps).Should().Be(expected!);
        report.Transfers.Should().Be(3);
        report.Steps.Should().Be(2);
    }

    [Fact]
    public void BlendingTwoEqualTanksIntoTwoEqualTanksIsAStepLikeAnyOther()
    {
        // A and B into the two 1s (half and half each), then one of them with the second A: 3/4 A.
        var cellar = Cellar(("A1", 1, "A"), ("A2", 1, "A"), ("B1", 1, "B"), ("E1", 1, null), ("E2", 1, null), ("E3", 2, null));
        var formula = Formula(("A", 75), ("B", 25));

        var expected = NaiveTransferSearch.Best(cellar, formula, maxSteps: 2, allowLeftoverBlends: true);
        var (_, report) = Search(Request(cellar, formula) with { AllowLeftoverBlends = true });

        new NaiveTransferSearch.Score(report.MaxDeviation, report.Volume, report.Transfers, report.Steps).Should().Be(expected!);
        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Steps.Should().Be(2);
    }

    [Fact]
    public void AnExactBlendFoundEarlyDoesNotStopTheSearchForALargerExactOne()
    {
        // A1 + B1 is exact at once (2 hL). Splitting A4 first gives 3 of A against all 3 of B: 6 hL,
        // the most any exact blend can hold.
        var cellar = Cellar(("A1", 1, "A"), ("A4", 4, "A"), ("B1", 1, "B"), ("B2", 2, "B"), ("E1", 2, null), ("E2", 2, null), ("E3", 6, null));

        var (_, report) = Search(Request(cellar, Formula(("A", 50), ("B", 50))));

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(6);
        report.Transfers.Should().Be(2);
        report.Steps.Should().Be(2);
    }

    [Fact]
    public void WithinTheToleranceTheLargerBlendWins()
    {
        // Exact 50/50 needs two steps and makes 2; one transfer makes 3 at 2/3-1/3 (16.7 pp off).
        var cellar = Cellar(("A1", 2, "A"), ("B1", 1, "B"), ("E1", 1, null), ("E2", 1, null), ("E3", 3, null));

        var (_, report) = Search(Request(cellar, Formula(("A", 50), ("B", 50))) with { TolerancePp = 20 });

        report.MaxDeviation.Should().Be(new Fraction(1, 6));
        report.Volume.Should().Be(3);
        report.Transfers.Should().Be(1);
    }

    [Fact]
    public void AFormulaWineMissingFromTheCellarCostsItsWholeShare()
    {
        var cellar = Cellar(("A1", 1, "A"), ("B1", 1, "B"), ("E1", 2, null));

        var (_, report) = Search(Request(cellar, Formula(("A", 40), ("B", 40), ("C", 20))));

        report.MaxDeviation.Should().Be(new Fraction(1, 5));
        report.Volume.Should().Be(2);
    }

    [Fact]
    public void ACellarBeyondTheTankLimitIsReportedNotSearched()
    {
        var tanks = Enumerable.Range(0, ExhaustiveStrategy.MaxTanks + 1)
            .Select(i => ($"T{i}", (long)(i + 1), i % 2 == 0 ? "A" : (string?)null))
            .ToArray();

        var result = Some.Plan(Request(Cellar(tanks), Formula(("A", 100))), Exhaustive());

        result.Plan.Should().BeNull();
        result.Status.Should().Be(PlanStatus.TimeoutWithoutPlan);
        result.Message.Should().Contain("at most 20");
    }

    [Fact]
    public void TwoRunsGiveTheSameRows()
    {
        var cellar = Cellar(
            ("F1", 4, "A"), ("F2", 5, "B"), ("F3", 8, "C"), ("F4", 8, "A"),
            ("E1", 3, null), ("E2", 3, null), ("E3", 6, null), ("E4", 7, null), ("E5", 2, null));
        var formula = Formula(("A", 37), ("B", 41), ("C", 22));

        var request = Request(cellar, formula) with { MaxSteps = 4 };
        var first = Some.Plan(request, Exhaustive());
        var second = Some.Plan(request, Exhaustive());

        first.Plan.Should().NotBeNull();
        second.Plan!.ToRows().Should().Equal(first.Plan!.ToRows());
        second.Message.Should().Be(first.Message, "the message counts the cellar states explored");
    }

    [Fact]
    public void AnExcludedTankIsNeverTouchedAndTheRestIsSearchedAsIfItWereGone()
    {
        var (result, report) = Search(Request(SpecCellar(), SpecFormula()) with { ExcludedTanks = ["C006"] });
        var (_, without) = Search(Request(SpecCellar().Without(["C006"]), SpecFormula()));

        result.Plan!.Transfers.SelectMany(t => t.From.Concat(t.To)).Should().NotContain(leg => leg.TankId == "C006");
        (report.MaxDeviation, report.Volume, report.Transfers, report.Steps)
            .Should().Be((without.MaxDeviation, without.Volume, without.Transfers, without.Steps));
    }

    [Fact]
    public void TanksOfAKeptWineAreNeverTouched()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 100, "B"), ("C1", 100, "C"), ("E1", 200, null), ("E2", 300, null));
        var (result, report) = Search(Request(cellar, Formula(("A", 30), ("B", 30), ("C", 40))) with { KeptWines = ["C"] });

        result.Plan!.Transfers.SelectMany(t => t.From).Should().NotContain(leg => leg.TankId == "C1");
        report.Blend.ShareOf("C").Should().Be(Fraction.Zero);
        report.MaxDeviation.Should().Be(new Fraction(2, 5));
    }

    [Fact]
    public void TheFinalVolumeStaysWithinTheBounds()
    {
        var cellar = Cellar(("A1", 4, "A"), ("B1", 4, "B"), ("E1", 2, null), ("E2", 4, null), ("E3", 8, null));

        var (_, capped) = Search(Request(cellar, Formula(("A", 50), ("B", 50))) with { Volume = new VolumeBand(1, 4, null), AllowLeftoverBlends = true });
        var (_, floored) = Search(Request(cellar, Formula(("A", 100))) with { Volume = new VolumeBand(8, long.MaxValue, null) });

        capped.Volume.Should().BeLessThanOrEqualTo(4);
        capped.MaxDeviation.Should().Be(Fraction.Zero);
        floored.Volume.Should().Be(8);
        floored.MaxDeviation.Should().Be(new Fraction(1, 2));
    }

    [Fact]
    public void ATinyTimeBudgetStopsTheSearchIncompleteButStillDeterministic()
    {
        // 1e-4 work units are 300 search units.
        var request = Request(SpecCellar(), SpecFormula());
        var first = Some.Plan(request, Exhaustive(), work: 1e-4);
        var second = Some.Plan(request, Exhaustive(), work: 1e-4);

        first.Status.Should().Be(PlanStatus.Feasible);
        first.Message.Should().Contain("not proven best");
        Verified(request, first.Plan!);
        second.Plan!.ToRows().Should().Equal(first.Plan!.ToRows());
        first.WallClockCutIn.Should().BeFalse("the work limit, not the clock, ended the search");
    }

    [Fact]
    public void CancellingReturnsIncompleteInsteadOfThrowing()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var result = BlendPlanner.Plan(Request(SpecCellar(), SpecFormula()), Exhaustive(), Some.Work(), null, cancellation.Token);

        result.Status.Should().Be(PlanStatus.TimeoutWithoutPlan);
        result.Interrupted.Should().BeTrue();
        result.Message.Should().Contain("cancelled");
    }

    [Fact]
    public void WithWasteAllowedTheSearchStillDrawsEveryTankWhole()
    {
        var (_, report) = Search(Request(SpecCellar(), SpecFormula()) with { AllowWaste = true });

        report.Wasted.Should().Be(0);
        report.MaxDeviation.Should().Be(Fraction.Zero);
    }

    [Fact]
    public void TheObserverHearsOfEveryImprovementAndTheLastOneIsThePlan()
    {
        var observer = new RecordingObserver();

        var result = Some.Plan(Request(SpecCellar(), SpecFormula()), Exhaustive(), observer: observer);

        observer.Progress.Should().NotBeEmpty();
        observer.Progress[^1].MaxDeviationPp.Should().Be(0);
        observer.Progress[^1].Volume.Should().Be(6250);
        observer.Messages.Should().Contain(result.Message);
    }

    [Fact]
    public void FewerThanOneStepIsAContractViolation()
    {
        var act = () => Some.Plan(Request(SpecCellar(), SpecFormula()) with { MaxSteps = 0 }, Exhaustive());

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SmallCellarsAreSmallEnoughAndUntouchableTanksDoNotCount()
    {
        // 14 tanks, 5 of them holding A: 9 remain when A is kept, 7 when the last 7 are excluded.
        var big = Cellar([.. Enumerable.Range(0, 14).Select(i => ($"T{i}", (long)(i + 1), i < 5 ? "A" : (string?)null))]);
        var request = Request(big, Formula(("A", 100)));
        bool SmallEnough(BlendRequest r) => ExhaustiveStrategy.IsSmallEnough(UsableCellar.Of(r));

        SmallEnough(Request(SpecCellar(), SpecFormula())).Should().BeTrue();
        SmallEnough(request).Should().BeFalse();
        SmallEnough(request with { ExcludedTanks = [.. Enumerable.Range(7, 7).Select(i => $"T{i}")] }).Should().BeTrue();
        SmallEnough(request with { KeptWines = ["A"] }).Should().BeTrue();
    }

    /// <summary>
    /// Runs the exhaustive strategy through the pipeline (which checks the plan against the search's
    /// own belief and verifies it against the request), and replays its plan once more here.
    /// </summary>
    private static (PlanningResult Result, BlendReport Report) Search(BlendRequest request)
    {
        var result = Some.Plan(request, Exhaustive());
        result.Plan.Should().NotBeNull(result.Message);
        var report = Verified(request, result.Plan!);
        (report.MaxDeviation, report.Volume, report.Transfers, report.Steps)
            .Should().Be((result.Blend!.MaxDeviation, result.Blend.Volume, result.Blend.Transfers, result.Blend.Steps));
        return (result, report);
    }

    /// <summary>The exhaustive strategy comparing exact deviations, so that its optimum is the oracles' optimum.</summary>
    private static SolverSettings Exhaustive() => Some.Settings(PlanningStrategy.Exhaustive) with { AccuracyResolutionPp = 0m };

    private static BlendReport Verified(BlendRequest request, Plan plan)
    {
        var verification = PlanVerifier.Verify(request, plan);
        verification.Violations.Should().BeEmpty();
        plan.Steps.Select(s => s.Number).Should().Equal(Enumerable.Range(1, plan.StepCount));
        plan.Transfers.Select(t => t.Number).Should().Equal(Enumerable.Range(1, plan.TransferCount));
        return verification.Blend!;
    }

    private static BlendRequest Request(Cellar cellar, Formula formula) => new(cellar, formula);

    private static Cellar SpecCellar() => Cellar(
        ("C001", 1250, "A"), ("C002", 2500, "B"), ("C003", 3750, "C"),
        ("C004", 1875, null), ("C005", 1875, null), ("C006", 4375, null));

    private static Formula SpecFormula() => Formula(("A", 20), ("B", 40), ("C", 40));

    private static Cellar Cellar(params (string Id, long Capacity, string? Wine)[] tanks) =>
        new(tanks.Select(t => new Tank(t.Id, t.Capacity, t.Wine)), VolumeUnit.Hectolitres);

    private static Formula Formula(params (string Wine, decimal Percent)[] lines) =>
        new(lines.Select(l => new FormulaLine(l.Wine, l.Percent)));
}
