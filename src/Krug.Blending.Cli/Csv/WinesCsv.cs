using System.Collections.Immutable;
using System.Globalization;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// What <c>wines.csv</c> says of each wine: one value (or none) per attribute column. Attribute names
/// are matched ignoring case; values are compared ignoring case too (<c>chardonnay</c> is
/// <c>Chardonnay</c>) and shown as first written in the file, so that a roll-up never splits one
/// variety in two over a capital letter. Wines are names, compared exactly, as everywhere else.
/// </summary>
internal sealed class WineAttributes
{
    private readonly Dictionary<string, string?[]> _values = new(StringComparer.Ordinal);

    // Per attribute: each value (any case) to its first spelling, and the first spellings in file order.
    private readonly Dictionary<string, string>[] _spellings;
    private readonly List<string>[] _valueOrder;

    private WineAttributes(string file, ImmutableArray<string> attributes)
    {
        File = file;
        Attributes = attributes;
        _spellings = [.. attributes.Select(_ => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase))];
        _valueOrder = [.. attributes.Select(_ => new List<string>())];
    }

    /// <summary>The file as given on the command line.</summary>
    public string File { get; }

    /// <summary>The attribute columns, as written in the header, in file order.</summary>
    public ImmutableArray<string> Attributes { get; }

    /// <summary>The index of attribute <paramref name="name"/> (any case, surrounding spaces ignored), or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var a = 0; a < Attributes.Length; a++)
        {
            if (string.Equals(Attributes[a], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }

        return -1;
    }

    /// <summary>
    /// The value of attribute <paramref name="attribute"/> for <paramref name="wine"/> as first spelt in
    /// the file, or <see langword="null"/> when the wine is not in the file or its cell is empty.
    /// </summary>
    public string? ValueOf(string wine, int attribute) =>
        _values.TryGetValue(wine, out var values) && values[attribute] is { } value ? _spellings[attribute][value] : null;

    /// <summary>Every value attribute <paramref name="attribute"/> takes, as first spelt, in file order.</summary>
    public IReadOnlyList<string> ValuesOf(int attribute) => _valueOrder[attribute];

    /// <summary>The value as the file first spells it, or <see langword="null"/> when no wine has it (any case).</summary>
    public string? Known(int attribute, string value) => _spellings[attribute].GetValueOrDefault(value.Trim());

    /// <summary>The wines whose attribute <paramref name="attribute"/> is <paramref name="value"/> (any case).</summary>
    public IEnumerable<string> WinesWith(int attribute, string value) =>
        _values.Where(p => p.Value[attribute] is { } v && string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase)).Select(p => p.Key);

    /// <summary>Whether the file names <paramref name="wine"/>.</summary>
    public bool Contains(string wine) => _values.ContainsKey(wine);

    /// <summary>
    /// Builds the attributes from rows already checked (see <see cref="WinesCsv"/>; tests use it too):
    /// each row a wine and its value per attribute, <see langword="null"/> for an empty cell.
    /// </summary>
    internal static WineAttributes Create(string file, IReadOnlyList<string> attributes, IEnumerable<(string Wine, string?[] Values)> rows)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(rows);
        var result = new WineAttributes(file, [.. attributes]);
        foreach (var (wine, cells) in rows)
        {
            result._values[wine] = cells;
            for (var a = 0; a < attributes.Count; a++)
            {
                if (cells[a] is { } value && result._spellings[a].TryAdd(value, value))
                {
                    result._valueOrder[a].Add(value);
                }
            }
        }

        return result;
    }
}

/// <summary>
/// Reads <c>wines.csv</c>: a <c>wine</c> column and any attribute columns (<c>variety</c>,
/// <c>vintage</c>, <c>village</c> or <c>cru</c> are the documented ones; any other is an attribute
/// too), one row per wine (see docs/csv-formats.md). An empty cell is a wine without that attribute.
/// </summary>
internal static class WinesCsv
{
    /// <summary>The header the documentation shows.</summary>
    public const string Header = "wine,variety,vintage,village";

    private const string WineColumn = "wine";

    /// <summary>Reads the file at <paramref name="path"/>; <paramref name="delimiter"/> <see langword="null"/> detects it.</summary>
    public static ReadResult<WineAttributes> Load(string path, char? delimiter)
    {
        var table = CsvTable.Load(path, delimiter, Header);
        return table.Value is null ? ReadResult<WineAttributes>.Failure(table.Errors, table.Warnings) : Read(table.Value);
    }

    /// <summary>Interprets an already split file.</summary>
    public static ReadResult<WineAttributes> Read(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var errors = new ErrorList(table.File);
        var warnings = new List<InputWarning>();
        foreach (var error in table.Malformed)
        {
            errors.Add(error.Line, error.Column, error.Message);
        }

        // Every named column but wine is an attribute; an empty header cell (a trailing delimiter) is nothing.
        var header = table.Header;
        var wineIndex = -1;
        var attributes = new List<(string Name, int Index)>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Length; i++)
        {
            var name = header.Fields[i].Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (seen.TryGetValue(name, out var first))
            {
                errors.Add(header.Line, i + 1, string.Create(CultureInfo.InvariantCulture,
                    $"column {InputLocation.Quote(name.ToLowerInvariant())} appears twice in the header (fields {first + 1} and {i + 1})"));
                continue;
            }

            seen[name] = i;
            if (string.Equals(name, WineColumn, StringComparison.OrdinalIgnoreCase))
            {
                wineIndex = i;
            }
            else
            {
                attributes.Add((name, i));
            }
        }

        if (wineIndex < 0)
        {
            errors.Add(header.Line, null,
                $"missing required column 'wine': the header line names the wine and its attributes, e.g. '{Header}' (any order, any case)");
        }
        else if (attributes.Count == 0)
        {
            errors.Add(header.Line, null, $"the header names no attribute: add columns such as variety, vintage, village after 'wine' (e.g. '{Header}')");
        }

        if (errors.Count > 0)
        {
            return ReadResult<WineAttributes>.Failure(errors.ToList(), warnings);
        }

        if (table.Rows.Count == 0 && table.Malformed.Count == 0)
        {
            errors.Add(header.Line, null, "the file has a header line but no wine: add one line per wine with its attributes");
        }

        var rows = new List<(string Wine, string?[] Values)>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in table.Rows)
        {
            if (errors.IsFull)
            {
                errors.Stop();
                break;
            }

            var ok = CheckExtraFields(record, header.Fields.Length, table.Delimiter, errors);
            var wine = record[wineIndex];
            if (wine.Length == 0)
            {
                errors.Add(record.Line, wineIndex + 1, "wine is empty; every line names a wine and its attributes");
                ok = false;
            }
            else if (lineOf.TryGetValue(wine, out var firstLine))
            {
                errors.Add(record.Line, wineIndex + 1, string.Create(CultureInfo.InvariantCulture,
                    $"wine {InputLocation.Quote(wine)} appears twice (lines {firstLine} and {record.Line}); give each wine one line"));
                ok = false;
            }
            else
            {
                lineOf[wine] = record.Line;
            }

            if (ok)
            {
                rows.Add((wine, [.. attributes.Select(a => record[a.Index] is { Length: > 0 } value ? value : null)]));
            }
        }

        return errors.Count > 0
            ? ReadResult<WineAttributes>.Failure(errors.ToList(), warnings)
            : ReadResult<WineAttributes>.Success(WineAttributes.Create(table.File, [.. attributes.Select(a => a.Name)], rows), warnings);
    }

    /// <summary>
    /// Warnings for the wines of the cellar that <paramref name="attributes"/> does not list: they count
    /// as having no value for any attribute, so their share rolls up under "no value".
    /// </summary>
    public static IEnumerable<InputWarning> MissingWines(WineAttributes attributes, IEnumerable<string> cellarWines, string tanksFile)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(cellarWines);
        var missing = cellarWines.Where(w => !attributes.Contains(w)).ToList();
        if (missing.Count == 0)
        {
            yield break;
        }

        const int MaxShown = 10;
        var names = string.Join(", ", missing.Take(MaxShown).Select(InputLocation.Quote))
            + (missing.Count > MaxShown ? string.Create(CultureInfo.InvariantCulture, $" and {missing.Count - MaxShown} more") : string.Empty);
        yield return new InputWarning(attributes.File, null, null, string.Create(CultureInfo.InvariantCulture,
            $"{missing.Count} wine{(missing.Count == 1 ? string.Empty : "s")} of {tanksFile} {(missing.Count == 1 ? "is" : "are")} not listed ({names}): {(missing.Count == 1 ? "it counts" : "they count")} as having no {string.Join(", no ", attributes.Attributes)}"));
    }

    private static bool CheckExtraFields(CsvRecord record, int headerFields, char delimiter, ErrorList errors)
    {
        for (var i = headerFields; i < record.Fields.Length; i++)
        {
            if (record.Fields[i].Length > 0)
            {
                var hint = delimiter == ',' ? "; quote a value that contains ','" : "; quote a value that contains the delimiter";
                errors.Add(record.Line, i + 1, string.Create(CultureInfo.InvariantCulture,
                    $"the line has {record.Fields.Length} fields but the header has {headerFields}{hint}"));
                return false;
            }
        }

        return true;
    }
}
