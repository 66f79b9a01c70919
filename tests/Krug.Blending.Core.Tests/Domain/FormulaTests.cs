using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Domain;

public class FormulaTests
{
    [Fact]
    public void AFormulaNeedsAWine()
    {
        var act = () => new Formula([]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void AWineNamedTwiceIsRefused()
    {
        var act = () => Some.Formula(("A", 50m), ("B", 20m), ("A", 30m));

        act.Should().Throw<ArgumentException>().WithMessage("*A*twice*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1.5)]
    public void AWeightThatIsNotPositiveIsRefused(double percent)
    {
        var act = () => Some.Formula(("A", 50m), ("B", (decimal)percent));

        act.Should().Throw<ArgumentException>().WithMessage("*B*");
    }

    [Fact]
    public void AWineNeedsAName()
    {
        var act = () => Some.Formula(("", 50m));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void WeightsAreNormalisedExactlyWhenTheyDoNotAddUpToAHundred()
    {
        var formula = Some.Formula(("A", 1m), ("B", 2m));

        formula.ShareOf("A").Should().Be(new Fraction(1, 3));
        formula.ShareOf("B").Should().Be(new Fraction(2, 3));
        formula.TotalPercent.Should().Be(3m);
    }

    [Fact]
    public void ThreeThirdsWrittenAsDecimalsAreThreeExactThirds()
    {
        var formula = Some.Formula(("A", 33.333m), ("B", 33.333m), ("C", 33.333m));

        formula.Shares.Values.Should().AllBeEquivalentTo(new Fraction(1, 3));
        formula.TotalPercent.Should().Be(99.999m);
    }

    [Fact]
    public void AFormulaAddingUpToAHundredKeepsItsPercentagesAsShares()
    {
        var formula = Some.Formula(("B", 0.3m), ("A", 99.7m));

        formula.ShareOf("A").Should().Be(new Fraction(997, 1000));
        formula.ShareOf("B").Should().Be(new Fraction(3, 1000));
        formula.Shares.Keys.Should().Equal("A", "B");
        formula.Lines.Select(l => l.Wine).Should().Equal("B", "A");
    }

    [Fact]
    public void AWineNotInTheFormulaHasATargetOfZero()
    {
        Some.SpecFormula().ShareOf("D").Should().Be(Fraction.Zero);
    }
}
