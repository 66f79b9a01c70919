using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Lots;

/// <summary>Lots in the domain: their exact make-up, the cellar's wines and stock, and the shared namespace of lots and wines.</summary>
public sealed class LotDomainTests
{
    private static readonly Lot Reserve = Some.Lot("Reserve", ("A", 60m), ("B", 30m));

    [Fact]
    public void ALotsSharesAreItsPercentagesNormalisedExactly()
    {
        Reserve.Composition.ShareOf("A").Should().Be(new Fraction(2, 3));
        Reserve.Composition.ShareOf("B").Should().Be(new Fraction(1, 3));
        Reserve.TotalPercent.Should().Be(90m);
    }

    [Fact]
    public void ALotNeedsAWineAPositivePercentageAndEachWineOnce()
    {
        FluentActions.Invoking(() => Some.Lot("R")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Some.Lot("R", ("A", 0m))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Some.Lot("R", ("A", 50m), ("A", 50m))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Some.Lot("", ("A", 50m))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ATankOfALotHoldsTheLotsMakeUpUnderItsName()
    {
        var tank = Tank.OfLot("L1", 50, Reserve);

        tank.Content.Should().Be("Reserve");
        tank.Lot.Should().Be(Reserve);
        tank.IsFull.Should().BeTrue();
        tank.Contents.Should().Be(Reserve.Composition);
    }

    [Fact]
    public void ATankOfOneWineAndAnEmptyTankReadAsTheyAlwaysDid()
    {
        new Tank("C1", 100, "Wine A").Contents.Should().Be(Composition.Pure("Wine A"));
        new Tank("C1", 100, "Wine A").Lot.Should().BeNull();
        new Tank("C2", 100, null).Contents.Should().BeNull();
    }

    [Fact]
    public void TheCellarListsTheWinesOfItsLotsAndCountsEachWinesShareOfThemExactly()
    {
        var cellar = new CellarBuilder().Full("P1", 100, "A").Lot("L1", 50, Reserve).Lot("L2", 25, Reserve).Empty("E1", 100).Build();

        cellar.Wines.Should().Equal("A", "B");
        cellar.Lots.Keys.Should().Equal("Reserve");
        // 100 of pure A, and two thirds of the 75 hL of the lot.
        cellar.VolumeOf("A").Should().Be(Fraction.FromInt64(150));
        cellar.VolumeOf("B").Should().Be(Fraction.FromInt64(25));
        cellar.VolumeOf("Z").Should().Be(Fraction.Zero);
    }

    [Fact]
    public void AShareOfALotNeedNotBeAWholeNumberOfUnits()
    {
        var cellar = new CellarBuilder().Lot("L1", 10, Reserve).Build();

        cellar.VolumeOf("A").Should().Be(new Fraction(20, 3));
    }

    [Fact]
    public void ANameThatIsBothALotAndAWineIsRefused()
    {
        var namedLikeAWine = Some.Lot("A", ("B", 50m), ("C", 50m));
        var holdingALotsName = Some.Lot("Other", ("Reserve", 50m), ("C", 50m));

        FluentActions.Invoking(() => new CellarBuilder().Full("P1", 100, "A").Lot("L1", 50, namedLikeAWine).Build())
            .Should().Throw<ArgumentException>().WithMessage("*both a lot and a wine*");
        FluentActions.Invoking(() => new CellarBuilder().Lot("L1", 50, Reserve).Lot("L2", 50, holdingALotsName).Build())
            .Should().Throw<ArgumentException>().WithMessage("*both a lot and a wine*");
    }

    [Fact]
    public void TwoTanksCannotHoldTheSameLotInTwoMakeUps()
    {
        var other = Some.Lot("Reserve", ("A", 50m), ("B", 50m));

        FluentActions.Invoking(() => new CellarBuilder().Lot("L1", 50, Reserve).Lot("L2", 50, other).Build())
            .Should().Throw<ArgumentException>().WithMessage("*two different make-ups*");
    }

    [Fact]
    public void TheSameLotWrittenWithOtherWeightsIsTheSameLot()
    {
        var sameShares = Some.Lot("Reserve", ("A", 2m), ("B", 1m));

        new CellarBuilder().Lot("L1", 50, Reserve).Lot("L2", 50, sameShares).Build().Lots.Should().ContainSingle();
    }

    [Fact]
    public void TheCellarNamesAWineALotOrNothing()
    {
        var cellar = new CellarBuilder().Full("P1", 100, "A").Lot("L1", 50, Reserve).Build();

        cellar.NameOf(Composition.Pure("A")).Should().Be("A");
        cellar.NameOf(Reserve.Composition).Should().Be("Reserve");
        cellar.NameOf(Composition.Mix([(Composition.Pure("A"), 1), (Composition.Pure("B"), 1)])).Should().BeNull();
    }

    [Fact]
    public void TheFormulaLimitedVolumeCountsEachWinesPartOfTheLots()
    {
        // A: 100 pure + 2/3 of 150 = 200; B: 1/3 of 150 = 50. At 50/50 the B runs out first: 50 / 0.5 = 100.
        var cellar = new CellarBuilder().Full("P1", 100, "A").Lot("L1", 150, Reserve).Empty("E1", 300).Build();

        var limits = Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m))).Limits;

        limits.FormulaLimited.Should().Be(Fraction.FromInt64(100));
        limits.LimitingWine.Should().Be("B");
        limits.UsableWine.Should().Be(250);
        limits.MissingWines.Should().BeEmpty();
    }

    [Fact]
    public void AKeptWineKeepsTheLotsThatHoldItAndAKeptLotKeepsOnlyItsOwnTanks()
    {
        var cellar = new CellarBuilder().Full("PA", 100, "A").Full("PB", 100, "B").Lot("L1", 50, Reserve).Empty("E1", 100).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m)));

        (request with { KeptWines = ["B"] }).UsableTanks.Select(t => t.Id).Should().Equal("PA", "E1");
        (request with { KeptWines = ["Reserve"] }).UsableTanks.Select(t => t.Id).Should().Equal("PA", "PB", "E1");
    }
}
