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

    private static readonly BlendRequest Strict = new(Cellar, Formula);

    private sealed record Case(Plan Plan, BlendRequest Request, int? Step, int? Transfer, string? TankId);

    private static readonly ImmutableDictionary<ViolationKind, Case> Cases = new Dictionary<ViolationKind, Case>
    {
        [ViolationKind.EmptyPlan] = new(Plan.Empty, Strict, null, null, null),
        [ViolationKind.StepNumbering] = new(
            new Plan([new PlanStep(2, [new Transfer(1, [new("T1", 100)], [new("E1", 100)])])]),
            Strict, 2, null, null),
        [ViolationKind.TransferNumbering] = new(
            new Plan([new PlanStep(1, [new Transfer(2, [new("T1", 100)], [new("E1", 100)])])]),
            Strict, 1, 2, null),
        [ViolationKind.EmptyTransfer] = new(
            new Plan([new PlanStep(1, [new Transfer(1, [new("T1", 100)], [])])]),
            Strict, 1, 1, null),
        [ViolationKind.UnknownTank] = new(Some.Plan(Cellar, "T1 -> E9:100"), Strict, 1, 1, "E9"),
        [ViolationKind.TankUsedTwiceInStep] = new(Some.Plan(Cellar, "T1 -> E1 | T2 -> E1"), Strict, 1, 2, "E1"),
        [ViolationKind.SourceNotFull] = new(Some.Plan(Cellar, "E1 -> E2"), Strict, 1, 1, "E1"),
        [ViolationKind.TargetNotEmpty] = new(Some.Plan(Cellar, "T1 -> T2"), Strict, 1, 1, "T2"),
        [ViolationKind.CapacityMismatch] = new(Some.Plan(Cellar, "T1 -> E3:100"), Strict, 1, 1, "E3"),
        [ViolationKind.NonPositiveVolume] = new(Some.Plan(Cellar, "T1:0 T2 -> E2"), Strict, 1, 1, "T1"),
        [ViolationKind.DrawExceedsCapacity] = new(Some.Plan(Cellar, "T1:150 -> E150"), Strict, 1, 1, "T1"),
        [ViolationKind.PartialDrawWithoutWaste] = new(Some.Plan(Cellar, "T1:60 -> E60"), Strict, 1, 1, "T1"),
        [ViolationKind.VolumeMismatch] = new(Some.Plan(Cellar, "T1 -> E3"), Strict, 1, 1, null),
        [ViolationKind.WasteLimitExceeded] = new(
            Some.Plan(Cellar, "T1:60 -> E60"), Strict with { AllowWaste = true, MaxWaste = 39 }, null, null, null),
        [ViolationKind.ExcludedTankUsed] = new(
            Some.Plan(Cellar, "T1 -> E1"), Strict with { ExcludedTanks = ["E1"] }, 1, 1, "E1"),
        [ViolationKind.KeptWineTouched] = new(
            Some.Plan(Cellar, "T1 -> E1"), Strict with { KeptWines = ["A"] }, 1, 1, "T1"),
        [ViolationKind.VolumeBelowMinimum] = new(
            Some.Plan(Cellar, "T1 -> E1"), Strict with { Volume = new VolumeBand(150, long.MaxValue, null) }, null, null, null),
        [ViolationKind.VolumeAboveMaximum] = new(
            Some.Plan(Cellar, "T1 -> E1"), Strict with { Volume = new VolumeBand(1, 50, null) }, null, null, null),
        [ViolationKind.TooManySteps] = new(Some.Plan(Cellar, "T1 -> E1", "E1 -> E2"), Strict with { MaxSteps = 1 }, null, null, null),
        [ViolationKind.TooManyTransfers] = new(Some.Plan(Cellar, "T1 -> E1 | T2 -> E2"), Strict with { MaxTransfers = 1 }, null, null, null),
        [ViolationKind.LeftoverBlend] = new(Some.Plan(Cellar, "T1 T2 -> E1 E2", "E1 -> T1"), Strict, null, null, "E2"),
        [ViolationKind.RequirementNotMet] = new(
            Some.Plan(Cellar, "T1 -> E1"), Strict with { Requirements = [new ShareRequirement("wine=B", ["B"], 10m, null)] }, null, null, null),
    }.ToImmutableDictionary();

    public static TheoryData<ViolationKind> Kinds() => [.. Enum.GetValues<ViolationKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachBrokenRuleIsReportedAloneWithItsKindStepTransferAndTank(ViolationKind kind)
    {
        Cases.Should().ContainKey(kind, "every rule the verifier knows needs a case here");
        var (plan, request, step, transfer, tankId) = Cases[kind];

        var report = PlanVerifier.Verify(request, plan);

        report.IsValid.Should().BeFalse();
        if (ViolationKinds.IsRequestLimit(kind))
        {
            report.Blend.Should().NotBeNull("a plan that only breaks a limit of the request still replays");
        }
        else
        {
            report.Blend.Should().BeNull("no blend can be trusted from a plan that breaks a cellar rule");
        }

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
        PlanVerifier.Verify(Strict, Some.Plan(Cellar, "T1 -> E1")).IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict, Some.Plan(Cellar, "T1 -> E1 | T2 -> E2")).IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict with { AllowWaste = true }, Some.Plan(Cellar, "T1 T2:20 -> E3"))
            .IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict with { AllowWaste = true, MaxWaste = 40 }, Some.Plan(Cellar, "T1:60 -> E60"))
            .IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict with { ExcludedTanks = ["E2"], KeptWines = ["B"] }, Some.Plan(Cellar, "T1 -> E1"))
            .IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict with { Volume = new VolumeBand(100, 100, 100) }, Some.Plan(Cellar, "T1 -> E1")).IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict with { MaxSteps = 2, MaxTransfers = 2 }, Some.Plan(Cellar, "T1 -> E1", "E1 -> E2")).IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict with { AllowLeftoverBlends = true }, Some.Plan(Cellar, "T1 T2 -> E1 E2", "E1 -> T1")).IsValid.Should().BeTrue();
        PlanVerifier.Verify(Strict with { Requirements = [new ShareRequirement("wine=B", ["B"], 10m, null)] }, Some.Plan(Cellar, "T1 T2 -> E1 E2"))
            .IsValid.Should().BeTrue();
    }

    [Fact]
    public void ATransferWithNoSourceIsAnEmptyTransferToo()
    {
        var plan = new Plan([new PlanStep(1, [new Transfer(1, [], [new("E1", 100)])])]);

        var report = PlanVerifier.Verify(Strict, plan);

        report.Violations.Should().ContainSingle().Which.Kind.Should().Be(ViolationKind.EmptyTransfer);
    }

    [Fact]
    public void AStepWithoutTransfersMakesAnEmptyPlan()
    {
        var plan = new Plan([new PlanStep(1, ImmutableArray<Transfer>.Empty)]);

        PlanVerifier.Verify(Strict, plan).Violations.Select(v => v.Kind).Should().Equal(ViolationKind.EmptyPlan);
    }

    [Fact]
    public void ATankNamedTwiceInOneTransferIsUsedTwiceInTheStep()
    {
        var report = PlanVerifier.Verify(Strict, Some.Plan(Cellar, "T1 T1:0 -> E1"));

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

        var report = PlanVerifier.Verify(Strict, plan);

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

        var report = PlanVerifier.Verify(new BlendRequest(cellar, Formula) { KeptWines = ["A"] }, Some.Plan(cellar, "TA TB -> E200", "E200 -> E1 E2"));

        report.Violations.Select(v => (v.Kind, v.Step, v.Transfer, v.TankId)).Should().Equal(
            (ViolationKind.KeptWineTouched, 1, 1, "TA"),
            (ViolationKind.KeptWineTouched, 2, 2, "E200"));
    }

    [Fact]
    public void AWasteLimitWithoutWasteAllowedStillForbidsPartialDraws()
    {
        var report = PlanVerifier.Verify(Strict with { MaxWaste = 1000 }, Some.Plan(Cellar, "T1:60 -> E60"));

        report.Violations.Select(v => v.Kind).Should().Equal(ViolationKind.PartialDrawWithoutWaste);
    }
}
