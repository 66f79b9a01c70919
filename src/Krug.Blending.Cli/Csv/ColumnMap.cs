using System.Globalization;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// Where each required (and optional) column sits in a file. Header names are matched ignoring case
/// and surrounding spaces, in any order; unknown columns are ignored with one warning.
/// </summary>
internal sealed class ColumnMap
{
    private readonly Dictionary<string, int> _indexes;

    private ColumnMap(Dictionary<string, int> indexes, int headerFieldCount)
    {
        _indexes = indexes;
        HeaderFieldCount = headerFieldCount;
    }

    /// <summary>Number of fields of the header line.</summary>
    public int HeaderFieldCount { get; }

    /// <summary>0-based field index of a required column, or of an optional column the file has.</summary>
    public int this[string column] => _indexes[column];

    /// <summary>Whether the file has <paramref name="column"/> (always, for a required one).</summary>
    public bool Has(string column) => _indexes.ContainsKey(column);

    /// <summary>1-based field number of a column the file has, as messages show it.</summary>
    public int Number(string column) => _indexes[column] + 1;

    /// <summary>
    /// Finds the <paramref name="required"/> columns (lower case), and the <paramref name="optional"/>
    /// ones the file has, in the header of <paramref name="table"/>; <see langword="null"/> when a
    /// required column is missing or a column is repeated, with the errors added.
    /// </summary>
    public static ColumnMap? Resolve(CsvTable table, IReadOnlyList<string> required, ErrorList errors, List<InputWarning> warnings, IReadOnlyList<string>? optional = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        optional ??= [];
        var header = table.Header;
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var ok = true;
        for (var i = 0; i < header.Fields.Length; i++)
        {
            var name = header.Fields[i].Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                // Spreadsheets leave an empty header cell after a trailing delimiter.
                continue;
            }

            if (!required.Contains(name) && !optional.Contains(name))
            {
                unknown.Add(header.Fields[i]);
            }
            else if (indexes.TryGetValue(name, out var first))
            {
                errors.Add(header.Line, i + 1, string.Create(CultureInfo.InvariantCulture, $"column '{name}' appears twice in the header (fields {first + 1} and {i + 1})"));
                ok = false;
            }
            else
            {
                indexes[name] = i;
            }
        }

        var missing = required.Where(r => !indexes.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            var what = missing.Count == 1 ? $"column '{missing[0]}'" : $"columns {string.Join(", ", missing.Select(m => $"'{m}'"))}";
            var hint = header.Fields.Length == 1
                ? $"; the header line has a single column {InputLocation.Quote(header.Fields[0])}: are the columns separated by ',', ';' or a tab? (use --delimiter if the detection is wrong)"
                : $"; found {QuoteList(header.Fields)} separated by {CsvDelimiter.Describe(table.Delimiter)}";
            errors.Add(header.Line, null, $"missing required {what}: the header line must name {string.Join(", ", required)} (any order, any case){hint}");
            ok = false;
        }

        // With a required column missing the unknown ones are most likely it, misspelt: the error says enough.
        if (unknown.Count > 0 && ok)
        {
            var names = QuoteList(unknown);
            var also = optional.Count == 0 ? string.Empty : $", and may have {string.Join(", ", optional)}";
            warnings.Add(new InputWarning(table.File, header.Line, null, $"ignoring unknown column{(unknown.Count > 1 ? "s" : string.Empty)} {names} (the file needs only {string.Join(", ", required)}{also})"));
        }

        return ok ? new ColumnMap(indexes, header.Fields.Length) : null;
    }

    /// <summary>Header names quoted for a message, the first few only: a one-line file of millions of cells must not flood the terminal.</summary>
    private static string QuoteList(IReadOnlyList<string> names)
    {
        const int MaxShown = 10;
        var shown = string.Join(", ", names.Take(MaxShown).Select(InputLocation.Quote));
        return names.Count <= MaxShown ? shown : string.Create(CultureInfo.InvariantCulture, $"{shown} and {names.Count - MaxShown} more");
    }

    /// <summary>Reports the non-empty fields of <paramref name="record"/> beyond the header's columns.</summary>
    /// <returns>Whether the record has none.</returns>
    public bool CheckExtraFields(CsvRecord record, char delimiter, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = HeaderFieldCount; i < record.Fields.Length; i++)
        {
            if (record.Fields[i].Length > 0)
            {
                var hint = delimiter == ','
                    ? "; a number with a decimal comma is split in two by the ',' delimiter: write it with '.' or separate the file with ';'"
                    : "; quote a value that contains the delimiter";
                errors.Add(record.Line, i + 1, string.Create(
                    CultureInfo.InvariantCulture,
                    $"the line has {record.Fields.Length} fields but the header has {HeaderFieldCount}{hint}"));
                return false;
            }
        }

        return true;
    }
}
