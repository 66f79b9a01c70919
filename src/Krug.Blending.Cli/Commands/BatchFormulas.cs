using System.Globalization;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Domain;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>One formula of a batch: its name (also its output folder), where it came from, and the formula or why it is unusable.</summary>
internal sealed record BatchFormula(string Name, string Source, Formula? Formula, string? Error);

/// <summary>Reads the formulas of a batch: a folder of formula CSVs, or one CSV with a leading formula column.</summary>
internal static class BatchFormulas
{
    /// <summary>The formulas in a stable order (file names, or first appearance in the file); <see langword="null"/> when the path cannot be read at all.</summary>
    public static List<BatchFormula>? Load(string path, char? delimiter, ILogger logger)
    {
        List<BatchFormula>? entries;
        if (Directory.Exists(path))
        {
            entries = [.. Directory.EnumerateFiles(path, "*.csv")
                .Order(StringComparer.Ordinal)
                .Select(file => FromFile(file, delimiter, logger))];
            if (entries.Count == 0)
            {
                logger.Error("{Path}: the folder holds no .csv formula file.", path);
                return null;
            }
        }
        else
        {
            entries = FromMultiFile(path, delimiter, logger);
        }

        return entries is null ? null : Unique(entries);
    }

    private static BatchFormula FromFile(string file, char? delimiter, ILogger logger)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var result = FormulaCsv.Load(file, delimiter);
        foreach (var warning in result.Warnings)
        {
            logger.Warning("{Warning}", warning.ToString());
        }

        return result.Value is { } formula
            ? new BatchFormula(name, file, formula.Formula, null)
            : new BatchFormula(name, file, null, string.Join("; ", result.Errors.Select(e => e.ToString())));
    }

    private static List<BatchFormula>? FromMultiFile(string path, char? delimiter, ILogger logger)
    {
        var table = InputOptions.Log(CsvTable.Load(path, delimiter, MultiFormulaHeaderText), logger);
        if (table is null)
        {
            return null;
        }

        var errors = new ErrorList(table.File);
        var warnings = new List<InputWarning>();
        var columns = ColumnMap.Resolve(table, ["formula", "wine", "percent"], errors, warnings);
        foreach (var warning in warnings)
        {
            logger.Warning("{Warning}", warning.ToString());
        }

        if (columns is null)
        {
            foreach (var error in errors.ToList())
            {
                logger.Error("{Error}", error.ToString());
            }

            return null;
        }

        foreach (var malformed in table.Malformed)
        {
            logger.Error("{Error}", malformed.ToString());
        }

        if (table.Malformed.Count > 0)
        {
            return null;
        }

        var groups = table.Rows
            .GroupBy(r => r[columns["formula"]].Trim(), StringComparer.Ordinal)
            .ToList();
        if (groups.Count == 0)
        {
            logger.Error("{Path}: the file has a header line but no formula.", path);
            return null;
        }

        return [.. groups.Select(group => FromRows(group.Key.Length == 0 ? "unnamed" : group.Key, table, columns, group.ToList()))];
    }

    private static string MultiFormulaHeaderText => BatchCommand.MultiFormulaHeader;

    private static BatchFormula FromRows(string name, CsvTable table, ColumnMap columns, List<CsvRecord> rows)
    {
        var problems = new List<string>();
        var lines = new List<FormulaLine>();
        foreach (var record in rows)
        {
            var wine = record[columns["wine"]];
            var text = record[columns["percent"]];
            var problem = CsvNumber.TryParse(text, table.Delimiter == ';', allowPercent: true, out var percent);
            if (wine.Length == 0)
            {
                problems.Add(InputLocation.Format(table.File, record.Line, columns.Number("wine"), "wine is empty"));
            }
            else if (problem != NumberProblem.None || percent <= 0 || percent > FormulaCsv.MaxPercent)
            {
                problems.Add(InputLocation.Format(table.File, record.Line, columns.Number("percent"),
                    $"percent must be a positive number, got {InputLocation.Quote(text)}"));
            }
            else if (lines.Any(l => l.Wine == wine))
            {
                problems.Add(InputLocation.Format(table.File, record.Line, columns.Number("wine"), $"wine {InputLocation.Quote(wine)} appears twice in formula {InputLocation.Quote(name)}"));
            }
            else
            {
                lines.Add(new FormulaLine(wine, percent));
            }
        }

        if (name == "unnamed")
        {
            problems.Insert(0, $"{table.File}: {rows.Count} line(s) have an empty formula name");
        }

        return problems.Count > 0
            ? new BatchFormula(name, table.File, null, string.Join("; ", problems))
            : new BatchFormula(name, table.File, new Formula(lines), null);
    }

    // A formula name becomes a folder name: characters no file system accepts are replaced, and a clash gets a number.
    private static List<BatchFormula> Unique(List<BatchFormula> entries)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "summary.csv", "summary.json" };
        var result = new List<BatchFormula>(entries.Count);
        foreach (var entry in entries)
        {
            var safe = new string([.. entry.Name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c)]).Trim();
            if (safe.Length == 0 || safe.All(c => c == '.'))
            {
                safe = "formula";
            }

            var name = safe;
            for (var n = 2; !used.Add(name); n++)
            {
                name = safe + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            result.Add(entry with { Name = name });
        }

        return result;
    }
}
