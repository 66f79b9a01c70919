using System.Buffers;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// Protects the text cells of every CSV file the tool writes against CSV injection: a spreadsheet
/// runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return
/// as a formula, and tank, wine and formula names are any text. Such a cell is written with a
/// leading <c>'</c>, which spreadsheets read as "this cell is text" and do not show. Only text
/// columns go through <see cref="Text"/>: numbers such as <c>-0.012345</c> in a numeric column
/// stay numbers (which is why the CSV writer's own protection, which cannot tell the two apart
/// since numbers are written as formatted text, is off).
/// </summary>
/// <remarks>
/// The escape must be undone exactly where the tool reads its own files back (<c>plan.csv</c> →
/// <c>verify</c>). A name that already starts with <c>'</c> followed, after any further <c>'</c>,
/// by a trigger character gets one more <c>'</c> too, so that <see cref="ReadText"/>, which removes
/// one <c>'</c> from exactly those cells, gives back every name the writer was given.
/// </remarks>
internal static class CsvCell
{
    /// <summary>The prefix that marks a cell as text.</summary>
    public const char TextMark = '\'';

    /// <summary>The first characters that make a spreadsheet read a cell as a formula (OWASP's list).</summary>
    public static SearchValues<char> FormulaTriggers { get; } = SearchValues.Create("=+-@\t\r");

    /// <summary><paramref name="text"/> as a CSV text cell: with a leading <c>'</c> when a spreadsheet would otherwise run it.</summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return NeedsMark(text) ? TextMark + text : text;
    }

    /// <summary>The name a text cell written by <see cref="Text"/> holds: one leading <c>'</c> removed from a protected cell.</summary>
    public static string ReadText(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 0 && cell[0] == TextMark && NeedsMark(cell[1..]) ? cell[1..] : cell;
    }

    private static bool NeedsMark(string text)
    {
        var start = text.AsSpan().TrimStart(TextMark);
        return !start.IsEmpty && FormulaTriggers.Contains(start[0]);
    }
}
