using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Verification;

public class StepSemanticsTests
{
    private static readonly Cellar Cellar = new CellarBuilder()
        .Full("T1", 100, "A")
        .Full("T2", 100, "B")
        .Empty("E1", 100)
        .Empty("E2", 100)
        .Empty("E200", 200)
        .Build();

    private static readonly Formula Formula = Some.Formula(("A", 50m), ("B", 50m));

    [Fact]
    public void ATankFilledInAStepCannotGiveWineInTheSameStep()
    {
        // Were transfers replayed one after the other, E1 would be full when transfer 2 draws it.
        var report = PlanVerifier.Verify(new BlendRequest(Cellar, Formula), Some.Plan(Cellar, "T1 -> E1 | E1 -> E2"));

        report.Violations.Should().Contain(v => v.Kind == ViolationKind.SourceNotFull && v.Transfer == 2 && v.TankId == "E1");
    }

    [Fact]
    public void ATankEmptiedInAStepCannotReceiveWineInTheSameStep()
    {
        var report = PlanVerifier.Verify(new BlendRequest(Cellar, Formula), Some.Plan(Cellar, "T1 -> E1 | T2 -> T1"));

        report.Violations.Should().Contain(v => v.Kind == ViolationKind.TargetNotEmpty && v.Transfer == 2 && v.TankId == "T1");
    }

    [Fact]
    public void TheSameMovesInSuccessiveStepsAreValid()
    {
        var chained = PlanVerifier.Verify(new BlendRequest(Cellar, Formula), Some.Plan(Cellar, "T1 -> E1", "E1 -> E2"));
        var reused = PlanVerifier.Verify(new BlendRequest(Cellar, Formula), Some.Plan(Cellar, "T1 -> E1", "T2 -> T1"));

        chained.IsValid.Should().BeTrue();
        chained.Blend!.FinalTanks.Should().Equal("E2");
        reused.IsValid.Should().BeTrue();
        reused.Blend!.Blend.Should().Be(Composition.Pure("B"));
    }

    [Fact]
    public void TransfersOfOneStepOnDisjointTanksAreAllCarriedOut()
    {
        var report = PlanVerifier.Verify(new BlendRequest(Cellar, Formula), Some.Plan(Cellar, "T1 -> E1 | T2 -> E2", "E1 E2 -> E200"));

        report.IsValid.Should().BeTrue();
        report.Blend!.Blend.ShareOf("A").Should().Be(new Fraction(1, 2));
        report.Blend.Transfers.Should().Be(3);
        report.Blend.Steps.Should().Be(2);
    }

    [Fact]
    public void TheFinalBlendIsWhatTheLastTransferOfTheLastStepMade()
    {
        var report = PlanVerifier.Verify(new BlendRequest(Cellar, Formula), Some.Plan(Cellar, "T1 -> E1 | T2 -> E2"));

        report.Blend!.FinalTanks.Should().Equal("E2");
        report.Blend.Blend.Should().Be(Composition.Pure("B"));
        report.Blend.Unused.Should().Be(100, "E1, full of A, is left over");
    }
}
