using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Domain;

public sealed class VolumeLimitsTests
{
    [Fact]
    public void TheFormulaLimitedVolumeIsTheLeastStockOverShareAndNamesTheWineThatRunsOut()
    {
        // Stocks 1250, 2500, 3750 at 20/40/40: A allows 6250, B 6250, C 9375; A and B tie, A first by name.
        var limits = Some.SpecRequest().Limits;

        limits.FormulaLimited.Should().Be(new Fraction(6250, 1));
        limits.LimitingWine.Should().Be("A");
        limits.EmptyRoom.Should().Be(1875 + 1875 + 4375);
        limits.UsableWine.Should().Be(7500);
        limits.DefaultTarget.Should().Be(6250);
        limits.MissingWines.Should().BeEmpty();
    }

    [Fact]
    public void TheEmptyTanksLimitTheDefaultWhenTheyHoldLessThanTheFormulaAllows()
    {
        var cellar = new CellarBuilder().Full("A", 1000, "A").Full("B", 1000, "B").Empty("E", 500).Build();
        var limits = Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m))).Limits;

        limits.FormulaLimitedFloor.Should().Be(2000);
        limits.DefaultTarget.Should().Be(500);
        limits.RoomLimits.Should().BeTrue();
    }

    [Fact]
    public void ExcludedTanksAndKeptWinesDoNotCount()
    {
        var request = Some.SpecRequest() with { ExcludedTanks = ["C006"], KeptWines = ["C"] };

        var limits = request.Limits;

        limits.EmptyRoom.Should().Be(3750);
        limits.MissingWines.Should().Equal("C");
        limits.LimitingWine.Should().Be("A");
        limits.Describe(VolumeUnit.Hectolitres, request.Formula).Should().Contain("Not in any usable tank: C.");
    }

    [Fact]
    public void TheDefaultBandIsFivePercentEitherSideOfTheDefaultTarget()
    {
        var band = Some.SpecRequest().Limits.DefaultBand();

        band.Should().Be(new VolumeBand(5938, 6562, 6250));
    }

    [Theory]
    [InlineData(1000, null, null, 950, 1050)]
    [InlineData(1000, 900L, null, 900, 1050)]
    [InlineData(1000, null, 1000L, 950, 1000)]
    [InlineData(10, null, null, 10, 10)]
    public void ABandAroundATargetTakesTheGivenBoundsOrFivePercent(long target, long? min, long? max, long expectedMin, long expectedMax)
    {
        var band = VolumeBand.Around(target, min, max);

        (band.Min, band.Max, band.Target).Should().Be((expectedMin, expectedMax, target));
        band.Contains(target).Should().BeTrue();
    }

    [Fact]
    public void ATargetOutsideItsBoundsIsAContractViolation()
    {
        var act = () => VolumeBand.Around(1000, 1100, 1200);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
