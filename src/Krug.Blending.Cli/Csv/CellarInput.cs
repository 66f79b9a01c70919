using System.Globalization;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Csv;

/// <summary>The cellar and formula of one command run, read and checked against each other.</summary>
/// <param name="Cellar">The cellar at the start.</param>
/// <param name="Formula">The target blend.</param>
/// <param name="TanksFile">The tanks file as given on the command line.</param>
/// <param name="FormulaFile">The formula file as given on the command line.</param>
/// <param name="LotsFile">The lots file as given on the command line, or <see langword="null"/> without one.</param>
internal sealed record CellarInput(Cellar Cellar, Formula Formula, string TanksFile, string FormulaFile, string? LotsFile = null)
{
    /// <summary>Every input file read, as given on the command line: no output may overwrite one.</summary>
    public string[] InputFiles => LotsFile is null ? [TanksFile, FormulaFile] : [TanksFile, FormulaFile, LotsFile];

    /// <summary>
    /// Reads the files, reporting the errors of each, then checks that every wine of the formula is
    /// in at least one tank (alone or in a lot). Wines of the cellar missing from the formula are
    /// fine: their target is 0 %.
    /// </summary>
    /// <param name="tanksPath">tanks.csv as given on the command line.</param>
    /// <param name="formulaPath">formula.csv as given on the command line.</param>
    /// <param name="lotsPath">lots.csv as given on the command line, or <see langword="null"/> without one.</param>
    /// <param name="delimiter">The delimiter of every file, or <see langword="null"/> to detect each.</param>
    /// <param name="unitLabel">The volume unit label.</param>
    public static ReadResult<CellarInput> Load(string tanksPath, string formulaPath, string? lotsPath, char? delimiter, string unitLabel)
    {
        var tanks = TanksCsv.Load(tanksPath, delimiter, unitLabel, lotsPath);
        var formula = FormulaCsv.Load(formulaPath, delimiter);
        var warnings = tanks.Warnings.Concat(formula.Warnings).ToList();
        if (tanks.Value is not { } cellar || formula.Value is not { } formulaFile)
        {
            return ReadResult<CellarInput>.Failure(tanks.Errors.Concat(formula.Errors), warnings);
        }

        var errors = new ErrorList(formulaFile.File);
        var wines = cellar.Wines.ToHashSet(StringComparer.Ordinal);
        foreach (var line in formulaFile.Formula.Lines.Where(l => !wines.Contains(l.Wine)))
        {
            if (cellar.Lots.TryGetValue(line.Wine, out var lot))
            {
                errors.Add(formulaFile.Lines[line.Wine], formulaFile.WineColumn, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{InputLocation.Quote(line.Wine)} is a lot, not a wine; a formula names wines (the lot holds {string.Join(", ", lot.Composition.Shares.Keys.Select(InputLocation.Quote))})"));
                continue;
            }

            // A case or spacing slip is the usual cause; name the wine the user probably meant.
            var near = cellar.Wines.FirstOrDefault(w => string.Equals(Simplify(w), Simplify(line.Wine), StringComparison.OrdinalIgnoreCase));
            var hint = near is null ? string.Empty : $" (did you mean {InputLocation.Quote(near)}?)";
            var where = cellar.Lots.IsEmpty ? "fills no tank" : "is in no tank, alone or in a lot,";
            errors.Add(formulaFile.Lines[line.Wine], formulaFile.WineColumn, string.Create(
                CultureInfo.InvariantCulture,
                $"wine {InputLocation.Quote(line.Wine)} {where} in {tanksPath}{hint}; every wine of the formula must fill at least one tank"));
        }

        if (errors.Count > 0)
        {
            return ReadResult<CellarInput>.Failure(errors.ToList(), warnings);
        }

        return ReadResult<CellarInput>.Success(new CellarInput(cellar, formulaFile.Formula, tanksPath, formulaPath, lotsPath), warnings);
    }

    private static string Simplify(string wine) => string.Join(' ', wine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
