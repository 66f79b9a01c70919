using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Domain;

public class CellarTests
{
    [Fact]
    public void ADuplicateTankIdIsAnInputErrorNamingTheTank()
    {
        var act = () => new CellarBuilder().Full("C001", 100, "A").Empty("C001", 50).Build();

        act.Should().Throw<ArgumentException>().WithMessage("*C001*");
    }

    [Fact]
    public void TankIdsDifferingOnlyInCaseAreDifferentTanks()
    {
        var cellar = new CellarBuilder().Full("c1", 100, "A").Empty("C1", 50).Build();

        cellar.ById.Keys.Should().BeEquivalentTo("c1", "C1");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void ATankWithoutPositiveCapacityIsRefused(long capacity)
    {
        var act = () => new CellarBuilder().Empty("C001", capacity).Build();

        act.Should().Throw<ArgumentException>().WithMessage("*C001*");
    }

    [Fact]
    public void ATankNeedsAnId()
    {
        var act = () => new CellarBuilder().Empty("", 100).Build();

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void AnEmptyWineNameIsRefusedBecauseAnEmptyTankHasNoWine()
    {
        var act = () => new CellarBuilder().Full("C001", 100, "").Build();

        act.Should().Throw<ArgumentException>().WithMessage("*C001*");
    }

    [Fact]
    public void TheWinesAreListedOnceEachInOrdinalOrder()
    {
        var cellar = new CellarBuilder()
            .Full("T1", 100, "Pinot Noir Verzenay 2019")
            .Full("T2", 50, "Chardonnay Avize 2019")
            .Empty("T3", 80)
            .Full("T4", 70, "Pinot Noir Verzenay 2019")
            .Build();

        cellar.Wines.Should().Equal("Chardonnay Avize 2019", "Pinot Noir Verzenay 2019");
    }

    [Fact]
    public void VolumesAddUpTheFullTanksOnly()
    {
        var cellar = new CellarBuilder()
            .Full("T1", 100, "A")
            .Full("T2", 50, "B")
            .Empty("T3", 80)
            .Full("T4", 70, "A")
            .Build();

        cellar.TotalWine.Should().Be(220);
        cellar.VolumeOf("A").Should().Be(170);
        cellar.VolumeOf("B").Should().Be(50);
        cellar.VolumeOf("Z").Should().Be(0);
    }

    [Fact]
    public void TanksKeepTheirInputOrderAndAreFoundById()
    {
        var cellar = Some.SpecCellar();

        cellar.Tanks.Select(t => t.Id).Should().Equal("C001", "C002", "C003", "C004", "C005", "C006");
        cellar.ById["C006"].Should().Be(new Tank("C006", 4375, null));
        cellar.ById["C001"].IsFull.Should().BeTrue();
        cellar.ById["C004"].IsFull.Should().BeFalse();
    }

    [Fact]
    public void ACellarWithoutSomeTanksKeepsTheOthersAndTheUnit()
    {
        var unit = new VolumeUnit("hL", 2);
        var cellar = new CellarBuilder().Full("T1", 100, "A").Empty("T2", 50).Empty("T3", 60).InUnit(unit).Build();

        var rest = cellar.Without(["T2", "NOT-A-TANK"]);

        rest.Tanks.Select(t => t.Id).Should().Equal("T1", "T3");
        rest.Unit.Should().Be(unit);
        cellar.Tanks.Should().HaveCount(3);
    }
}
