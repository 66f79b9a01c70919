using Krug.Blending.Arithmetic;

namespace Krug.Blending.Core.Tests;

public class FractionTests
{
    [Fact]
    public void AFractionIsKeptInLowestTermsWithAPositiveDenominator()
    {
        var fraction = new Fraction(6, -8);

        fraction.Numerator.Should().Be(-3);
        fraction.Denominator.Should().Be(4);
    }

    [Fact]
    public void AThirdPlusTwoThirdsIsExactlyOne()
    {
        (new Fraction(1, 3) + new Fraction(2, 3)).Should().Be(Fraction.One);
    }

    [Theory]
    [InlineData("20", 20, 1)]
    [InlineData("33.333", 33333, 1000)]
    [InlineData("-0.25", -1, 4)]
    public void ADecimalConvertsWithoutRounding(string text, long numerator, long denominator)
    {
        Fraction.FromDecimal(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(new Fraction(numerator, denominator));
    }
}
