using System.Globalization;
using System.Numerics;
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
    [InlineData("0.0001", 1, 10000)]
    [InlineData("1250.50", 2501, 2)]
    [InlineData("-0.0", 0, 1)]
    [InlineData("33.33333333", 3333333333, 100000000)]
    public void ADecimalConvertsWithoutRounding(string text, long numerator, long denominator)
    {
        Fraction.FromDecimal(decimal.Parse(text, CultureInfo.InvariantCulture))
            .Should().Be(new Fraction(numerator, denominator));
    }

    [Fact]
    public void TheLargestAndSmallestDecimalsConvertExactly()
    {
        Fraction.FromDecimal(0.0000000000000000000000000001m).Should().Be(new Fraction(1, BigInteger.Pow(10, 28)));
        Fraction.FromDecimal(decimal.MinValue).Should().Be(-Fraction.FromDecimal(decimal.MaxValue));
        Fraction.FromDecimal(decimal.MaxValue).Should().Be(new Fraction(BigInteger.Parse("79228162514264337593543950335", CultureInfo.InvariantCulture), 1));
    }

    [Fact]
    public void AZeroDenominatorIsRefused()
    {
        var act = () => new Fraction(1, 0);

        act.Should().Throw<DivideByZeroException>();
    }

    [Fact]
    public void DividingByZeroIsRefused()
    {
        var act = () => Fraction.One / Fraction.Zero;

        act.Should().Throw<DivideByZeroException>();
    }

    [Theory]
    [InlineData("1/3", "+", "1/6", "1/2")]
    [InlineData("1/3", "-", "1/2", "-1/6")]
    [InlineData("2/3", "*", "9/4", "3/2")]
    [InlineData("2/3", "/", "4/9", "3/2")]
    [InlineData("-1/4", "/", "-1/2", "1/2")]
    [InlineData("5/7", "-", "5/7", "0")]
    public void ArithmeticIsExact(string left, string operation, string right, string expected)
    {
        var a = Parse(left);
        var b = Parse(right);

        var result = operation switch
        {
            "+" => a + b,
            "-" => a - b,
            "*" => a * b,
            "/" => a / b,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        result.Should().Be(Parse(expected));
    }

    [Fact]
    public void TheNamedOperationsAgreeWithTheOperators()
    {
        var a = new Fraction(3, 8);
        var b = new Fraction(-5, 12);

        Fraction.Add(a, b).Should().Be(a + b);
        Fraction.Subtract(a, b).Should().Be(a - b);
        Fraction.Multiply(a, b).Should().Be(a * b);
        Fraction.Divide(a, b).Should().Be(a / b);
        Fraction.Negate(a).Should().Be(new Fraction(-3, 8));
    }

    [Fact]
    public void ATenthAddedTenTimesIsExactlyOne()
    {
        var sum = Fraction.Zero;
        for (var i = 0; i < 10; i++)
        {
            sum += new Fraction(1, 10);
        }

        sum.Should().Be(Fraction.One);
    }

    [Theory]
    [InlineData("-1/2", "-1/3", -1)]
    [InlineData("2/4", "1/2", 0)]
    [InlineData("7/8", "6/7", 1)]
    [InlineData("-5", "1/1000000", -1)]
    public void FractionsCompareByValue(string left, string right, int expectedSign)
    {
        var a = Parse(left);
        var b = Parse(right);

        Math.Sign(a.CompareTo(b)).Should().Be(expectedSign);
        (a < b).Should().Be(expectedSign < 0);
        (a > b).Should().Be(expectedSign > 0);
        (a <= b).Should().Be(expectedSign <= 0);
        (a >= b).Should().Be(expectedSign >= 0);
        (a == b).Should().Be(expectedSign == 0);
        (a != b).Should().Be(expectedSign != 0);
    }

    [Fact]
    public void ComparingWithNullPutsTheFractionFirstAndWithAnotherTypeIsAnError()
    {
        var half = new Fraction(1, 2);

        half.CompareTo((object?)null).Should().BePositive();
        half.CompareTo((object)new Fraction(1, 3)).Should().BePositive();
        var act = () => half.CompareTo((object)0.5);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void EqualValuesWrittenDifferentlyAreEqualAndHashAlike()
    {
        var a = new Fraction(2, 6);
        var b = new Fraction(-3, -9);

        a.Should().Be(b);
        a.Equals((object)b).Should().BeTrue();
        a.Equals((object)"1/3").Should().BeFalse();
        a.GetHashCode().Should().Be(b.GetHashCode());
    }

    [Fact]
    public void TheDefaultValueIsZero()
    {
        var value = default(Fraction);

        value.Should().Be(Fraction.Zero);
        value.Denominator.Should().Be(BigInteger.One);
        value.IsZero.Should().BeTrue();
        value.GetHashCode().Should().Be(Fraction.Zero.GetHashCode());
        (value + new Fraction(1, 2)).Should().Be(new Fraction(1, 2));
    }

    [Fact]
    public void ZeroHasDenominatorOneWhateverItWasWrittenOver()
    {
        var zero = new Fraction(0, -17);

        zero.Denominator.Should().Be(BigInteger.One);
        zero.Sign.Should().Be(0);
        zero.Should().Be(Fraction.Zero);
    }

    [Theory]
    [InlineData("-3/4", "3/4", -1)]
    [InlineData("3/4", "3/4", 1)]
    [InlineData("0", "0", 0)]
    public void AbsAndSignAreThoseOfTheValue(string value, string abs, int sign)
    {
        Parse(value).Abs().Should().Be(Parse(abs));
        Parse(value).Sign.Should().Be(sign);
    }

    [Fact]
    public void MaxReturnsTheLargerValue()
    {
        Fraction.Max(new Fraction(1, 3), new Fraction(2, 5)).Should().Be(new Fraction(2, 5));
        Fraction.Max(new Fraction(-1, 3), new Fraction(-2, 5)).Should().Be(new Fraction(-1, 3));
    }

    [Fact]
    public void AnIntegerConvertsImplicitly()
    {
        Fraction seven = 7L;

        seven.Should().Be(Fraction.FromInt64(7));
        seven.Denominator.Should().Be(BigInteger.One);
    }

    [Theory]
    [InlineData(3, 4, "3/4")]
    [InlineData(-10, 5, "-2")]
    [InlineData(0, 3, "0")]
    public void TheTextIsTheReducedFraction(long numerator, long denominator, string expected)
    {
        new Fraction(numerator, denominator).ToString().Should().Be(expected);
    }

    [Fact]
    public void TheTextDoesNotDependOnTheCurrentCulture()
    {
        // Swedish writes negative numbers with U+2212, which a culture-sensitive ToString would pick up.
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            new Fraction(-1234567, 1000).ToString().Should().Be("-1234567/1000");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ToDoubleIsCloseEvenWhenBothPartsAreFarBeyondTheRangeOfADouble()
    {
        var huge = BigInteger.Pow(10, 400);

        new Fraction(huge, huge * 3 + 1).ToDouble().Should().BeApproximately(1.0 / 3, 1e-12);
        new Fraction(-2 * huge + 1, huge).ToDouble().Should().BeApproximately(-2, 1e-12);
        new Fraction(1, 8).ToDouble().Should().Be(0.125);
    }

    private static Fraction Parse(string text)
    {
        var parts = text.Split('/');
        var numerator = BigInteger.Parse(parts[0], CultureInfo.InvariantCulture);
        var denominator = parts.Length == 2 ? BigInteger.Parse(parts[1], CultureInfo.InvariantCulture) : BigInteger.One;
        return new Fraction(numerator, denominator);
    }
}
