using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.Exhaustive;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Exhaustive;

public class ExhaustivePlannerTests
{
    [Fact]
    public void TheSpecExampleIsMatchedExactlyInFourStepsWithAllOfTheTwentyPercentWine()
    {
        var (result, report) = Search(SpecCellar(), SpecFormula(), new PlanningOptions());

        result.Complete.Should().BeTrue();
        report.MaxDeviation.Should().Be(Fraction.Zero);
        // Wine A (1250 hL) is 20 % of the blend, so no exact blend exceeds 6250 hL; B and C allow more.
        report.Volume.Should().Be(6250);
        report.Steps.Should().Be(4);
    }

    [Fact]
    public void TheSpecExampleCappedAt1875HectolitresIsStillExact()
    {
        var (_, report) = Search(SpecCellar(), SpecFormula(), new PlanningOptions { MaxVolume = 1875 });

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(1875);
    }

    [Fact]
    public void AFormulaEqualToTheTankVolumesIsOneExactTransfer()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 200, "B"), ("E1", 150, null), ("E2", 300, null));

        var (result, report) = Search(cellar, Formula(("A", 1), ("B", 2)), new PlanningOptions());

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(300);
        report.Transfers.Should().Be(1);
        result.Best!.FinalTransfer!.To.Should().ContainSingle().Which.TankId.Should().Be("E2");
    }

    [Fact]
    public void ASingleWineFormulaTakesAllOfThatWineAndNothingElse()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 50, "B"), ("E1", 100, null), ("E2", 150, null));

        var (_, report) = Search(cellar, Formula(("A", 100)), new PlanningOptions());

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(100);
        report.Transfers.Should().Be(1);
    }

    [Fact]
    public void ACellarWithoutAnEmptyTankHasProvablyNoPlan()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 50, "B"));

        var result = ExhaustivePlanner.Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions(), null, default);

        result.Best.Should().BeNull();
        result.Complete.Should().BeTrue();
    }

    [Fact]
    public void WithoutATankForTheWholeBlendOnlyThePureWineThatFitsRemains()
    {
        // The client's example of waste, searched without waste: 50 hL of A fits no empty tank.
        var cellar = Cellar(("A1", 50, "A"), ("B1", 100, "B"), ("E1", 100, null));

        var (_, report) = Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions());

        report.MaxDeviation.Should().Be(new Fraction(1, 2));
        report.Volume.Should().Be(100);
    }

    [Fact]
    public void SplittingAWineFirstReachesARatioNoSingleTransferCan()
    {
        // A (2) into the two 1s, then one of them with B (1) back into A's tank: exactly 50/50.
        var cellar = Cellar(("A1", 2, "A"), ("B1", 1, "B"), ("E1", 1, null), ("E2", 1, null), ("E3", 3, null));

        var (_, report) = Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions());

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(2);
        report.Transfers.Should().Be(2);
        report.Steps.Should().Be(2);
    }

    [Fact]
    public void OneStepAllowsOnlyTheBlendOfBothTanksAtTwoThirdsOneThird()
    {
        var cellar = Cellar(("A1", 2, "A"), ("B1", 1, "B"), ("E1", 1, null), ("E2", 1, null), ("E3", 3, null));

        var (_, report) = Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions { MaxSteps = 1 });

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

        var (result, report) = Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions { MaxTransfers = maxTransfers });

        result.Complete.Should().BeTrue();
        report.Transfers.Should().BeLessThanOrEqualTo(maxTransfers);
        report.MaxDeviation.Should().Be(new Fraction(deviationNumerator, deviationDenominator));
        report.Volume.Should().Be(volume);
    }

    public static TheoryData<int> TinyCellarSeeds() => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(TinyCellarSeeds))]
    public void TheSearchFindsTheSameOptimumAsANaiveEnumerationOfEveryTransferSequence(int seed)
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

        var expected = NaiveTransferSearch.Best(cellar, formula, maxSteps);
        var result = ExhaustivePlanner.Search(cellar, formula, new PlanningOptions { MaxSteps = maxSteps }, null, default);

        result.Complete.Should().BeTrue();
        if (expected is null)
        {
            result.Best.Should().BeNull();
            return;
        }

        var report = Verified(cellar, formula, result.Best!, new PlanningOptions());
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
        var options = new PlanningOptions { MaxSteps = 2 };

        var reference = SplitAssembleReference.Best(cellar, formula, options);
        var (result, _) = ExhaustivePlanner.Run(cellar, formula, options, null, default);

        result.Complete.Should().BeTrue();
        if (reference is { } best)
        {
            var report = Verified(cellar, formula, result.Best!, options);
            PlanRanking.Compare(report, best.Report, options).Should().BeLessThanOrEqualTo(0);
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
        var (_, report) = Search(cellar, formula, new PlanningOptions { MaxSteps = 2 });

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

        var expected = NaiveTransferSearch.Best(cellar, formula, maxSteps: 2);
        var (_, report) = Search(cellar, formula, new PlanningOptions());

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

        var (_, report) = Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions());

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

        var (_, report) = Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions { TolerancePp = 20 });

        report.MaxDeviation.Should().Be(new Fraction(1, 6));
        report.Volume.Should().Be(3);
        report.Transfers.Should().Be(1);
    }

    [Fact]
    public void AFormulaWineMissingFromTheCellarCostsItsWholeShare()
    {
        var cellar = Cellar(("A1", 1, "A"), ("B1", 1, "B"), ("E1", 2, null));

        var (_, report) = Search(cellar, Formula(("A", 40), ("B", 40), ("C", 20)), new PlanningOptions());

        report.MaxDeviation.Should().Be(new Fraction(1, 5));
        report.Volume.Should().Be(2);
    }

    [Fact]
    public void ACellarBeyondTheTankLimitIsReportedNotSearched()
    {
        var tanks = Enumerable.Range(0, ExhaustivePlanner.MaxTanks + 1)
            .Select(i => ($"T{i}", (long)(i + 1), i % 2 == 0 ? "A" : (string?)null))
            .ToArray();

        var result = ExhaustivePlanner.Search(Cellar(tanks), Formula(("A", 100)), new PlanningOptions(), null, default);

        result.Best.Should().BeNull();
        result.Complete.Should().BeFalse();
        result.Message.Should().Contain("at most 20");
    }

    [Fact]
    public void TwoRunsGiveTheSameRows()
    {
        var cellar = Cellar(
            ("F1", 4, "A"), ("F2", 5, "B"), ("F3", 8, "C"), ("F4", 8, "A"),
            ("E1", 3, null), ("E2", 3, null), ("E3", 6, null), ("E4", 7, null), ("E5", 2, null));
        var formula = Formula(("A", 37), ("B", 41), ("C", 22));

        var first = ExhaustivePlanner.Search(cellar, formula, new PlanningOptions { MaxSteps = 4 }, null, default);
        var second = ExhaustivePlanner.Search(cellar, formula, new PlanningOptions { MaxSteps = 4 }, null, default);

        first.Best.Should().NotBeNull();
        second.Best!.ToRows().Should().Equal(first.Best!.ToRows());
        second.StatesExplored.Should().Be(first.StatesExplored);
    }

    [Fact]
    public void AnExcludedTankIsNeverTouchedAndTheRestIsSearchedAsIfItWereGone()
    {
        var options = new PlanningOptions { ExcludedTanks = ["C006"] };

        var (result, report) = Search(SpecCellar(), SpecFormula(), options);
        var (_, without) = Search(SpecCellar().Without(["C006"]), SpecFormula(), new PlanningOptions());

        result.Best!.Transfers.SelectMany(t => t.From.Concat(t.To)).Should().NotContain(leg => leg.TankId == "C006");
        (report.MaxDeviation, report.Volume, report.Transfers, report.Steps)
            .Should().Be((without.MaxDeviation, without.Volume, without.Transfers, without.Steps));
    }

    [Fact]
    public void TanksOfAKeptWineAreNeverTouched()
    {
        var cellar = Cellar(("A1", 100, "A"), ("B1", 100, "B"), ("C1", 100, "C"), ("E1", 200, null), ("E2", 300, null));
        var options = new PlanningOptions { KeptWines = ["C"] };

        var (result, report) = Search(cellar, Formula(("A", 30), ("B", 30), ("C", 40)), options);

        result.Best!.Transfers.SelectMany(t => t.From).Should().NotContain(leg => leg.TankId == "C1");
        report.Blend.ShareOf("C").Should().Be(Fraction.Zero);
        report.MaxDeviation.Should().Be(new Fraction(2, 5));
    }

    [Fact]
    public void TheFinalVolumeStaysWithinTheBounds()
    {
        var cellar = Cellar(("A1", 4, "A"), ("B1", 4, "B"), ("E1", 2, null), ("E2", 4, null), ("E3", 8, null));

        var (_, capped) = Search(cellar, Formula(("A", 50), ("B", 50)), new PlanningOptions { MaxVolume = 4 });
        var (_, floored) = Search(cellar, Formula(("A", 100)), new PlanningOptions { MinVolume = 8 });

        capped.Volume.Should().BeLessThanOrEqualTo(4);
        capped.MaxDeviation.Should().Be(Fraction.Zero);
        floored.Volume.Should().Be(8);
        floored.MaxDeviation.Should().Be(new Fraction(1, 2));
    }

    [Fact]
    public void ATinyTimeBudgetStopsTheSearchIncompleteButStillDeterministic()
    {
        var options = new PlanningOptions { TimeLimitSeconds = 1e-4 };

        var first = ExhaustivePlanner.Search(SpecCellar(), SpecFormula(), options, null, default);
        var second = ExhaustivePlanner.Search(SpecCellar(), SpecFormula(), options, null, default);

        first.Complete.Should().BeFalse();
        first.Message.Should().Contain("not proven best");
        Verified(SpecCellar(), SpecFormula(), first.Best!, options);
        second.Best!.ToRows().Should().Equal(first.Best!.ToRows());
    }

    [Fact]
    public void CancellingReturnsIncompleteInsteadOfThrowing()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var result = ExhaustivePlanner.Search(SpecCellar(), SpecFormula(), new PlanningOptions(), null, cancellation.Token);

        result.Complete.Should().BeFalse();
        result.Message.Should().Contain("cancelled");
    }

    [Fact]
    public void WasteAllowedIsSearchedWithoutWasteAndSaysSo()
    {
        var options = new PlanningOptions { AllowWaste = true };

        var (result, report) = Search(SpecCellar(), SpecFormula(), options);

        report.Wasted.Should().Be(0);
        result.Message.Should().Contain("Waste is not searched");
    }

    [Fact]
    public void TheObserverHearsOfEveryImprovementAndTheLastOneIsThePlan()
    {
        var observer = new RecordingObserver();

        var result = ExhaustivePlanner.Search(SpecCellar(), SpecFormula(), new PlanningOptions(), observer, default);

        observer.Progress.Should().NotBeEmpty();
        observer.Progress[^1].MaxDeviationPp.Should().Be(0);
        observer.Progress[^1].Volume.Should().Be(6250);
        observer.Messages.Should().ContainSingle().Which.Should().Be(result.Message);
    }

    [Fact]
    public void FewerThanOneStepIsAContractViolation()
    {
        var act = () => ExhaustivePlanner.Search(SpecCellar(), SpecFormula(), new PlanningOptions { MaxSteps = 0 }, null, default);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void SmallCellarsAreSmallEnoughAndUntouchableTanksDoNotCount()
    {
        // 14 tanks, 5 of them holding A: 9 remain when A is kept, 7 when the last 7 are excluded.
        var big = Cellar([.. Enumerable.Range(0, 14).Select(i => ($"T{i}", (long)(i + 1), i < 5 ? "A" : (string?)null))]);
        var excluded = new PlanningOptions { ExcludedTanks = [.. Enumerable.Range(7, 7).Select(i => $"T{i}")] };
        var kept = new PlanningOptions { KeptWines = ["A"] };

        ExhaustivePlanner.IsSmallEnough(SpecCellar(), new PlanningOptions()).Should().BeTrue();
        ExhaustivePlanner.IsSmallEnough(big, new PlanningOptions()).Should().BeFalse();
        ExhaustivePlanner.IsSmallEnough(big, excluded).Should().BeTrue();
        ExhaustivePlanner.IsSmallEnough(big, kept).Should().BeTrue();
    }

    /// <summary>
    /// Runs the search, replays its plan with the verifier under the options' rules, and checks
    /// that the replay agrees with what the search believed of its plan.
    /// </summary>
    private static (ExhaustiveResult Result, BlendReport Report) Search(Cellar cellar, Formula formula, PlanningOptions options)
    {
        var (result, belief) = ExhaustivePlanner.Run(cellar, formula, options, null, default);
        result.Best.Should().NotBeNull(result.Message);
        var report = Verified(cellar, formula, result.Best!, options);
        belief.Should().NotBeNull();
        (report.MaxDeviation, report.Volume, report.Transfers, report.Steps)
            .Should().Be((belief!.MaxDeviation, belief.Volume, belief.Transfers, belief.Steps));
        return (result, report);
    }

    private static BlendReport Verified(Cellar cellar, Formula formula, Plan plan, PlanningOptions options)
    {
        var verification = PlanVerifier.Verify(cellar, formula, plan, options.ToVerificationOptions());
        verification.Violations.Should().BeEmpty();
        plan.Steps.Select(s => s.Number).Should().Equal(Enumerable.Range(1, plan.StepCount));
        plan.Transfers.Select(t => t.Number).Should().Equal(Enumerable.Range(1, plan.TransferCount));
        return verification.Blend!;
    }

    private static Cellar SpecCellar() => Cellar(
        ("C001", 1250, "A"), ("C002", 2500, "B"), ("C003", 3750, "C"),
        ("C004", 1875, null), ("C005", 1875, null), ("C006", 4375, null));

    private static Formula SpecFormula() => Formula(("A", 20), ("B", 40), ("C", 40));

    private static Cellar Cellar(params (string Id, long Capacity, string? Wine)[] tanks) =>
        new(tanks.Select(t => new Tank(t.Id, t.Capacity, t.Wine)), VolumeUnit.Hectolitres);

    private static Formula Formula(params (string Wine, decimal Percent)[] lines) =>
        new(lines.Select(l => new FormulaLine(l.Wine, l.Percent)));
}
