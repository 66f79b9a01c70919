using CsCheck;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Properties;

/// <summary>Properties of the exhaustive strategy over random small cellars (at most 8 tanks).</summary>
public sealed class ExhaustiveProperties
{
    private static readonly Gen<(Cellar Cellar, Formula Formula)> SmallCellars =
        from wines in Gen.Int[1, 3]
        from fullSizes in Gen.Int[2, 12].Array[wines]
        from emptySizes in Gen.Int[2, 12].Array[1, 8 - wines]
        from weights in Gen.Int[1, 9].Array[wines]
        select (
            new Cellar(
                fullSizes.Select((size, i) => new Tank($"F{i + 1}", size, $"W{i + 1}"))
                    .Concat(emptySizes.Select((size, i) => new Tank($"E{i + 1}", size, null))),
                VolumeUnit.Hectolitres),
            new Formula(weights.Select((weight, i) => new FormulaLine($"W{i + 1}", weight))));

    /// <summary>Small cellars as above with one or two tanks of a lot of two of the wines (random whole percentages), at most 8 tanks.</summary>
    private static readonly Gen<(Cellar Cellar, Formula Formula)> SmallCellarsWithLots =
        from wines in Gen.Int[2, 3]
        from fullSizes in Gen.Int[2, 12].Array[wines]
        from lotSizes in Gen.Int[2, 12].Array[1, 2]
        from lotWeights in Gen.Int[1, 9].Array[2]
        from emptySizes in Gen.Int[2, 12].Array[1, 6 - wines]
        from weights in Gen.Int[1, 9].Array[wines]
        let lot = new Lot("Lot", [new LotLine("W1", lotWeights[0]), new LotLine("W2", lotWeights[1])])
        select (
            new Cellar(
                fullSizes.Select((size, i) => new Tank($"F{i + 1}", size, $"W{i + 1}"))
                    .Concat(lotSizes.Select((size, i) => Tank.OfLot($"L{i + 1}", size, lot)))
                    .Concat(emptySizes.Select((size, i) => new Tank($"E{i + 1}", size, null))),
                VolumeUnit.Hectolitres),
            new Formula(weights.Select((weight, i) => new FormulaLine($"W{i + 1}", weight))));

    [Fact]
    public void EveryExhaustivePlanVerifiesAndIsNeverWorseThanSplitThenAssemble()
    {
        AlwaysVerifiesAndBeatsSplitThenAssemble(SmallCellars, iterations: 40);
    }

    [Fact]
    public void WithLotsEveryExhaustivePlanVerifiesAndIsNeverWorseThanSplitThenAssemble()
    {
        AlwaysVerifiesAndBeatsSplitThenAssemble(SmallCellarsWithLots, iterations: 25);
    }

    private static void AlwaysVerifiesAndBeatsSplitThenAssemble(Gen<(Cellar Cellar, Formula Formula)> cellars, int iterations)
    {
        cellars.Check(
            sample =>
            {
                var (cellar, formula) = sample;
                var request = Some.Request(cellar, formula);
                var exhaustive = Some.Plan(request, Some.Settings(PlanningStrategy.Exhaustive) with { AccuracyResolutionPp = 0m }, work: 10);
                var split = Some.Plan(request, Some.ExactSplitAssemble, work: 5);

                exhaustive.Status.Should().BeOneOf(PlanStatus.Optimal, PlanStatus.NoPlan);
                if (exhaustive.Plan is null)
                {
                    split.Plan.Should().BeNull("a complete search that finds nothing proves there is nothing");
                    return;
                }

                var replay = PlanVerifier.Verify(request, exhaustive.Plan);
                replay.IsValid.Should().BeTrue(string.Join("\n", replay.Violations.Select(v => v.Message)));
                replay.Blend!.MaxDeviation.Should().Be(exhaustive.Blend!.MaxDeviation);
                if (split.Blend is not null)
                {
                    // Every split-then-assemble plan has two steps at most, so the exhaustive search saw it.
                    exhaustive.Blend.MaxDeviation.Should().BeLessThanOrEqualTo(split.Blend.MaxDeviation);
                }
            },
            iter: iterations,
            threads: 1);
    }
}
