using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.MultiLevel;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Core.Tests.MultiLevel;

/// <summary>The assembly model on cellar states whose tanks hold blends made by earlier steps.</summary>
public sealed class BlendedSourceTests
{
    private static Composition Blend(params (string Wine, long Volume)[] parts) =>
        Composition.Mix(parts.Select(p => (Composition.Pure(p.Wine), p.Volume)));

    [Fact]
    public void APieceOfABlendInTheFormulasRatiosCompletesTheBlendExactly()
    {
        // The blended tank holds A:B at 1:2; a 30 hL piece of it plus 70 hL of C is exactly 10/20/70.
        var sources = new[]
        {
            new SourceTank("AB", 90, Blend(("A", 30), ("B", 60))),
            new SourceTank("C", 70, "C"),
        };
        (string, long)[] empties = [("P1", 30), ("P2", 60), ("F", 100)];

        var outcome = Assembly.Run(sources, empties, Some.Formula(("A", 10m), ("B", 20m), ("C", 70m)));

        outcome.Status.Should().Be(PlanStatus.Optimal);
        var final = outcome.Plan!.FinalTransfer!;
        final.VolumeFilled.Should().Be(100);
        final.From.Select(f => f.TankId).Should().BeEquivalentTo(["C", "P1"]);
    }

    [Fact]
    public void WinesHeldOnlyInBlendsAreCountedByTheirShare()
    {
        // No pure A anywhere: 1/4 of the 40 hL blend is A, so pouring all of it with 60 hL of B gives 10 % A.
        var sources = new[]
        {
            new SourceTank("AB", 40, Blend(("A", 10), ("B", 30))),
            new SourceTank("B", 60, "B"),
        };
        (string, long)[] empties = [("F", 100)];

        var outcome = Assembly.Run(sources, empties, Some.Formula(("A", 10m), ("B", 90m)));

        outcome.Status.Should().Be(PlanStatus.Optimal);
        outcome.Plan!.FinalTransfer!.VolumeFilled.Should().Be(100);
    }

    [Fact]
    public void SharesFinerThanTheModelCanScaleAreRejectedBeforeBuilding()
    {
        var coarse = new SourceTank("X", 10, Blend(("A", 3), ("B", 7)));
        var fine = new SourceTank("Y", 200_003, Blend(("A", 1), ("B", 200_002)));

        SplitAssembleModel.CanRepresent([coarse]).Should().BeTrue();
        SplitAssembleModel.CanRepresent([coarse, fine]).Should().BeFalse();
    }

    [Fact]
    public void PreBlendCandidatesInTheFormulasRatiosComeFirst()
    {
        var cellar = new CellarBuilder()
            .Full("A", 10, "A").Full("B", 20, "B").Full("C", 10, "C")
            .Empty("E30", 30).Empty("E20", 20).Build();
        var formula = Some.Formula(("A", 20m), ("B", 40m), ("C", 40m));
        var state = CellarState.Initial(UsableCellar.Of(Some.Request(cellar, formula)));

        var candidates = PreBlendCandidates.For(state, TargetShares.From(formula, 1_000_000), 10);

        candidates.Should().NotBeEmpty();
        candidates[0].Inputs.Select(i => i.Id).Should().BeEquivalentTo(["A", "B"], "A:B = 1:2 is the formula's ratio");
        candidates[0].Mismatch.Should().BeApproximately(0, 1e-12);
        candidates.Should().BeInAscendingOrder(c => c.Mismatch);
        candidates.Should().OnlyContain(c => c.Inputs.Sum(i => i.Capacity) == c.Outputs.Sum(o => o.Capacity));
    }
}
