using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Domain;

public class VolumeUnitTests
{
    [Theory]
    [InlineData(0, 1250, "1250")]
    [InlineData(1, 12505, "1250.5")]
    [InlineData(2, 125050, "1250.50")]
    [InlineData(2, 5, "0.05")]
    [InlineData(2, -5, "-0.05")]
    public void AVolumeIsFormattedWithTheUnitsDecimals(int decimals, long volume, string expected)
    {
        new VolumeUnit("hL", decimals).Format(volume).Should().Be(expected);
    }

    [Theory]
    [InlineData(100, 3, "0.33")]
    [InlineData(200, 3, "0.67")]
    [InlineData(-200, 3, "-0.67")]
    [InlineData(1, 2, "0.01")]
    [InlineData(-1, 2, "-0.01")]
    [InlineData(100, 201, "0.00")]
    [InlineData(2500, 1, "25.00")]
    public void AFractionalVolumeInVolumeUnitsIsRoundedHalfAwayFromZero(long numerator, long denominator, string expected)
    {
        new VolumeUnit("hL", 2).Format(new Fraction(numerator, denominator)).Should().Be(expected);
    }

    [Theory]
    [InlineData(0, "1250", true, 1250)]
    [InlineData(2, "1250.5", true, 125050)]
    [InlineData(1, "0.05", false, 0)]
    [InlineData(0, "12.5", false, 0)]
    [InlineData(2, "99999999999999999999", false, 0)]
    public void ADecimalBecomesAnIntegerVolumeOnlyWhenTheUnitCarriesItsDecimals(int decimals, string text, bool ok, long expected)
    {
        var unit = new VolumeUnit("hL", decimals);

        unit.TryFromDecimal(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), out var volume).Should().Be(ok);
        volume.Should().Be(expected);
    }

    [Fact]
    public void MoreThanTwoDecimalsIsNotAUnit()
    {
        var act = () => new VolumeUnit("hL", 3).Scale;

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void ToDecimalIsExact()
    {
        new VolumeUnit("hL", 2).ToDecimal(125001).Should().Be(1250.01m);
    }
}
