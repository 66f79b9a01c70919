using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// The lots of a lots file, and where each was written, so that checks against the tanks can point at the line.
/// </summary>
/// <param name="File">The file as given on the command line.</param>
/// <param name="Lots">The lots by name (ordinal).</param>
/// <param name="Lines">The 1-based line where each lot first appears.</param>
/// <param name="WineLines">Per wine, the first line and lot that name it.</param>
/// <param name="LotColumn">The 1-based field number of the lot column.</param>
/// <param name="WineColumn">The 1-based field number of the wine column.</param>
internal sealed record LotsFile(
    string File,
    ImmutableSortedDictionary<string, Lot> Lots,
    ImmutableDictionary<string, int> Lines,
    ImmutableDictionary<string, (int Line, string Lot)> WineLines,
    int LotColumn,
    int WineColumn);

/// <summary>
/// Reads <c>lots.csv</c>: one row per wine of a lot, columns <c>lot,wine,percent</c> (see
/// docs/csv-formats.md). A lot's percentages are weights, normalised like a formula's.
/// </summary>
internal static class LotsCsv
{
    /// <summary>The header the file should have.</summary>
    public const string Header = "lot,wine,percent";

    private const string LotColumn = "lot";
    private const string WineColumn = "wine";
    private const string PercentColumn = "percent";

    /// <summary>Reads the file at <paramref name="path"/>; <paramref name="delimiter"/> <see langword="null"/> detects it.</summary>
    public static ReadResult<LotsFile> Load(string path, char? delimiter)
    {
        var table = CsvTable.Load(path, delimiter, Header);
        return table.Value is null ? ReadResult<LotsFile>.Failure(table.Errors, table.Warnings) : Read(table.Value);
    }

    /// <summary>Interprets an already split file.</summary>
    public static ReadResult<LotsFile> Read(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var errors = new ErrorList(table.File);
        var warnings = new List<InputWarning>();
        foreach (var error in table.Malformed)
        {
            errors.Add(error.Line, error.Column, error.Message);
        }

        var columns = ColumnMap.Resolve(table, [LotColumn, WineColumn, PercentColumn], errors, warnings);
        if (columns is null)
        {
            return ReadResult<LotsFile>.Failure(errors.ToList(), warnings);
        }

        if (table.Rows.Count == 0 && table.Malformed.Count == 0)
        {
            errors.Add(table.Header.Line, null, "the file has a header line but no lot: add one line per wine of each lot (lot,wine,percent)");
        }

        // Lots in order of first appearance; a lot's lines need not be together.
        var lines = new Dictionary<string, List<LotLine>>(StringComparer.Ordinal);
        var firstLine = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var wineLines = ImmutableDictionary.CreateBuilder<string, (int Line, string Lot)>(StringComparer.Ordinal);
        var lineOfWine = new Dictionary<(string Lot, string Wine), int>();
        foreach (var record in table.Rows)
        {
            if (errors.IsFull)
            {
                errors.Stop();
                break;
            }

            var ok = columns.CheckExtraFields(record, table.Delimiter, errors);
            var lot = record[columns[LotColumn]];
            if (lot.Length == 0)
            {
                errors.Add(record.Line, columns.Number(LotColumn), "lot is empty; every line names a lot and one of its wines");
                ok = false;
            }

            var wine = record[columns[WineColumn]];
            if (wine.Length == 0)
            {
                errors.Add(record.Line, columns.Number(WineColumn), lot.Length == 0
                    ? "wine is empty; every line names one wine of a lot"
                    : $"wine is empty; every line of lot {InputLocation.Quote(lot)} names one of its wines");
                ok = false;
            }
            else if (lot.Length > 0 && !lineOfWine.TryAdd((lot, wine), record.Line))
            {
                errors.Add(record.Line, columns.Number(WineColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"lot {InputLocation.Quote(lot)} names wine {InputLocation.Quote(wine)} twice (lines {lineOfWine[(lot, wine)]} and {record.Line}); give each wine of a lot one line"));
                ok = false;
            }

            var percentText = record[columns[PercentColumn]];
            var problem = CsvNumber.TryParse(percentText, table.Delimiter == ';', allowPercent: true, out var percent);
            if (problem != NumberProblem.None || percent <= 0 || percent > FormulaCsv.MaxPercent)
            {
                var advice = problem != NumberProblem.None ? CsvNumber.Advice(problem, table.Delimiter)
                    : percent <= 0 ? "leave out a wine that is not in the lot"
                    : string.Create(CultureInfo.InvariantCulture, $"the largest percentage accepted is {FormulaCsv.MaxPercent}");
                errors.Add(record.Line, columns.Number(PercentColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"percent must be a positive number, got {InputLocation.Quote(percentText)}{(advice.Length > 0 ? ": " + advice : string.Empty)}"));
                ok = false;
            }

            if (lot.Length > 0)
            {
                firstLine.TryAdd(lot, record.Line);
            }

            if (!ok)
            {
                continue;
            }

            if (!lines.TryGetValue(lot, out var list))
            {
                lines[lot] = list = [];
            }

            list.Add(new LotLine(wine, percent));
            wineLines.TryAdd(wine, (record.Line, lot));
        }

        if (errors.Count > 0)
        {
            return ReadResult<LotsFile>.Failure(errors.ToList(), warnings);
        }

        var lots = ImmutableSortedDictionary.CreateBuilder<string, Lot>(StringComparer.Ordinal);
        foreach (var (name, list) in lines.OrderBy(l => firstLine[l.Key]))
        {
            var lot = new Lot(name, list);
            lots[name] = lot;
            if (Math.Abs(lot.TotalPercent - 100m) > FormulaCsv.SumTolerance)
            {
                warnings.Add(new InputWarning(table.File, firstLine[name], columns.Number(PercentColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"the percentages of lot {InputLocation.Quote(name)} add up to {lot.TotalPercent}, not 100; they are used as weights (each divided by {lot.TotalPercent})")));
            }

            if (lot.Lines.Length == 1)
            {
                warnings.Add(new InputWarning(table.File, firstLine[name], columns.Number(WineColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"lot {InputLocation.Quote(name)} holds only {InputLocation.Quote(lot.Lines[0].Wine)}: its tanks are tanks of that wine, and reports name the wine")));
            }
        }

        return ReadResult<LotsFile>.Success(
            new LotsFile(table.File, lots.ToImmutable(), firstLine.ToImmutable(), wineLines.ToImmutable(), columns.Number(LotColumn), columns.Number(WineColumn)),
            warnings);
    }
}
