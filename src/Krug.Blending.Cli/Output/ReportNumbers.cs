using System.Globalization;
using System.Numerics;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Turns exact shares into the percentages a report shows. Rounding is done on the exact fraction
/// (half away from zero), so the same plan prints the same digits on every machine.
/// </summary>
internal static class ReportNumbers
{
    /// <summary>Decimals of percentages (targets, achieved shares) in tables and CSV.</summary>
    public const int PercentDecimals = 3;

    /// <summary>Decimals of percentage points (deviations, distances) in tables and CSV.</summary>
    public const int PointDecimals = 4;

    /// <summary>Decimals of every percentage and percentage-point number in CSV and JSON, which scripts read.</summary>
    public const int MachineDecimals = 6;

    /// <summary><paramref name="share"/> × 100 with <paramref name="decimals"/> decimals, invariant culture.</summary>
    public static string Percent(Fraction share, int decimals) => Format(share * 100, decimals, signed: false);

    /// <summary>
    /// A signed deviation in percentage points: <c>+1.2500</c>, <c>-0.0400</c>, or <c>0.0000</c> only
    /// when exactly zero (a tiny deviation keeps its sign, so it reads as not quite on target).
    /// </summary>
    public static string SignedPoints(Fraction share, int decimals) => Format(share * 100, decimals, signed: true);

    /// <summary><paramref name="share"/> × 100 rounded to <paramref name="decimals"/> decimals, without trailing zeros.</summary>
    public static decimal PercentValue(Fraction share, int decimals) =>
        Normalise(decimal.Parse(Format(share * 100, decimals, signed: false), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));

    /// <summary>A double rounded to <paramref name="decimals"/> decimals, without trailing zeros.</summary>
    public static decimal Rounded(double value, int decimals) =>
        Normalise((decimal)Math.Round(value, decimals, MidpointRounding.AwayFromZero));

    /// <summary>A double with <paramref name="decimals"/> decimals, invariant culture.</summary>
    public static string Format(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>An exact share as <c>n/d</c> (or <c>n</c>), for scripts that check exactly.</summary>
    public static string Exact(Fraction value) => value.ToString();

    /// <summary>Drops trailing zeros: 20.000000 becomes 20, so JSON shows the shortest exact form.</summary>
    public static decimal Normalise(decimal value) => value / 1.000000000000000000000000000000000m;

    private static string Format(Fraction value, int decimals, bool signed)
    {
        var scale = BigInteger.Pow(10, decimals);
        var magnitude = BigInteger.Abs(value.Numerator) * scale;
        var rounded = (2 * magnitude + value.Denominator) / (2 * value.Denominator);
        var digits = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var text = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
        var sign = value.Sign < 0 ? "-" : signed && value.Sign > 0 ? "+" : string.Empty;
        return sign + text;
    }
}
