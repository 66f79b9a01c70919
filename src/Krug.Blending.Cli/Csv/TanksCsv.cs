using System.Globalization;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// Reads <c>tanks.csv</c>: one row per tank, columns <c>tank,capacity,wine</c> (see docs/csv-formats.md).
/// The integer volume unit is the smallest one that holds every capacity exactly: with a capacity of
/// 12.5 hL the cellar counts in tenths of a hectolitre.
/// </summary>
internal static class TanksCsv
{
    /// <summary>The header the file should have.</summary>
    public const string Header = "tank,capacity,wine";

    /// <summary>The largest capacity accepted, in the file's unit; far above any tank, far below an overflow.</summary>
    public const decimal MaxCapacity = 1_000_000_000m;

    private const string TankColumn = "tank";
    private const string CapacityColumn = "capacity";
    private const string WineColumn = "wine";

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">The path as given on the command line.</param>
    /// <param name="delimiter">The delimiter, or <see langword="null"/> to detect it.</param>
    /// <param name="unitLabel">The unit label for reports (only a label: numbers are as written).</param>
    public static ReadResult<Cellar> Load(string path, char? delimiter, string unitLabel)
    {
        var table = CsvTable.Load(path, delimiter, Header);
        return table.Value is null ? ReadResult<Cellar>.Failure(table.Errors, table.Warnings) : Read(table.Value, unitLabel);
    }

    /// <summary>Interprets an already split file.</summary>
    public static ReadResult<Cellar> Read(CsvTable table, string unitLabel)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(unitLabel);
        var errors = new ErrorList(table.File);
        var warnings = new List<InputWarning>();
        foreach (var error in table.Malformed)
        {
            errors.Add(error.Line, error.Column, error.Message);
        }

        var columns = ColumnMap.Resolve(table, [TankColumn, CapacityColumn, WineColumn], errors, warnings);
        if (columns is null)
        {
            return ReadResult<Cellar>.Failure(errors.ToList(), warnings);
        }

        if (table.Rows.Count == 0 && table.Malformed.Count == 0)
        {
            errors.Add(table.Header.Line, null, "the file has a header line but no tank: add one line per tank (tank,capacity,wine)");
        }

        var rows = new List<(string Id, decimal Capacity, string? Wine)>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var decimalComma = table.Delimiter == ';';
        foreach (var record in table.Rows)
        {
            if (errors.IsFull)
            {
                errors.Stop();
                break;
            }

            var ok = columns.CheckExtraFields(record, table.Delimiter, errors);
            var id = record[columns[TankColumn]];
            if (id.Length == 0)
            {
                errors.Add(record.Line, columns.Number(TankColumn), "tank id is empty; every tank needs a unique id");
                ok = false;
            }
            else if (lineOf.TryGetValue(id, out var firstLine))
            {
                errors.Add(record.Line, columns.Number(TankColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"tank {InputLocation.Quote(id)} appears twice (lines {firstLine} and {record.Line}); tank ids must be unique"));
                ok = false;
            }
            else
            {
                lineOf[id] = record.Line;
            }

            var capacityText = record[columns[CapacityColumn]];
            var problem = CsvNumber.TryParse(capacityText, decimalComma, allowPercent: false, out var capacity);
            if (problem != NumberProblem.None || capacity <= 0 || CsvNumber.SignificantDecimals(capacity) > VolumeUnit.MaxDecimals || capacity > MaxCapacity)
            {
                var decimals = problem == NumberProblem.None ? CsvNumber.SignificantDecimals(capacity) : 0;
                var advice = problem != NumberProblem.None ? CsvNumber.Advice(problem, table.Delimiter)
                    : capacity > MaxCapacity ? string.Create(CultureInfo.InvariantCulture, $"the largest capacity accepted is {MaxCapacity}")
                    : decimals > VolumeUnit.MaxDecimals ? string.Create(CultureInfo.InvariantCulture, $"it has {decimals} decimals") +
                        (capacityText.Contains(',', StringComparison.Ordinal) ? " (in a file separated by ';' the comma is the decimal separator: remove any thousands separator)" : string.Empty)
                    : string.Empty;
                errors.Add(record.Line, columns.Number(CapacityColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"capacity must be a positive number with at most {VolumeUnit.MaxDecimals} decimals, got {InputLocation.Quote(capacityText)}{(advice.Length > 0 ? ": " + advice : string.Empty)}"));
                ok = false;
            }

            var wine = record[columns[WineColumn]];
            if (ok)
            {
                rows.Add((id, capacity, wine.Length == 0 ? null : wine));
            }
        }

        if (errors.Count > 0)
        {
            return ReadResult<Cellar>.Failure(errors.ToList(), warnings);
        }

        var unit = new VolumeUnit(unitLabel, rows.Max(r => CsvNumber.SignificantDecimals(r.Capacity)));
        var tanks = rows.Select(r => unit.TryFromDecimal(r.Capacity, out var volume)
            ? new Tank(r.Id, volume, r.Wine)
            : throw new InvalidOperationException($"Capacity {r.Capacity} does not fit the unit it was chosen for."));
        return ReadResult<Cellar>.Success(new Cellar(tanks, unit), warnings);
    }
}
