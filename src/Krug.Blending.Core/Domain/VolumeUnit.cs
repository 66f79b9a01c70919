using System.Globalization;
using System.Numerics;

namespace Krug.Blending.Domain;

/// <summary>
/// How the integer volumes of a cellar map to the unit the user reads and writes. A volume
/// <c>v</c> means <c>v / 10^Decimals</c> of <see cref="Label"/> (e.g. with hL and two decimals,
/// 125050 is 1250.50 hL). Volumes stay integers so that plans are checked, and solved, exactly.
/// </summary>
/// <param name="Label">Unit label for reports, e.g. <c>hL</c>. Only a label: it changes no number.</param>
/// <param name="Decimals">Decimal places of the smallest unit, 0 to 2.</param>
public sealed record VolumeUnit(string Label, int Decimals)
{
    /// <summary>The largest number of decimals a volume may carry.</summary>
    public const int MaxDecimals = 2;

    /// <summary>Whole hectolitres.</summary>
    public static VolumeUnit Hectolitres { get; } = new("hL", 0);

    /// <summary>Integer units per displayed unit: 1, 10 or 100.</summary>
    public long Scale => Decimals switch
    {
        0 => 1,
        1 => 10,
        2 => 100,
        _ => throw new InvalidOperationException($"A volume unit has 0 to {MaxDecimals} decimals."),
    };

    /// <summary>The volume in displayed units, exact.</summary>
    public decimal ToDecimal(long volume) => decimal.Divide(volume, Scale);

    /// <summary>Formats an integer volume with exactly <see cref="Decimals"/> decimals, invariant culture (no unit).</summary>
    public string Format(long volume) =>
        ToDecimal(volume).ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats an exact volume in volume units (possibly a fraction of one, e.g. a wine's part of a
    /// mixed tank), rounded half away from zero to the nearest unit, that is to <see cref="Decimals"/> decimals.
    /// </summary>
    public string Format(Arithmetic.Fraction volume)
    {
        var doubled = volume.Numerator * 2;
        var rounded = BigInteger.Divide(doubled + volume.Denominator * doubled.Sign, volume.Denominator * 2);
        return Format((long)rounded);
    }

    /// <summary>
    /// Converts a number in displayed units to an integer volume, or returns <see langword="false"/>
    /// when it has more decimals than this unit carries or does not fit.
    /// </summary>
    public bool TryFromDecimal(decimal value, out long volume)
    {
        // Beyond this a volume cannot be scaled without overflowing; no cellar comes near it.
        const decimal Largest = 1_000_000_000_000_000m;
        if (value > Largest || value < -Largest)
        {
            volume = 0;
            return false;
        }

        var scaled = value * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            volume = 0;
            return false;
        }

        volume = (long)scaled;
        return true;
    }
}
