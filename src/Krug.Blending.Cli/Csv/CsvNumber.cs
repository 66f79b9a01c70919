using System.Globalization;

namespace Krug.Blending.Cli.Csv;

/// <summary>Why a cell is not a number.</summary>
internal enum NumberProblem
{
    /// <summary>The cell is a number.</summary>
    None,

    /// <summary>The cell is empty.</summary>
    Empty,

    /// <summary>The cell is not a number at all (letters, two signs, exponent…).</summary>
    NotANumber,

    /// <summary>The cell looks like a number with a thousands separator (<c>1,250.5</c>, <c>1.250,5</c>, <c>1 250</c>).</summary>
    ThousandsSeparator,

    /// <summary>A decimal comma in a file that is not separated by <c>;</c>.</summary>
    DecimalComma,

    /// <summary>Too large for the tool.</summary>
    TooLarge,
}

/// <summary>
/// Reads the numbers of the input files. The decimal separator is <c>.</c>, and also <c>,</c> in a
/// file separated by <c>;</c> (French spreadsheet exports). Thousands separators are refused rather
/// than guessed: <c>1,250</c> means 1.25 in France and 1250 in England.
/// </summary>
internal static class CsvNumber
{
    /// <summary>Parses <paramref name="text"/> (already trimmed).</summary>
    /// <param name="text">The cell.</param>
    /// <param name="decimalComma">Whether <c>,</c> may be the decimal separator.</param>
    /// <param name="allowPercent">Whether a trailing <c>%</c> is accepted and ignored.</param>
    /// <param name="value">The value, exact.</param>
    public static NumberProblem TryParse(string text, bool decimalComma, bool allowPercent, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        var s = text.AsSpan().Trim();
        if (allowPercent && s.EndsWith("%", StringComparison.Ordinal))
        {
            s = s[..^1].TrimEnd();
        }

        if (s.IsEmpty)
        {
            return text.Length == 0 ? NumberProblem.Empty : NumberProblem.NotANumber;
        }

        var body = s[0] is '-' or '+' ? s[1..] : s;
        int digits = 0, dots = 0, commas = 0, groupSpaces = 0;
        foreach (var c in body)
        {
            switch (c)
            {
                case >= '0' and <= '9': digits++; break;
                case '.': dots++; break;
                case ',': commas++; break;
                // Space, no-break space and narrow no-break space group thousands in French; ' in Swiss.
                case ' ' or '\u00A0' or '\u202F' or '\'': groupSpaces++; break;
                default: return NumberProblem.NotANumber;
            }
        }

        if (digits == 0)
        {
            return NumberProblem.NotANumber;
        }

        if (groupSpaces > 0 || (dots > 0 && commas > 0) || dots > 1 || commas > 1)
        {
            return NumberProblem.ThousandsSeparator;
        }

        if (commas == 1 && !decimalComma)
        {
            return NumberProblem.DecimalComma;
        }

        var normal = s.ToString().Replace(',', '.');
        var point = normal.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0 && (point == 0 || point == normal.Length - 1 || !char.IsAsciiDigit(normal[point - 1])))
        {
            return NumberProblem.NotANumber;
        }

        if (!decimal.TryParse(normal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return NumberProblem.TooLarge;
        }

        return NumberProblem.None;
    }

    /// <summary>Decimal places that carry information: trailing zeros do not count (12.50 has one).</summary>
    public static int SignificantDecimals(decimal value)
    {
        var scale = value.Scale;
        while (scale > 0 && value == decimal.Round(value, scale - 1))
        {
            scale--;
        }

        return scale;
    }

    /// <summary>A sentence fragment telling the user how to write the number.</summary>
    public static string Advice(NumberProblem problem, char delimiter) => problem switch
    {
        NumberProblem.ThousandsSeparator => "remove the thousands separators (write 1250.5, not 1,250.5 or 1 250,5)",
        NumberProblem.DecimalComma => delimiter == ';'
            ? "write the decimals with '.'"
            : $"a decimal comma is accepted only in files separated by ';' (this one uses {CsvDelimiter.Describe(delimiter)}); write the decimals with '.'",
        NumberProblem.TooLarge => "the number is too large",
        _ => string.Empty,
    };
}
