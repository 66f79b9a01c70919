using System.Globalization;
using System.Text;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// A problem in an input file that the user must fix. Printed as <c>file:line:column: message</c>
/// (see docs/csv-formats.md); the line and column are left out when the problem concerns the whole
/// file or the whole line.
/// </summary>
/// <param name="File">The file as given on the command line.</param>
/// <param name="Line">1-based physical line of the file, counting the header and empty lines.</param>
/// <param name="Column">1-based field number in that line (the header's order, not a column name).</param>
/// <param name="Message">What was expected and what was found.</param>
internal sealed record InputError(string File, int? Line, int? Column, string Message)
{
    /// <summary>The compiler-like form <c>file:line:column: message</c>.</summary>
    public override string ToString() => InputLocation.Format(File, Line, Column, Message);
}

/// <summary>
/// Something suspicious in an input file that does not stop the command (an ignored column, a
/// formula that does not add up to 100). Same shape as <see cref="InputError"/>.
/// </summary>
/// <param name="File">The file as given on the command line.</param>
/// <param name="Line">1-based physical line, when the warning belongs to one.</param>
/// <param name="Column">1-based field number, when the warning belongs to one.</param>
/// <param name="Message">What was noticed and what the tool does about it.</param>
internal sealed record InputWarning(string File, int? Line, int? Column, string Message)
{
    /// <summary>The compiler-like form <c>file:line:column: message</c>.</summary>
    public override string ToString() => InputLocation.Format(File, Line, Column, Message);
}

/// <summary>The shared <c>file:line:column: message</c> form.</summary>
internal static class InputLocation
{
    public static string Format(string file, int? line, int? column, string message)
    {
        var text = new StringBuilder(file);
        if (line is { } l)
        {
            text.Append(':').Append(l.ToString(CultureInfo.InvariantCulture));
            if (column is { } c)
            {
                text.Append(':').Append(c.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.Append(": ").Append(message).ToString();
    }

    /// <summary>A field value quoted for a message, shortened so that one bad cell cannot flood the terminal.</summary>
    public static string Quote(string value)
    {
        const int MaxLength = 60;
        return value.Length <= MaxLength ? $"'{value}'" : $"'{value[..MaxLength]}…'";
    }
}
