using System.Collections.Immutable;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Verification;

public class PlanViolationTests
{
    // Two wines of 100, empties of every size the cases need.
    private static readonly Cellar Cellar = new CellarBuilder()
        .Full("T1", 100, "A")
        .Full("T2", 100, "B")
        .Empty("E1", 100)
        .Empty("E2", 100)
        .Empty("E3", 120)
        .Empty("E60", 60)
        .Empty("E150", 150)
        .Build();

    private static readonly Formula Formula = Some.Formula(("A", 50m), ("B", 50m));

    private sealed record Case(Plan Plan, VerificationOptions Options, int? Step, int? Transfer, string? TankId);

    private static readonly ImmutableDictionary<ViolationKind, Case> Cases = new Dictionary<ViolationKind, Case>
    {
        [ViolationKind.EmptyPlan] = new(Plan.Empty, VerificationOptions.Strict, null, null, null),
        [ViolationKind.StepNumbering] = new(
            new Plan([new PlanStep(2, [new Transfer(1, [new("T1", 100)], [new("E1", 100)])])]),
            VerificationOptions.Strict, 2, null, null),
        [ViolationKind.TransferNumbering] = new(
            new Plan([new PlanStep(1, [new Transfer(2, [new("T1", 100)], [new("E1", 100)])])]),
            VerificationOptions.Strict, 1, 2, null),
        [ViolationKind.EmptyTransfer] = new(
            new Plan([new PlanStep(1, [new Transfer(1, [new("T1", 100)], [])])]),
            VerificationOptions.Strict, 1, 1, null),
        [ViolationKind.UnknownTank] = new(Some.Plan(Cellar, "T1 -> E9:100"), VerificationOptions.Strict, 1, 1, "E9"),
        [ViolationKind.TankUsedTwiceInStep] = new(Some.Plan(Cellar, "T1 -> E1 | T2 -> E1"), VerificationOptions.Strict, 1, 2, "E1"),
        [ViolationKind.SourceNotFull] = new(Some.Plan(Cellar, "E1 -> E2"), VerificationOptions.Strict, 1, 1, "E1"),
        [ViolationKind.TargetNotEmpty] = new(Some.Plan(Cellar, "T1 -> T2"), VerificationOptions.Strict, 1, 1, "T2"),
        [ViolationKind.CapacityMismatch] = new(Some.Plan(Cellar, "T1 -> E3:100"), VerificationOptions.Strict, 1, 1, "E3"),
        [ViolationKind.NonPositiveVolume] = new(Some.Plan(Cellar, "T1:0 T2 -> E2"), VerificationOptions.Strict, 1, 1, "T1"),
        [ViolationKind.DrawExceedsCapacity] = new(Some.Plan(Cellar, "T1:150 -> E150"), VerificationOptions.Strict, 1, 1, "T1"),
        [ViolationKind.PartialDrawWithoutWaste] = new(Some.Plan(Cellar, "T1:60 -> E60"), VerificationOptions.Strict, 1, 1, "T1"),
        [ViolationKind.VolumeMismatch] = new(Some.Plan(Cellar, "T1 -> E3"), VerificationOptions.Strict, 1, 1, null),
        [ViolationKind.WasteLimitExceeded] = new(
            Some.Plan(Cellar, "T1:60 -> E60"), new VerificationOptions { AllowWaste = true, MaxWaste = 39 }, null, null, null),
        [ViolationKind.ExcludedTankUsed] = new(
            Some.Plan(Cellar, "T1 -> E1"), new VerificationOptions { ExcludedTanks = ["E1"] }, 1, 1, "E1"),
        [ViolationKind.KeptWineTouched] = new(
            Some.Plan(Cellar, "T1 -> E1"), new VerificationOptions { KeptWines = ["A"] }, 1, 1, "T1"),
    }.ToImmutableDictionary();

    public static TheoryData<ViolationKind> Kinds() => [.. Enum.GetValues<ViolationKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachBrokenRuleIsReportedAloneWithItsKindStepTransferAndTank(ViolationKind kind)
    {
        Cases.Should().ContainKey(kind, "every rule the verifier knows needs a case here");
        var (plan, options, step, transfer, tankId) = Cases[kind];

        var report = PlanVerifier.Verify(Cellar, Formula, plan, options);

        report.IsValid.Should().BeFalse();
        report.Blend.Should().BeNull();
        var violation = report.Violations.Should().ContainSingle().Subject;
        violation.Kind.Should().Be(kind);
        violation.Step.Should().Be(step);
        violation.Transfer.Should().Be(transfer);
        violation.TankId.Should().Be(tankId);
        violation.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void TheSamePlansBecomeValidOnceTheirMistakeIsFixed()
    {
        // Guards the cases above: each breaks one rule, not the cellar's basic set-up.
        PlanVerifier.Verify(Cellar, Formula, Some.Plan(Cellar, "T1 -> E1")).IsValid.Should().BeTrue();
        PlanVerifier.Verify(Cellar, Formula, Some.Plan(Cellar, "T1 -> E1 | T2 -> E2")).IsValid.Should().BeTrue();
        PlanVerifier.Verify(Cellar, Formula, Some.Plan(Cellar, "T1 T2:20 -> E3"), new VerificationOptions { AllowWaste = true })
            .IsValid.Should().BeTrue();
        PlanVerifier.Verify(Cellar, Formula, Some.Plan(Cellar, "T1:60 -> E60"), new VerificationOptions { AllowWaste = true, MaxWaste = 40 })
            .IsValid.Should().BeTrue();
        PlanVerifier.Verify(Cellar, Formula, Some.Plan(Cellar, "T1 -> E1"), new VerificationOptions { ExcludedTanks = ["E2"], KeptWines = ["B"] })
            .IsValid.Should().BeTrue();
    }

    [Fact]
    public void ATransferWithNoSourceIsAnEmptyTransferToo()
    {
        var plan = new Plan([new PlanStep(1, [new Transfer(1, [], [new("E1", 100)])])]);

        var report = PlanVerifier.Verify(Cellar, Formula, plan);

        report.Violations.Should().ContainSingle().Which.Kind.Should().Be(ViolationKind.EmptyTransfer);
    }

    [Fact]
    public void AStepWithoutTransfersMakesAnEmptyPlan()
    {
        var plan = new Plan([new PlanStep(1, ImmutableArray<Transfer>.Empty)]);

        PlanVerifier.Verify(Cellar, Formula, plan).Violations.Select(v => v.Kind).Should().Equal(ViolationKind.EmptyPlan);
    }

    [Fact]
    public void ATankNamedTwiceInOneTransferIsUsedTwiceInTheStep()
    {
        var report = PlanVerifier.Verify(Cellar, Formula, Some.Plan(Cellar, "T1 T1:0 -> E1"));

        report.Violations.Should().Contain(v => v.Kind == ViolationKind.TankUsedTwiceInStep && v.TankId == "T1" && v.Transfer == 1);
    }

    [Fact]
    public void EveryBrokenRuleOfAPlanIsReportedInPlanOrder()
    {
        var plan = new Plan(
        [
            new PlanStep(1,
            [
                new Transfer(1, [new("T1", 60)], [new("E60", 60)]),
                new Transfer(2, [new("NOPE", 100)], [new("E2", 100)]),
            ]),
            new PlanStep(3, [new Transfer(3, [new("E1", 100)], [new("E3", 120)])]),
        ]);

        var report = PlanVerifier.Verify(Cellar, Formula, plan);

        report.IsValid.Should().BeFalse();
        report.Violations.Select(v => (v.Kind, v.Step, v.Transfer, v.TankId)).Should().Equal(
            (ViolationKind.PartialDrawWithoutWaste, 1, 1, "T1"),
            (ViolationKind.UnknownTank, 1, 2, "NOPE"),
            (ViolationKind.StepNumbering, 3, (int?)null, (string?)null),
            (ViolationKind.SourceNotFull, 3, 3, "E1"),
            (ViolationKind.VolumeMismatch, 3, 3, (string?)null));
    }

    [Fact]
    public void AKeptWineIsReportedEachTimeATankHoldingItIsDrawn()
    {
        var cellar = new CellarBuilder().Full("TA", 100, "A").Full("TB", 100, "B").Empty("E200", 200).Empty("E1", 100).Empty("E2", 100).Build();

        var report = PlanVerifier.Verify(cellar, Formula, Some.Plan(cellar, "TA TB -> E200", "E200 -> E1 E2"), new VerificationOptions { KeptWines = ["A"] });

        report.Violations.Select(v => (v.Kind, v.Step, v.Transfer, v.TankId)).Should().Equal(
            (ViolationKind.KeptWineTouched, 1, 1, "TA"),
            (ViolationKind.KeptWineTouched, 2, 2, "E200"));
    }

    [Fact]
    public void AWasteLimitWithoutWasteAllowedStillForbidsPartialDraws()
    {
        var report = PlanVerifier.Verify(Cellar, Formula, Some.Plan(Cellar, "T1:60 -> E60"), new VerificationOptions { MaxWaste = 1000 });

        report.Violations.Select(v => v.Kind).Should().Equal(ViolationKind.PartialDrawWithoutWaste);
    }
}
