using System.Globalization;
using System.Numerics;

namespace Krug.Blending.Arithmetic;

/// <summary>
/// An exact rational number <c>Numerator / Denominator</c>, always stored in lowest terms with a
/// positive denominator. Blend compositions are checked with it so that no rounding can hide a
/// broken plan.
/// </summary>
public readonly struct Fraction : IEquatable<Fraction>, IComparable<Fraction>, IComparable
{
    private readonly BigInteger _numerator;
    private readonly BigInteger _denominator;

    /// <summary>Creates <paramref name="numerator"/> / <paramref name="denominator"/>, reduced.</summary>
    /// <exception cref="DivideByZeroException">The denominator is zero.</exception>
    public Fraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A fraction cannot have a zero denominator.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        _numerator = numerator;
        _denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    /// <summary>Zero.</summary>
    public static Fraction Zero => new(BigInteger.Zero, BigInteger.One);

    /// <summary>One.</summary>
    public static Fraction One => new(BigInteger.One, BigInteger.One);

    /// <summary>The numerator, in lowest terms; carries the sign.</summary>
    public BigInteger Numerator => _numerator;

    /// <summary>The denominator, in lowest terms; always positive (1 for the default value).</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    /// <summary>Whether the value is zero.</summary>
    public bool IsZero => _numerator.IsZero;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _numerator.Sign;

    /// <summary>The exact value of a decimal number (decimals are scaled integers, so this never rounds).</summary>
    public static Fraction FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        // The words are unsigned 32-bit parts stored as int: reinterpret them, or a checked build throws on any
        // mantissa with a word's top bit set (e.g. 33.33333333).
        var low = unchecked((uint)bits[0]);
        var mid = unchecked((uint)bits[1]);
        var high = unchecked((uint)bits[2]);
        var magnitude = (new BigInteger(high) << 64) | (new BigInteger(mid) << 32) | new BigInteger(low);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = (bits[3] & unchecked((int)0x80000000)) != 0;
        return new Fraction(negative ? -magnitude : magnitude, BigInteger.Pow(10, scale));
    }

    /// <summary>Converts an integer.</summary>
    public static implicit operator Fraction(long value) => new(value, BigInteger.One);

    /// <summary>Converts an integer.</summary>
    public static Fraction FromInt64(long value) => new(value, BigInteger.One);

    /// <summary>Sum.</summary>
    public static Fraction operator +(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator + right.Numerator * left.Denominator, left.Denominator * right.Denominator);

    /// <summary>Difference.</summary>
    public static Fraction operator -(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator - right.Numerator * left.Denominator, left.Denominator * right.Denominator);

    /// <summary>Negation.</summary>
    public static Fraction operator -(Fraction value) => new(-value.Numerator, value.Denominator);

    /// <summary>Product.</summary>
    public static Fraction operator *(Fraction left, Fraction right) =>
        new(left.Numerator * right.Numerator, left.Denominator * right.Denominator);

    /// <summary>Quotient.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static Fraction operator /(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator, left.Denominator * right.Numerator);

    /// <summary>Sum (named alternative to the operator).</summary>
    public static Fraction Add(Fraction left, Fraction right) => left + right;

    /// <summary>Difference (named alternative to the operator).</summary>
    public static Fraction Subtract(Fraction left, Fraction right) => left - right;

    /// <summary>Product (named alternative to the operator).</summary>
    public static Fraction Multiply(Fraction left, Fraction right) => left * right;

    /// <summary>Quotient (named alternative to the operator).</summary>
    public static Fraction Divide(Fraction left, Fraction right) => left / right;

    /// <summary>Negation (named alternative to the operator).</summary>
    public static Fraction Negate(Fraction value) => -value;

    /// <summary>The absolute value.</summary>
    public Fraction Abs() => _numerator.Sign < 0 ? -this : this;

    /// <summary>The nearest double (for reports only; never used to decide validity).</summary>
    public double ToDouble()
    {
        var numerator = Numerator;
        var denominator = Denominator;
        // Scale so that both parts fit a double's exponent range before dividing.
        var shift = Math.Max((long)numerator.GetBitLength(), (long)denominator.GetBitLength()) - 1000;
        if (shift > 0)
        {
            numerator >>= (int)shift;
            denominator >>= (int)shift;
            if (denominator.IsZero)
            {
                return numerator.Sign * double.PositiveInfinity;
            }
        }

        return (double)numerator / (double)denominator;
    }

    /// <inheritdoc />
    public bool Equals(Fraction other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Fraction other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <inheritdoc />
    public int CompareTo(Fraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Fraction other => CompareTo(other),
        _ => throw new ArgumentException("Not a fraction.", nameof(obj)),
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(Fraction left, Fraction right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Fraction left, Fraction right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(Fraction left, Fraction right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(Fraction left, Fraction right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Fraction left, Fraction right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Fraction left, Fraction right) => left.CompareTo(right) >= 0;

    /// <summary>The larger of two fractions.</summary>
    public static Fraction Max(Fraction left, Fraction right) => left >= right ? left : right;

    /// <summary><c>n</c> or <c>n/d</c>, invariant culture.</summary>
    public override string ToString() =>
        Denominator.IsOne
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
