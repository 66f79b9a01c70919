using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Reference;

public class SplitAssembleReferenceTests
{
    [Fact]
    public void OnTheSpecExampleSplitThenAssembleStopsTwentyPointsOff()
    {
        // By hand: any blend with A (1250) must take B whole (no empties add up to 1250 or 2500 otherwise),
        // and A + B is 40 pp off; without A the error is at least A's 20 pp, reached by all of B and C, 6250 hL.
        var (plan, report) = SplitAssembleReference.Best(Some.SpecRequest())!.Value;

        report.MaxDeviation.Should().Be(new Fraction(1, 5));
        report.Volume.Should().Be(6250);
        report.Blend.ShareOf("B").Should().Be(new Fraction(2, 5));
        report.Blend.ShareOf("C").Should().Be(new Fraction(3, 5));
        report.Transfers.Should().Be(1);
        report.Steps.Should().Be(1);
        plan.FinalTransfer!.From.Select(f => f.TankId).Should().Equal("C002", "C003");
    }

    [Fact]
    public void AVolumeCapMakesItSplitTheLargestWine()
    {
        // At most 4375: all of B plus half of C (split 3750 into 1875 + 1875) fills C006: still A's 20 pp.
        var request = Some.SpecRequest() with { Volume = new VolumeBand(1, 4375, null) };

        var (plan, report) = SplitAssembleReference.Best(request)!.Value;

        report.MaxDeviation.Should().Be(new Fraction(1, 5));
        report.Volume.Should().Be(4375);
        report.Blend.ShareOf("B").Should().Be(new Fraction(4, 7));
        report.Transfers.Should().Be(2);
        report.Steps.Should().Be(2);
        plan.Steps[0].Transfers.Should().ContainSingle().Which.From.Should().Equal(new TankVolume("C003", 3750));
    }

    [Fact]
    public void AFormulaEqualToTankVolumesIsMatchedExactlyInOneTransfer()
    {
        var cellar = new CellarBuilder()
            .Full("T1", 100, "A")
            .Full("T2", 300, "B")
            .Full("T3", 200, "C")
            .Empty("E1", 250)
            .Empty("E2", 400)
            .Empty("E3", 50)
            .Build();

        var (_, report) = SplitAssembleReference.Best(Some.Request(cellar, Some.Formula(("A", 25m), ("B", 75m))))!.Value;

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(400);
        report.FinalTanks.Should().Equal("E2");
        report.Transfers.Should().Be(1);
    }

    [Fact]
    public void ARatioOnlyAPieceCanGiveIsReachedBySplittingFirst()
    {
        // A:B = 1:2 needs 50 of A with the 100 of B: split A into the two 50s, then pour one with B into 150.
        var cellar = new CellarBuilder()
            .Full("A100", 100, "A")
            .Full("B100", 100, "B")
            .Empty("E50a", 50)
            .Empty("E50b", 50)
            .Empty("E150", 150)
            .Build();

        var (plan, report) = SplitAssembleReference.Best(Some.Request(cellar, Some.Formula(("A", 1m), ("B", 2m))))!.Value;

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(150);
        report.FinalTanks.Should().Equal("E150");
        report.Transfers.Should().Be(2);
        report.Steps.Should().Be(2);
        plan.Steps[0].Transfers.Should().ContainSingle().Which.To.Select(t => t.TankId).Should().Equal("E50a", "E50b");
    }

    [Fact]
    public void ACellarWithNoEmptyTankHasNoPlan()
    {
        var cellar = new CellarBuilder().Full("T1", 100, "A").Full("T2", 100, "B").Build();

        SplitAssembleReference.Best(Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m)))).Should().BeNull();
    }

    [Fact]
    public void ACellarWhoseEmptiesFitNoWineHasNoPlan()
    {
        var cellar = new CellarBuilder().Full("T1", 100, "A").Full("T2", 100, "B").Empty("E", 70).Build();

        SplitAssembleReference.Best(Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m)))).Should().BeNull();
    }

    [Fact]
    public void AnExcludedTankIsNeverUsed()
    {
        // Without C006 the only blends are A + B (40 pp) and pure C (60 pp); A + B fills C004 + C005 in one transfer.
        var (plan, report) = SplitAssembleReference.Best(Some.SpecRequest() with { ExcludedTanks = ["C006"] })!.Value;

        report.MaxDeviation.Should().Be(new Fraction(2, 5));
        report.Volume.Should().Be(3750);
        report.Transfers.Should().Be(1);
        plan.ToRows().Should().NotContain(r => r.TankId == "C006");
    }

    [Fact]
    public void AKeptWineIsNeverTouched()
    {
        var (plan, report) = SplitAssembleReference.Best(Some.SpecRequest() with { KeptWines = ["C"] })!.Value;

        report.MaxDeviation.Should().Be(new Fraction(2, 5));
        report.Blend.ShareOf("A").Should().Be(new Fraction(1, 3));
        plan.ToRows().Should().NotContain(r => r.TankId == "C003");
    }

    [Fact]
    public void WithinTheToleranceTheLargerBlendWins()
    {
        // A + B into 200 is exact; adding the 20 of B into 220 is 4.55 pp off: better volume, within 5 pp.
        var cellar = new CellarBuilder()
            .Full("A", 100, "A")
            .Full("B", 100, "B")
            .Full("B2", 20, "B")
            .Empty("E200", 200)
            .Empty("E220", 220)
            .Build();
        var formula = Some.Formula(("A", 50m), ("B", 50m));

        var strict = SplitAssembleReference.Best(Some.Request(cellar, formula))!.Value.Report;
        var tolerant = SplitAssembleReference.Best(Some.Request(cellar, formula) with { TolerancePp = 5m })!.Value.Report;

        strict.MaxDeviation.Should().Be(Fraction.Zero);
        strict.Volume.Should().Be(200);
        tolerant.MaxDeviation.Should().Be(new Fraction(1, 22));
        tolerant.Volume.Should().Be(220);
    }

    [Fact]
    public void AMinimumVolumeRulesOutSmallerBlends()
    {
        SplitAssembleReference.Best(Some.SpecRequest() with { Volume = new VolumeBand(6251, long.MaxValue, null) }).Should().BeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void MergingInterchangeableTanksFindsAnEquallyGoodPlanWithFewerCandidates(int seed)
    {
        var random = new Random(seed);
        var cellar = RandomCellar(random, tanks: 7);
        var formula = Some.Formula(("W0", 1m + random.Next(50)), ("W1", 1m + random.Next(50)), ("W2", 1m + random.Next(50)));

        var request = Some.Request(cellar, formula);
        var merged = SplitAssembleReference.Best(request, 0m, mergeIdenticalTanks: true, out var mergedCandidates);
        var plain = SplitAssembleReference.Best(request, 0m, mergeIdenticalTanks: false, out var plainCandidates);

        merged.Should().NotBeNull("the seeds are chosen so that the cellar has plans");
        plain.Should().NotBeNull();
        new PlanOrder(request, 0m).Compare(merged!.Value.Report, plain!.Value.Report).Should().Be(0);
        PlanVerifier.Verify(request, merged.Value.Plan).Blend.Should().BeEquivalentTo(merged.Value.Report);

        mergedCandidates.Should().BeLessThanOrEqualTo(plainCandidates);
    }

    [Fact]
    public void EightTanksWithFourIdenticalEmptiesReachTheOptimumWorkedOutByHand()
    {
        // Four wines that each split into two of four identical halves: one of the larger families at eight tanks.
        var cellar = new CellarBuilder()
            .Full("T1", 20, "A")
            .Full("T2", 20, "B")
            .Full("T3", 20, "C")
            .Full("T4", 20, "D")
            .Empty("E1", 10)
            .Empty("E2", 10)
            .Empty("E3", 10)
            .Empty("E4", 10)
            .Build();
        var formula = Some.Formula(("A", 10m), ("B", 20m), ("C", 30m), ("D", 40m));

        var best = SplitAssembleReference.Best(Some.Request(cellar, formula));

        // By hand: at most 40 can be poured (four 10s, or two emptied 20s); on a 10 grid the closest to 4/8/12/16
        // is 0/10/10/20, i.e. split B and C into the 10s and pour a piece of each with all of D into T2 + T3.
        var report = best!.Value.Report;
        report.MaxDeviation.Should().Be(new Fraction(1, 10));
        report.Volume.Should().Be(40);
        report.Blend.Shares.Should().Equal(new Dictionary<string, Fraction> { ["B"] = new(1, 4), ["C"] = new(1, 4), ["D"] = new(1, 2) });
        report.Transfers.Should().Be(3);
        report.Steps.Should().Be(2);
    }

    private static Cellar RandomCellar(Random random, int tanks)
    {
        int[] sizes = [10, 20, 20, 30, 40, 60];
        var builder = new CellarBuilder();
        var fullCount = 2 + random.Next(2);
        for (var i = 0; i < tanks; i++)
        {
            var capacity = sizes[random.Next(sizes.Length)];
            if (i < fullCount)
            {
                builder.Full($"T{i}", capacity, $"W{random.Next(3)}");
            }
            else
            {
                builder.Empty($"T{i}", capacity);
            }
        }

        return builder.Build();
    }
}
