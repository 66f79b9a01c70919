using System.Collections.Immutable;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Domain;

public class PlanTests
{
    private static readonly Cellar Cellar = new CellarBuilder()
        .Full("C001", 1250, "A")
        .Full("C002", 2500, "B")
        .Full("C003", 3750, "C")
        .Empty("C004", 1875)
        .Empty("C005", 1875)
        .Empty("C006", 4375)
        .Empty("c000", 6250)
        .Build();

    [Fact]
    public void RowsComeByStepThenTransferThenSourcesFirstThenTankIdOrdinally()
    {
        // Legs written in a deliberately scrambled order.
        var plan = new Plan(
        [
            new PlanStep(1,
            [
                new Transfer(1, [new("C003", 3750)], [new("C005", 1875), new("C004", 1875)]),
            ]),
            new PlanStep(2,
            [
                new Transfer(2, [new("C005", 1875), new("C002", 2500)], [new("c000", 6250)]),
                new Transfer(3, [new("C004", 1875)], [new("C001", 1875)]),
            ]),
        ]);

        plan.ToRows().Should().Equal(
            new PlanRow(1, 1, "C003", TransferRole.From, 3750),
            new PlanRow(1, 1, "C004", TransferRole.To, 1875),
            new PlanRow(1, 1, "C005", TransferRole.To, 1875),
            new PlanRow(2, 2, "C002", TransferRole.From, 2500),
            new PlanRow(2, 2, "C005", TransferRole.From, 1875),
            new PlanRow(2, 2, "c000", TransferRole.To, 6250),
            new PlanRow(2, 3, "C004", TransferRole.From, 1875),
            new PlanRow(2, 3, "C001", TransferRole.To, 1875));
    }

    [Fact]
    public void RowsInAnyOrderRebuildTheSamePlan()
    {
        var plan = Some.Plan(Cellar, "C003 -> C004 C005", "C001 C002 -> C003 | C004 C005 -> c000");
        var rows = plan.ToRows();
        var shuffled = rows.OrderBy(r => r.TankId.GetHashCode(StringComparison.Ordinal)).Reverse().ToList();

        var rebuilt = Plan.FromRows(shuffled);

        rebuilt.ToRows().Should().Equal(rows);
        rebuilt.StepCount.Should().Be(2);
        rebuilt.TransferCount.Should().Be(3);
        rebuilt.Steps[1].Transfers.Select(t => t.Number).Should().Equal(2, 3);
        rebuilt.Steps[1].Transfers[0].From.Select(f => f.TankId).Should().Equal("C001", "C002");
    }

    [Fact]
    public void RebuildingKeepsNumberingGapsForTheVerifierToReport()
    {
        var plan = Plan.FromRows(
        [
            new PlanRow(3, 7, "C006", TransferRole.To, 4375),
            new PlanRow(1, 2, "C003", TransferRole.From, 3750),
            new PlanRow(1, 2, "C004", TransferRole.To, 1875),
            new PlanRow(1, 2, "C005", TransferRole.To, 1875),
            new PlanRow(3, 7, "C002", TransferRole.From, 2500),
            new PlanRow(3, 7, "C004", TransferRole.From, 1875),
        ]);

        plan.Steps.Select(s => s.Number).Should().Equal(1, 3);
        plan.Transfers.Select(t => t.Number).Should().Equal(2, 7);
        plan.FinalTransfer!.To.Should().Equal(new TankVolume("C006", 4375));
    }

    [Fact]
    public void ATransferNumberInTwoStepsIsRefused()
    {
        var act = () => Plan.FromRows(
        [
            new PlanRow(1, 1, "C003", TransferRole.From, 3750),
            new PlanRow(2, 1, "C004", TransferRole.To, 1875),
        ]);

        act.Should().Throw<ArgumentException>().WithMessage("*1*1*2*");
    }

    [Fact]
    public void TheFinalTransferIsTheLastOfTheLastStep()
    {
        var plan = Some.Plan(Cellar, "C003 -> C004 C005", "C001 C002 -> C003 | C004 C005 -> c000");

        plan.FinalTransfer!.Number.Should().Be(3);
        plan.FinalTransfer.To.Single().TankId.Should().Be("c000");
    }

    [Fact]
    public void AnEmptyPlanHasNoFinalTransfer()
    {
        Plan.Empty.FinalTransfer.Should().BeNull();
        Plan.Empty.TransferCount.Should().Be(0);
        new Plan([new PlanStep(1, ImmutableArray<Transfer>.Empty)]).FinalTransfer.Should().BeNull();
    }

    [Fact]
    public void ATransferAddsUpWhatItDrawsAndWhatItFills()
    {
        var transfer = new Transfer(1, [new("C001", 1000), new("C002", 2500)], [new("C006", 4375)]);

        transfer.VolumeDrawn.Should().Be(3500);
        transfer.VolumeFilled.Should().Be(4375);
    }
}
