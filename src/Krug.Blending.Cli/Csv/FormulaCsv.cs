using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Csv;

/// <summary>A formula and where each wine was written, so that later checks can point at the line.</summary>
/// <param name="Formula">The formula.</param>
/// <param name="File">The file as given on the command line.</param>
/// <param name="Lines">The 1-based line of each wine.</param>
/// <param name="WineColumn">The 1-based field number of the wine column.</param>
internal sealed record FormulaFile(Formula Formula, string File, ImmutableDictionary<string, int> Lines, int WineColumn);

/// <summary>
/// Reads <c>formula.csv</c>: one row per wine, columns <c>wine,percent</c> (see docs/csv-formats.md).
/// Percentages are weights: they are normalised, with a warning when they are far from 100.
/// </summary>
internal static class FormulaCsv
{
    /// <summary>The header the file should have.</summary>
    public const string Header = "wine,percent";

    /// <summary>How far from 100 the percentages may add up before a warning, in percentage points.</summary>
    public const decimal SumTolerance = 0.5m;

    /// <summary>The largest weight accepted; far above 100, far below an overflow.</summary>
    public const decimal MaxPercent = 1_000_000_000m;

    private const string WineColumn = "wine";
    private const string PercentColumn = "percent";

    /// <summary>Reads the file at <paramref name="path"/>; <paramref name="delimiter"/> <see langword="null"/> detects it.</summary>
    public static ReadResult<FormulaFile> Load(string path, char? delimiter)
    {
        var table = CsvTable.Load(path, delimiter, Header);
        return table.Value is null ? ReadResult<FormulaFile>.Failure(table.Errors, table.Warnings) : Read(table.Value);
    }

    /// <summary>Interprets an already split file.</summary>
    public static ReadResult<FormulaFile> Read(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var errors = new ErrorList(table.File);
        var warnings = new List<InputWarning>();
        foreach (var error in table.Malformed)
        {
            errors.Add(error.Line, error.Column, error.Message);
        }

        var columns = ColumnMap.Resolve(table, [WineColumn, PercentColumn], errors, warnings);
        if (columns is null)
        {
            return ReadResult<FormulaFile>.Failure(errors.ToList(), warnings);
        }

        if (table.Rows.Count == 0 && table.Malformed.Count == 0)
        {
            errors.Add(table.Header.Line, null, "the file has a header line but no wine: add one line per wine of the blend (wine,percent)");
        }

        var lines = new List<FormulaLine>();
        var lineOf = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var record in table.Rows)
        {
            if (errors.IsFull)
            {
                errors.Stop();
                break;
            }

            var ok = columns.CheckExtraFields(record, table.Delimiter, errors);
            var wine = record[columns[WineColumn]];
            if (wine.Length == 0)
            {
                errors.Add(record.Line, columns.Number(WineColumn), "wine is empty; every line names a wine of the cellar");
                ok = false;
            }
            else if (lineOf.TryGetValue(wine, out var firstLine))
            {
                errors.Add(record.Line, columns.Number(WineColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"wine {InputLocation.Quote(wine)} appears twice (lines {firstLine} and {record.Line}); give each wine one line"));
                ok = false;
            }
            else
            {
                lineOf[wine] = record.Line;
            }

            var percentText = record[columns[PercentColumn]];
            var problem = CsvNumber.TryParse(percentText, table.Delimiter == ';', allowPercent: true, out var percent);
            if (problem != NumberProblem.None || percent <= 0 || percent > MaxPercent)
            {
                var advice = problem != NumberProblem.None ? CsvNumber.Advice(problem, table.Delimiter)
                    : percent <= 0 ? "leave out a wine that has no part in the blend"
                    : string.Create(CultureInfo.InvariantCulture, $"the largest percentage accepted is {MaxPercent}");
                errors.Add(record.Line, columns.Number(PercentColumn), string.Create(
                    CultureInfo.InvariantCulture,
                    $"percent must be a positive number, got {InputLocation.Quote(percentText)}{(advice.Length > 0 ? ": " + advice : string.Empty)}"));
                ok = false;
            }

            if (ok)
            {
                lines.Add(new FormulaLine(wine, percent));
            }
        }

        if (errors.Count > 0)
        {
            return ReadResult<FormulaFile>.Failure(errors.ToList(), warnings);
        }

        var formula = new Formula(lines);
        if (Math.Abs(formula.TotalPercent - 100m) > SumTolerance)
        {
            warnings.Add(new InputWarning(table.File, null, null, string.Create(
                CultureInfo.InvariantCulture,
                $"the percentages add up to {formula.TotalPercent}, not 100; they are used as weights (each divided by {formula.TotalPercent})")));
        }

        return ReadResult<FormulaFile>.Success(new FormulaFile(formula, table.File, lineOf.ToImmutable(), columns.Number(WineColumn)), warnings);
    }
}
