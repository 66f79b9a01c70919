using System.Globalization;

namespace Krug.Blending.Cli.Csv;

/// <summary>The field delimiters an input file may use, and how one is chosen.</summary>
internal static class CsvDelimiter
{
    /// <summary>The delimiters the tool reads, in the order that breaks a tie when detecting.</summary>
    public static IReadOnlyList<char> Supported { get; } = [',', ';', '\t'];

    /// <summary>The words <c>--delimiter</c> accepts, besides the characters themselves.</summary>
    public static IReadOnlyList<string> OptionValues { get; } = [",", ";", "tab", "comma", "semicolon"];

    /// <summary>
    /// The delimiter of a header line: the supported character that occurs most often outside
    /// quotes; <c>,</c> when none occurs (a one-column header, which then lacks required columns).
    /// </summary>
    public static char Detect(string headerLine)
    {
        ArgumentNullException.ThrowIfNull(headerLine);
        var counts = new int[Supported.Count];
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }

            if (!quoted)
            {
                for (var i = 0; i < Supported.Count; i++)
                {
                    if (c == Supported[i])
                    {
                        counts[i]++;
                    }
                }
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return Supported[best];
    }

    /// <summary>Reads a <c>--delimiter</c> value; <see langword="null"/> when it is not one of <see cref="OptionValues"/> or a tab.</summary>
    public static char? FromOptionValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.ToLowerInvariant() switch
        {
            "," or "comma" => ',',
            ";" or "semicolon" => ';',
            "\t" or "tab" or "\\t" => '\t',
            _ => null,
        };
    }

    /// <summary>How a delimiter is named in messages.</summary>
    public static string Describe(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        _ => "'" + delimiter.ToString(CultureInfo.InvariantCulture) + "'",
    };
}
