using System.Numerics;
using Krug.Blending.Arithmetic;
using Krug.Blending.Cli.Output;

namespace Krug.Blending.Cli.Tests;

public sealed class ReportNumbersTests
{
    [Theory]
    [InlineData(1, 3, 3, "33.333")]
    [InlineData(2, 3, 3, "66.667")]
    [InlineData(1, 7, 6, "14.285714")]
    [InlineData(1, 1, 3, "100.000")]
    [InlineData(0, 1, 3, "0.000")]
    // 1/80000 = 0.00125 %: exactly half way at 4 decimals, rounded away from zero.
    [InlineData(1, 80000, 4, "0.0013")]
    [InlineData(1, 80000, 0, "0")]
    public void PercentagesAreRoundedHalfAwayFromZeroOnTheExactValue(long numerator, long denominator, int decimals, string expected)
    {
        ReportNumbers.Percent(new Fraction(new BigInteger(numerator), new BigInteger(denominator)), decimals).Should().Be(expected);
    }

    [Theory]
    [InlineData(2, 15, "+13.3333")]
    [InlineData(-2, 5, "-40.0000")]
    [InlineData(0, 1, "0.0000")]
    // Smaller than the last digit: the sign stays, so it does not read as exactly on target.
    [InlineData(-1, 10_000_000, "-0.0000")]
    public void DeviationsCarryTheirSign(long numerator, long denominator, string expected)
    {
        ReportNumbers.SignedPoints(new Fraction(new BigInteger(numerator), new BigInteger(denominator)), 4).Should().Be(expected);
    }

    [Fact]
    public void JsonValuesDropTrailingZeros()
    {
        ReportNumbers.PercentValue(new Fraction(1, 5), 6).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("20");
        ReportNumbers.PercentValue(new Fraction(-4, 35), 6).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("-11.428571");
    }
}
