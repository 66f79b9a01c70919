using System.Globalization;
using System.Text;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Makes text from the input files safe to show on a terminal. A tank or wine name is any text, so
/// it may hold escape sequences that recolour the screen, rewrite the window title, ring the bell,
/// move the cursor over earlier lines or (OSC 52) fill the clipboard. Such characters are shown as
/// <c>\x1B</c>, <c>\u009B</c>, <c>\u202E</c>: C0 controls, DEL, C1 controls, and the bidirectional
/// embeddings, overrides and isolates that reorder what is shown. A backslash is left alone, so
/// that paths stay readable.
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every control character escaped, line breaks and tabs included (for names).</summary>
    public static string Escape(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>
    /// <paramref name="text"/> with every control character escaped but <c>\n</c>, <c>\t</c> and the
    /// <c>\r</c> of a <c>\r\n</c> line end (for messages of several lines, and Windows line ends).
    /// </summary>
    public static string EscapeKeepingLines(string text) => Escape(text, keepLineBreaks: true);

    /// <summary>Whether <paramref name="c"/> is shown escaped.</summary>
    public static bool IsControl(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    private static string Escape(string text, bool keepLineBreaks)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = IndexOfEscaped(text, keepLineBreaks);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsControl(c) || (keepLineBreaks && IsLineBreak(text, i)))
            {
                escaped.Append(c);
            }
            else if (c <= '\u00FF')
            {
                escaped.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    private static bool IsLineBreak(string text, int index) =>
        text[index] is '\n' or '\t' || (text[index] == '\r' && index + 1 < text.Length && text[index + 1] == '\n');

    private static int IndexOfEscaped(string text, bool keepLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsControl(c) && !(keepLineBreaks && IsLineBreak(text, i)))
            {
                return i;
            }
        }

        return -1;
    }
}
