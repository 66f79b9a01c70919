using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Optimization.MultiLevel;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.MultiLevel;

public sealed class StepCompactionTests
{
    [Fact]
    public void TransfersOnDifferentTanksMoveIntoTheSameStepAndTheBlendStaysTheSame()
    {
        var cellar = new CellarBuilder()
            .Full("A", 10, "A").Full("B", 10, "B").Full("C", 20, "C")
            .Empty("E1", 5).Empty("E2", 5).Empty("E3", 20).Empty("F", 40).Build();
        var formula = Some.Formula(("A", 25m), ("B", 25m), ("C", 50m));
        // Step 1 splits A, step 2 splits B (independent of step 1), step 3 assembles.
        var plan = Some.Plan(cellar, "A -> E1 E2", "C -> E3", "E1 E2 B E3 -> F");

        var compacted = StepCompaction.Compact(plan);

        compacted.StepCount.Should().Be(2);
        compacted.Steps[0].Transfers.Should().HaveCount(2);
        compacted.Transfers.Select(t => t.Number).Should().Equal(1, 2, 3);
        var before = PlanVerifier.Verify(Some.Request(cellar, formula), plan);
        var after = PlanVerifier.Verify(Some.Request(cellar, formula), compacted);
        after.IsValid.Should().BeTrue(string.Join("\n", after.Violations.Select(v => v.Message)));
        after.Blend!.MaxDeviation.Should().Be(before.Blend!.MaxDeviation);
        after.Blend.Volume.Should().Be(before.Blend.Volume);
    }

    [Fact]
    public void ATransferThatReusesATankWaitsForTheStepThatEmptiedIt()
    {
        var cellar = new CellarBuilder()
            .Full("A", 10, "A").Full("B", 10, "B")
            .Empty("E1", 10).Empty("E2", 20).Build();
        // A moves to E1; then B goes into A's tank, which is empty only after step 1.
        var plan = Some.Plan(cellar, "A -> E1", "B -> A", "E1 A -> E2");

        var compacted = StepCompaction.Compact(plan);

        compacted.StepCount.Should().Be(3);
        PlanVerifier.Verify(Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m))), compacted).IsValid.Should().BeTrue();
    }

    [Fact]
    public void TheFinalTransferStaysLastEvenWhenItsTanksAreFreeEarlier()
    {
        var cellar = new CellarBuilder()
            .Full("A", 10, "A").Full("B", 10, "B").Full("C", 10, "C")
            .Empty("E1", 10).Empty("E2", 10).Empty("F", 10).Build();
        var plan = Some.Plan(cellar, "A -> E1", "B -> E2", "C -> F");

        var compacted = StepCompaction.Compact(plan);

        compacted.FinalTransfer!.To.Single().TankId.Should().Be("F");
        compacted.Steps[^1].Transfers[^1].Should().Be(compacted.FinalTransfer);
    }
}
