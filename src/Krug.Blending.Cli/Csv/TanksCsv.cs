using System.Globalization;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// Reads <c>tanks.csv</c>: one row per tank, columns <c>tank,capacity,wine</c> and optionally <c>lot</c>
/// (a tank of a lot of <c>lots.csv</c>; see docs/csv-formats.md). The integer volume unit is the
/// smallest one that holds every capacity exactly: with a capacity of 12.5 hL the cellar counts in
/// tenths of a hectolitre.
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
    private const string LotColumn = "lot";

    /// <summary>Reads the file at <paramref name="path"/>, and the lots file its tanks may name.</summary>
    /// <param name="path">The path as given on the command line.</param>
    /// <param name="delimiter">The delimiter, or <see langword="null"/> to detect it.</param>
    /// <param name="unitLabel">The unit label for reports (only a label: numbers are as written).</param>
    /// <param name="lotsPath">lots.csv as given on the command line, or <see langword="null"/> without one.</param>
    public static ReadResult<Cellar> Load(string path, char? delimiter, string unitLabel, string? lotsPath = null)
    {
        var lots = lotsPath is null ? null : LotsCsv.Load(lotsPath, delimiter);
        var table = CsvTable.Load(path, delimiter, Header);
        if (table.Value is null)
        {
            return ReadResult<Cellar>.Failure(
                table.Errors.Concat(lots?.Errors ?? []),
                table.Warnings.Concat(lots?.Warnings ?? []));
        }

        return Read(table.Value, unitLabel, lots);
    }

    /// <summary>
    /// Interprets an already split file whose tanks may name the lots of <paramref name="lots"/> (the
    /// lots file as read, or <see langword="null"/> when none was given). When the lots file has
    /// errors, the tanks file is still checked and both files' errors come back.
    /// </summary>
    public static ReadResult<Cellar> Read(CsvTable table, string unitLabel, ReadResult<LotsFile>? lots = null)
    {
        var (errors, tankWarnings, cellar) = ReadTanks(table, unitLabel, lots?.Value, lotsGiven: lots is not null);
        var warnings = (lots?.Warnings ?? []).Concat(tankWarnings);
        var allErrors = errors.Concat(lots?.Errors ?? []).ToList();
        return cellar is not null && allErrors.Count == 0
            ? ReadResult<Cellar>.Success(cellar, warnings)
            : ReadResult<Cellar>.Failure(allErrors, warnings);
    }

    /// <summary>The tanks file's errors and warnings, and the cellar when there is no error and the lots (if any) could be read.</summary>
    private static (IReadOnlyList<InputError> Errors, List<InputWarning> Warnings, Cellar? Cellar) ReadTanks(CsvTable table, string unitLabel, LotsFile? lots, bool lotsGiven)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(unitLabel);
        var errors = new ErrorList(table.File);
        var warnings = new List<InputWarning>();
        foreach (var error in table.Malformed)
        {
            errors.Add(error.Line, error.Column, error.Message);
        }

        var columns = ColumnMap.Resolve(table, [TankColumn, CapacityColumn, WineColumn], errors, warnings, [LotColumn]);
        if (columns is null)
        {
            return (errors.ToList(), warnings, null);
        }

        if (table.Rows.Count == 0 && table.Malformed.Count == 0)
        {
            errors.Add(table.Header.Line, null, "the file has a header line but no tank: add one line per tank (tank,capacity,wine)");
        }

        var rows = new List<(string Id, decimal Capacity, string? Wine, Lot? Lot)>();
        var wineLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedLots = new HashSet<string>(StringComparer.Ordinal);
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
            var lotName = columns.Has(LotColumn) ? record[columns[LotColumn]] : string.Empty;
            Lot? lot = null;
            if (lotName.Length > 0)
            {
                usedLots.Add(lotName);
                if (wine.Length > 0)
                {
                    errors.Add(record.Line, columns.Number(LotColumn), string.Create(
                        CultureInfo.InvariantCulture,
                        $"tank {InputLocation.Quote(id)} names both wine {InputLocation.Quote(wine)} and lot {InputLocation.Quote(lotName)}; a full tank holds one wine or one lot: leave the other cell empty"));
                    ok = false;
                }
                else if (lots?.Lots.GetValueOrDefault(lotName) is { } known)
                {
                    lot = known;
                }
                else
                {
                    // Without a readable lots file the name cannot be checked; the lots file's own errors say why.
                    if (lots is not null || !lotsGiven)
                    {
                        errors.Add(record.Line, columns.Number(LotColumn), UnknownLot(lotName, lots));
                    }

                    ok = false;
                }
            }
            else if (wine.Length > 0)
            {
                wineLines.TryAdd(wine, record.Line);
            }

            if (ok)
            {
                rows.Add((id, capacity, wine.Length == 0 ? null : wine, lot));
            }
        }

        if (errors.Count == 0 && lots is { } lotsFile)
        {
            var lotErrors = CheckLots(lotsFile, table.File, wineLines, usedLots, columns.Has(LotColumn), warnings);
            if (lotErrors.Count > 0)
            {
                return (lotErrors, warnings, null);
            }
        }

        // Unreadable lots (their file's errors come back beside these) leave some tanks unknown: no cellar.
        if (errors.Count > 0 || (lotsGiven && lots is null))
        {
            return (errors.ToList(), warnings, null);
        }

        var unit = new VolumeUnit(unitLabel, rows.Max(r => CsvNumber.SignificantDecimals(r.Capacity)));
        var tanks = rows.Select(r => !unit.TryFromDecimal(r.Capacity, out var volume)
            ? throw new InvalidOperationException($"Capacity {r.Capacity} does not fit the unit it was chosen for.")
            : r.Lot is { } lot ? Tank.OfLot(r.Id, volume, lot)
            : new Tank(r.Id, volume, r.Wine));
        return ([], warnings, new Cellar(tanks, unit));
    }

    /// <summary>
    /// Checks the lots against the tanks: lots and wines share one namespace (a lot named like a wine of
    /// a tank or of a lot is an error at the lot's line), and a lot no tank holds is a warning.
    /// </summary>
    private static IReadOnlyList<InputError> CheckLots(
        LotsFile lots, string tanksFile, Dictionary<string, int> wineLines, HashSet<string> usedLots, bool hasLotColumn, List<InputWarning> warnings)
    {
        var errors = new ErrorList(lots.File);
        foreach (var (name, line) in lots.Lines.OrderBy(l => l.Value))
        {
            if (wineLines.TryGetValue(name, out var tankLine))
            {
                errors.Add(line, lots.LotColumn, string.Create(
                    CultureInfo.InvariantCulture,
                    $"lot {InputLocation.Quote(name)} has the name of a wine ({tanksFile}:{tankLine} names it in the wine column); lots and wines need different names: a tank of the lot names it in the 'lot' column"));
            }
            else if (lots.WineLines.TryGetValue(name, out var inLot))
            {
                errors.Add(inLot.Line, lots.WineColumn, string.Create(
                    CultureInfo.InvariantCulture,
                    $"wine {InputLocation.Quote(name)} of lot {InputLocation.Quote(inLot.Lot)} is a lot itself (line {line}); a lot lists wines, not other lots: list that lot's wines instead"));
            }
            else if (!usedLots.Contains(name))
            {
                warnings.Add(new InputWarning(lots.File, line, lots.LotColumn, hasLotColumn
                    ? $"lot {InputLocation.Quote(name)} is in no tank of {tanksFile}; it is ignored"
                    : $"lot {InputLocation.Quote(name)} is in no tank: {tanksFile} has no 'lot' column naming the lot of each tank"));
            }
        }

        return errors.ToList();
    }

    private static string UnknownLot(string lot, LotsFile? lots)
    {
        if (lots is null)
        {
            return $"lot {InputLocation.Quote(lot)} is named but no lots file was given: add --lots lots.csv (lines lot,wine,percent)";
        }

        // A case or spacing slip is the usual cause; name the lot the user probably meant.
        var near = lots.Lots.Keys.FirstOrDefault(l => string.Equals(Simplify(l), Simplify(lot), StringComparison.OrdinalIgnoreCase));
        var hint = near is null ? string.Empty : $" (did you mean {InputLocation.Quote(near)}?)";
        return $"lot {InputLocation.Quote(lot)} is not in {lots.File}{hint}; every lot a tank names needs its lines there (lot,wine,percent)";
    }

    private static string Simplify(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
