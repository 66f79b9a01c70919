using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Lots;

/// <summary>Every strategy plans with tanks of lots, whose optimum on small cellars is worked out by hand.</summary>
public sealed class LotPlanningTests
{
    private static readonly Lot Half = Some.Lot("Half and half", ("A", 50m), ("B", 50m));

    /// <summary>
    /// 200 hL of a 50/50 lot and 100 hL of pure A, for a 75/25 formula. A blend of x of the lot and y
    /// of A is 75 % A exactly when y = x, so the largest exact blend takes 100 of each: split the lot
    /// into E1 and E2, then pour E1 and the A into E3. Pouring everything (300 hL) fits no empty tanks
    /// and would be 2/3 A anyway. The half of the lot left in E2 is still the lot: no leftover.
    /// </summary>
    private static readonly Cellar HalfAndHalf = new CellarBuilder()
        .Lot("L", 200, Half).Full("P", 100, "A")
        .Empty("E1", 100).Empty("E2", 100).Empty("E3", 200)
        .Build();

    private static readonly Formula ThreeQuartersA = Some.Formula(("A", 75m), ("B", 25m));

    public static TheoryData<PlanningStrategy> Strategies() =>
        [PlanningStrategy.Exhaustive, PlanningStrategy.SplitAssemble, PlanningStrategy.MultiLevel, PlanningStrategy.Auto];

    [Theory]
    [MemberData(nameof(Strategies))]
    public void EveryStrategyFindsTheExactBlendThatSplitsTheLotAndLeavesHalfOfItAsItWas(PlanningStrategy strategy)
    {
        var request = Some.Request(HalfAndHalf, ThreeQuartersA);

        var result = Some.Plan(request, Some.Settings(strategy) with { AccuracyResolutionPp = 0m }, work: 5);

        result.Status.Should().Be(PlanStatus.Optimal, result.Message);
        var blend = result.Blend!;
        blend.MaxDeviation.Should().Be(Fraction.Zero);
        blend.Volume.Should().Be(200);
        blend.Transfers.Should().Be(2);
        blend.Steps.Should().Be(2);
        var piece = blend.After.Changed.Should().ContainSingle(c => c.End == TankEnd.Moved).Subject;
        piece.AfterLot.Should().Be("Half and half");
        blend.After.LeftoverBlends.Should().BeEmpty();
    }

    [Fact]
    public void TheExhaustiveSearchLeavesAPieceOfALotBehindButNeverAMixtureItMade()
    {
        // At most 200 hL of 2/3 A. Exact would be pouring the lot and the A together (300 hL of 2/3 A)
        // and 200 of it on: the other 100 hL stay behind, a mixture the plan made. Without leftovers the
        // best is the lot split, half of it with the A: 75 % A, 1/12 off; the other half is still the lot.
        var request = Some.Request(HalfAndHalf, Some.Formula(("A", 2m), ("B", 1m))) with { Volume = new VolumeBand(1, 200, null) };
        var exact = Some.Settings(PlanningStrategy.Exhaustive) with { AccuracyResolutionPp = 0m };

        var strict = Some.Plan(request, exact, work: 5);
        var lenient = Some.Plan(request with { AllowLeftoverBlends = true }, exact, work: 5);

        strict.Status.Should().Be(PlanStatus.Optimal, strict.Message);
        strict.Blend!.MaxDeviation.Should().Be(new Fraction(1, 12));
        strict.Blend.After.LeftoverBlends.Should().BeEmpty();
        strict.Blend.After.Changed.Should().ContainSingle(c => c.End == TankEnd.Moved).Which.AfterLot.Should().Be("Half and half");
        lenient.Status.Should().Be(PlanStatus.Optimal, lenient.Message);
        lenient.Blend!.MaxDeviation.Should().Be(Fraction.Zero);
        lenient.Blend.After.LeftoverBlendVolume.Should().Be(100);
    }

    [Fact]
    public void AnExhaustivePlanKeepsTheTransferThatPoursItsLeftoversBackIntoTheLot()
    {
        // Found by the lot property: the best plan pours the mixtures it made on the way into
        // 20 hL of exactly the lot's 3/5 + 2/5, a transfer the final blend does not depend on.
        // Dropping it from the work order left three tanks of mixtures behind.
        var lot = Some.Lot("Lot", ("W1", 60m), ("W2", 40m));
        var cellar = new CellarBuilder()
            .Full("F1", 12, "W1").Full("F2", 7, "W2").Lot("L1", 5, lot)
            .Empty("E1", 8).Empty("E2", 4).Empty("E3", 4).Empty("E4", 8)
            .Build();
        var request = Some.Request(cellar, Some.Formula(("W1", 9m), ("W2", 2m)));

        var result = Some.Plan(request, Some.Settings(PlanningStrategy.Exhaustive) with { AccuracyResolutionPp = 0m }, work: 10);

        result.Status.Should().Be(PlanStatus.Optimal, result.Message);
        var replay = PlanVerifier.Verify(request, result.Plan!);
        replay.IsValid.Should().BeTrue(string.Join("\n", replay.Violations.Select(v => v.Message)));
        replay.Blend!.After.LeftoverBlends.Should().BeEmpty();
        replay.Blend.Transfers.Should().Be(result.Plan!.TransferCount);
    }

    [Fact]
    public void AKeptLotStaysOutOfThePlan()
    {
        var request = Some.Request(HalfAndHalf, ThreeQuartersA) with { KeptWines = ["Half and half"] };

        var result = Some.Plan(request, Some.Settings(PlanningStrategy.Exhaustive), work: 5);

        // Only the A is left: poured whole into E1 (100 hL of A alone is 25 pp off).
        result.Blend!.MaxDeviation.Should().Be(new Fraction(1, 4));
        result.Plan!.Transfers.SelectMany(t => t.From).Should().NotContain(f => f.TankId == "L");
    }

    [Fact]
    public void LotsWhoseSharesAreTooFineForTheModelGiveNoSplitThenAssemblePlanAndAReason()
    {
        // Weights adding up to two different primes near 100,000: one wine's shares need a common denominator near 10^10.
        var cellar = new CellarBuilder()
            .Lot("L1", 100, Some.Lot("Fine", ("A", 1m), ("B", 99990m)))
            .Lot("L2", 100, Some.Lot("Finer", ("A", 1m), ("B", 99988m)))
            .Empty("E", 200)
            .Build();
        var request = Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m)));

        var split = Some.Plan(request, Some.Settings(PlanningStrategy.SplitAssemble), work: 1);
        var exhaustive = Some.Plan(request, Some.Settings(PlanningStrategy.Exhaustive), work: 1);

        split.Status.Should().Be(PlanStatus.NoPlan);
        split.Message.Should().Contain("too fine");
        exhaustive.Blend!.Volume.Should().Be(200, "the exact search has no such limit");
    }

    [Fact]
    public void ThePatternStartDoesNotApplyWhenALotIsInAUsableTank()
    {
        var cellar = new CellarBuilder().Lot("L", 100, Half).Full("P", 100, "A").Empty("E1", 100).Empty("E2", 100).Build();
        var formula = Some.Formula(("A", 75m), ("B", 25m));
        var model = SplitAssembleModel.Build(
            [.. cellar.Tanks.Where(t => t.IsFull).Select(t => new SourceTank(t.Id, t.Capacity, t.Contents!))],
            [.. cellar.Tanks.Where(t => !t.IsFull).Select(t => (t.Id, t.Capacity))],
            TargetShares.From(formula, TargetShares.PartsPerMillion),
            AssemblyLimits.Of(Some.Request(cellar, formula)));

        PatternStart.Applies(model).Should().BeFalse();
    }

    [Fact]
    public void GroupsMakeRoomForTheDenominatorsALotAlreadyBringsToAWine()
    {
        // Without the lot, A and B (stock 100 and 150, demand 40 % and 60 %) would group; their group's
        // shares (2/5, 3/5) beside the lot's A share of 1/9,999 would need a denominator above the groups' limit.
        var lot = new SourceTank("L", 100, Some.Lot("Odd", ("A", 1m), ("C", 9998m)).Composition);
        SourceTank[] pure = [new("PA", 100, "A"), new("PB", 150, "B")];
        var targets = TargetShares.From(Some.Formula(("A", 40m), ("B", 60m)), TargetShares.PartsPerMillion);

        GroupCandidates.For(pure, emptyTanks: 1, targets).Should().ContainSingle();
        GroupCandidates.For([.. pure, lot], emptyTanks: 1, targets).Should().BeEmpty();
    }
}
