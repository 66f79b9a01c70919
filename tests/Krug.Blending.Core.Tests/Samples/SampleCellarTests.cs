using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Samples;

public class SampleCellarTests
{
    public static TheoryData<string> Names() => [.. SampleCellar.Names()];

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in SampleCellar.Names())
        {
            foreach (var file in new[] { "tanks.csv", "formula.csv", "plan.csv", "lots.csv" }.Where(f => File.Exists(Path.Combine(SampleCellar.SamplesDirectory(), name, f))))
            {
                data.Add(name, file);
            }
        }

        return data;
    }

    [Fact]
    public void TheDocumentedSamplesAreThere()
    {
        SampleCellar.Names().Should().Contain(["spec-example", "small-multistep", "house-cellar", "reserve-lots"]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EverySamplePlanPassesTheVerifier(string name)
    {
        var sample = SampleCellar.Load(name);

        var report = PlanVerifier.Verify(sample.Request, sample.Plan);

        report.Violations.Should().BeEmpty();
        report.Blend!.Wasted.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EverySamplePlanListsItsRowsInContractOrder(string name)
    {
        var sample = SampleCellar.Load(name);

        sample.Rows.Should().Equal(sample.Plan.ToRows());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryFormulaWineOfASampleFillsATank(string name)
    {
        var sample = SampleCellar.Load(name);

        sample.Formula.Shares.Keys.Should().BeSubsetOf(sample.Cellar.Wines);
        sample.Formula.TotalPercent.Should().Be(100m);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EverySampleFileIsUtf8WithoutBomWithLineFeedsAndAFinalNewline(string name, string file)
    {
        var bytes = SampleCellar.Bytes(name, file);

        bytes.Take(3).Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF });
        bytes.Should().NotContain((byte)'\r');
        bytes[^1].Should().Be((byte)'\n');
        bytes.Should().NotContain((byte)'"', "the samples need no quoting");
    }

    [Fact]
    public void TheSpecExamplePlanHitsTheFormulaExactlyInFourSteps()
    {
        var sample = SampleCellar.Load("spec-example");

        var report = PlanVerifier.Verify(sample.Request, sample.Plan).Blend!;

        // Worked by hand in samples/README.md: 1250 Avize + 2500 Aÿ + 2500 Leuvrigny in C004 + C006.
        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.EuclideanPp.Should().Be(0);
        report.Volume.Should().Be(6250);
        report.FinalTanks.Should().Equal("C004", "C006");
        report.Unused.Should().Be(1250);
        report.Transfers.Should().Be(4);
        report.Steps.Should().Be(4);
    }

    [Fact]
    public void TheSmallMultistepPlanHitsTheFormulaWhereSplitThenAssembleMissesByTwentyPoints()
    {
        var sample = SampleCellar.Load("small-multistep");

        var report = PlanVerifier.Verify(sample.Request, sample.Plan).Blend!;
        var (_, reference) = SplitAssembleReference.Best(new BlendRequest(sample.Cellar, sample.Formula))!.Value;

        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(1000);
        report.FinalTanks.Should().Equal("K06");
        report.Unused.Should().Be(600);
        report.Steps.Should().Be(3);
        report.Transfers.Should().Be(3);
        sample.AllowsLeftoverBlends.Should().BeTrue();
        report.After.LeftoverBlends.Should().ContainSingle("the exact plan leaves the rest of the Cramant and Bouzy blend in K02")
            .Which.TankId.Should().Be("K02");
        PlanVerifier.Verify(sample.Request with { AllowLeftoverBlends = false }, sample.Plan).Violations
            .Should().ContainSingle().Which.Kind.Should().Be(ViolationKind.LeftoverBlend);

        // No full tank can be split (no empties add up to 300, 400 or 600), so the best single pour is
        // Cramant + Œuilly + Trépail into K06: 30/0/40/30 against 10/20/40/30.
        reference.MaxDeviation.Should().Be(new Fraction(1, 5));
        reference.Volume.Should().Be(1000);
    }

    [Fact]
    public void TheReserveLotsPlanPoursTheWholeReserveAndLeavesAPieceOfLastYearsAssemblageAsItWas()
    {
        var sample = SampleCellar.Load("reserve-lots");

        var report = PlanVerifier.Verify(sample.Request, sample.Plan).Blend!;

        // Worked by hand in samples/README.md: the reserve (500 hL of 60/40) is the formula's 20 %, so it
        // limits the blend to 2500 hL; 375 of the assemblage's 500 hL make its 15 %.
        sample.Cellar.Lots.Keys.Should().Equal("Assemblage 2022", "Réserve 2018-2019");
        sample.Cellar.VolumeOf("Chardonnay Le Mesnil 2018").Should().Be(Fraction.FromInt64(300));
        new BlendRequest(sample.Cellar, sample.Formula).Limits.FormulaLimited.Should().Be(Fraction.FromInt64(2500));
        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(2500);
        report.After.LeftoverBlends.Should().BeEmpty();
        var piece = report.After.Changed.Single(c => c.TankId == "E03");
        piece.End.Should().Be(TankEnd.Moved, "a piece of a lot is still that lot");
        piece.AfterLot.Should().Be("Assemblage 2022");
        report.After.MovedNotUsed.Should().Contain(new WineVolume("Chardonnay Avize 2022", new Fraction(125, 2)));
        report.After.MovedNotUsed.Should().Contain(new WineVolume("Meunier Leuvrigny 2022", Fraction.FromInt64(25)));
    }

    [Fact]
    public void TheHouseCellarIsTheSizeOfAChampagneHouse()
    {
        var sample = SampleCellar.Load("house-cellar");
        var cellar = sample.Cellar;
        var emptyShare = (double)cellar.Tanks.Count(t => !t.IsFull) / cellar.Tanks.Length;
        var years = sample.Formula.Shares.Keys.Select(w => int.Parse(w[^4..], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        cellar.Tanks.Length.Should().BeGreaterThanOrEqualTo(300);
        cellar.Wines.Length.Should().BeGreaterThanOrEqualTo(120);
        emptyShare.Should().BeInRange(0.35, 0.45);
        cellar.Wines.Should().Contain(w => cellar.Tanks.Count(t => t.Content == w) > 1);
        cellar.Unit.Decimals.Should().Be(2);
        sample.Formula.Lines.Length.Should().BeInRange(130, 150);
        (years.Max() - years.Min()).Should().BeGreaterThanOrEqualTo(10);
        sample.Formula.Lines.Count(l => l.Percent is >= 0.3m and <= 2m).Should().BeGreaterThan(100);
        cellar.Wines.Should().Contain(w => w.Contains("Aÿ", StringComparison.Ordinal))
            .And.Contain(w => w.Contains("Œuilly", StringComparison.Ordinal))
            .And.Contain(w => w.Contains("Le Mesnil-sur-Oger", StringComparison.Ordinal));
    }

    [Fact]
    public void TheHouseCellarPlanIsAPlainPourFarFromTheFormula()
    {
        var sample = SampleCellar.Load("house-cellar");

        var report = PlanVerifier.Verify(sample.Request, sample.Plan).Blend!;

        // Figures from an independent exact replay (Python fractions) made when the sample was generated.
        report.Volume.Should().Be(716275);
        report.MaxDeviation.Should().Be(new Fraction(2512933, 35813750));
        report.EuclideanPp.Should().BeApproximately(21.9668, 0.0001);
        report.Unused.Should().Be(2601550);
        report.Transfers.Should().Be(3);
        report.Steps.Should().Be(2);
    }
}
