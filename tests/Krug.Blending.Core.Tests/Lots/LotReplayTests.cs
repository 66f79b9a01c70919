using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Lots;

/// <summary>The verifier replays tanks of lots exactly and checks every rule with them.</summary>
public sealed class LotReplayTests
{
    private static readonly Lot Reserve = Some.Lot("Reserve", ("A", 60m), ("B", 40m));

    // Two tanks of the reserve, one of pure A, and empties to pour them into.
    private static readonly Cellar Cellar = new CellarBuilder()
        .Lot("L1", 100, Reserve).Lot("L2", 100, Reserve).Full("P1", 100, "A")
        .Empty("E1", 200).Empty("E2", 50).Empty("E3", 50).Empty("E4", 250).Empty("E5", 150).Empty("E6", 100)
        .Build();

    private static readonly BlendRequest Request = Some.Request(Cellar, Some.Formula(("A", 80m), ("B", 20m)));

    [Fact]
    public void ALotPouredWholeGivesEachOfItsWinesByItsShare()
    {
        var report = PlanVerifier.Verify(Request, Some.Plan(Cellar, "L1 P1 -> E1"));

        report.Violations.Should().BeEmpty();
        // 60 + 100 of A and 40 of B in 200 hL.
        report.Blend!.Blend.ShareOf("A").Should().Be(new Fraction(4, 5));
        report.Blend.Blend.ShareOf("B").Should().Be(new Fraction(1, 5));
        report.Blend.MaxDeviation.Should().Be(Fraction.Zero);
        report.Blend.After.Changed.Single(c => c.TankId == "L1").Should().Match<TankChange>(c => c.End == TankEnd.Emptied && c.BeforeLot == "Reserve");
    }

    [Fact]
    public void ALotSplitAndPartlyPouredLeavesAPieceOfTheSameLotAsWineMoved()
    {
        var report = PlanVerifier.Verify(Request, Some.Plan(Cellar, "L1 -> E2 E3", "E2 P1 -> E5"));

        report.Violations.Should().BeEmpty();
        var blend = report.Blend!;
        // 30 + 100 of A and 20 of B in 150 hL.
        blend.Blend.ShareOf("A").Should().Be(new Fraction(13, 15));
        blend.Blend.ShareOf("B").Should().Be(new Fraction(2, 15));
        var piece = blend.After.Changed.Single(c => c.TankId == "E3");
        piece.End.Should().Be(TankEnd.Moved);
        piece.After.Should().Be(Reserve.Composition);
        piece.AfterLot.Should().Be("Reserve");
        blend.After.LeftoverBlendVolume.Should().Be(0);
        blend.After.MovedNotUsed.Should().Equal(new WineVolume("A", Fraction.FromInt64(30)), new WineVolume("B", Fraction.FromInt64(20)));
    }

    [Fact]
    public void ALotMovedWholeToAnotherTankIsMovedNotALeftover()
    {
        var report = PlanVerifier.Verify(Request, Some.Plan(Cellar, "L1 -> E6", "L2 P1 -> E1"));

        report.Violations.Should().BeEmpty();
        report.Blend!.After.Changed.Single(c => c.TankId == "E6").End.Should().Be(TankEnd.Moved);
    }

    [Fact]
    public void TwoTanksOfALotPouredTogetherStillHoldThatLot()
    {
        var report = PlanVerifier.Verify(Request, Some.Plan(Cellar, "L1 L2 -> E1", "E1 -> E5 E2", "E2 P1 -> E5"));

        report.Violations.Should().ContainSingle().Which.Kind.Should().Be(ViolationKind.TargetNotEmpty, "E5 still holds the lot in step 3");
        var again = PlanVerifier.Verify(Request, Some.Plan(Cellar, "L1 L2 -> E1", "E1 -> E5 E2", "E2 P1 -> E6 E3"));
        again.Violations.Should().BeEmpty();
        again.Blend!.After.Changed.Single(c => c.TankId == "E5").Should().Match<TankChange>(c => c.End == TankEnd.Moved && c.AfterLot == "Reserve");
    }

    [Fact]
    public void AMixtureOfALotAndAWineLeftBehindIsALeftoverBlend()
    {
        var plan = Some.Plan(Cellar, "L1 P1 -> E2 E5", "E5 L2 -> E4");

        var report = PlanVerifier.Verify(Request, plan);

        var violation = report.Violations.Should().ContainSingle().Subject;
        violation.Kind.Should().Be(ViolationKind.LeftoverBlend);
        violation.TankId.Should().Be("E2");
        report.Blend!.After.Changed.Single(c => c.TankId == "E2").AfterLot.Should().BeNull();
        PlanVerifier.Verify(Request with { AllowLeftoverBlends = true }, plan).IsValid.Should().BeTrue();
    }

    [Fact]
    public void ATankOfAKeptLotMayNotBeTouched()
    {
        var report = PlanVerifier.Verify(Request with { KeptWines = ["Reserve"] }, Some.Plan(Cellar, "L1 P1 -> E1"));

        var violation = report.Violations.Should().ContainSingle().Subject;
        violation.Kind.Should().Be(ViolationKind.KeptWineTouched);
        violation.Message.Should().Contain("lot Reserve");
    }

    [Fact]
    public void ALotHoldingAKeptWineMayNotBeTouched()
    {
        var report = PlanVerifier.Verify(Request with { KeptWines = ["B"] }, Some.Plan(Cellar, "L1 P1 -> E1"));

        report.Violations.Should().ContainSingle().Which.Kind.Should().Be(ViolationKind.KeptWineTouched);
    }

    [Fact]
    public void AKeptLotIsNotTouchedByABlendThatHappensToHaveItsMakeUp()
    {
        // 60 of A and 40 of B poured together make the reserve's make-up, but not its tanks.
        var cellar = new CellarBuilder().Lot("L1", 100, Reserve).Full("PA", 60, "A").Full("PB", 40, "B").Empty("E1", 100).Empty("E2", 50).Empty("E3", 50).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 60m), ("B", 40m))) with { KeptWines = ["Reserve"] };

        var report = PlanVerifier.Verify(request, Some.Plan(cellar, "PA PB -> E1", "E1 -> E2 E3"));

        report.Violations.Should().BeEmpty();
    }
}
