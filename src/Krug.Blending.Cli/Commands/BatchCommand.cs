using System.CommandLine;
using System.Text;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Output;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Serilog;
using Serilog.Events;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// <c>krug-blend batch</c>: plans many formulas on one cellar, in parallel, and writes a plan and a
/// report per formula and one summary. A bad formula is reported in its summary row and the batch goes on.
/// </summary>
internal sealed class BatchCommand : KrugCommand
{
    /// <summary>Header of <c>summary.csv</c>.</summary>
    public const string SummaryHeader = "formula,status,max_deviation_pp,euclidean_pp,volume,transfers,steps,seconds,message,verdict,off_formula";

    /// <summary>Header of a file holding many formulas.</summary>
    public const string MultiFormulaHeader = "formula,wine,percent";

    private const string Summary =
        "Plans every formula of a folder (one formula CSV per file, named after the file) or of one CSV with a leading " +
        "formula column (formula,wine,percent) on the same cellar. For each formula it writes OUT/<formula>/plan.csv and " +
        "report.csv, then OUT/summary.csv and OUT/summary.json (formula, status, deviations, volume, transfers, steps, seconds, message). " +
        "Formulas run in parallel (--jobs); --time-limit is each formula's. Unless the time limit cuts a run short (the summary " +
        "says so), the results are those of planning the formulas one by one.\n\n" +
        "Example:\n" +
        "  krug-blend batch --tanks tanks.csv --formulas formulas/ --out results/ --time-limit 30\n\n" +
        "Exit codes: 0 every formula got a verified plan on formula, 9 some did (others got none or one off formula), 10 none did, 2 usage error, 3 the cellar or the " +
        "formulas path cannot be read, 8 an output file could not be written, 130 interrupted (docs/exit-codes.md).";

    private readonly Option<string> _tanks = new("--tanks")
    {
        Description = "The cellar: a CSV file with one line per tank, columns tank,capacity,wine.",
        HelpName = "tanks.csv",
        Required = true,
    };

    private readonly Option<string> _formulas = new("--formulas")
    {
        Description = "A folder of formula CSV files (wine,percent; the formula is named after the file), or one CSV file " +
            "whose first column names the formula (formula,wine,percent).",
        HelpName = "folder|formulas.csv",
        Required = true,
    };

    private readonly Option<string> _out = new("--out", "-o")
    {
        Description = "Folder for the results (created if needed): <formula>/plan.csv, <formula>/report.csv, summary.csv, summary.json.",
        HelpName = "folder",
        Required = true,
    };

    private readonly Option<int> _jobs = new("--jobs", "-j")
    {
        Description = "Formulas planned at the same time (default: the number of cores). Does not change any result.",
        HelpName = "n",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        CustomParser = OptionValues.Int,
        Validators = { OptionValues.WholeNumber },
    };

    private readonly InputOptions _input = new();

    private readonly RequestOptionSet _request = new(VolumeDefault.Planned);

    private readonly SolverOptionSet _solver = new();

    public BatchCommand(CliConsole console)
        : base("batch", Summary, console)
    {
        Options.Add(_tanks);
        Options.Add(_input.Lots);
        Options.Add(_formulas);
        Options.Add(_out);
        Options.Add(_jobs);
        Options.Add(_input.Delimiter);
        Options.Add(_input.Unit);
        _request.AddTo(this);
        _solver.AddTo(this);
        _jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 256)
            {
                r.AddError("--jobs must be between 1 and 256.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ILogger logger, CancellationToken cancellationToken)
    {
        var tanksPath = parseResult.GetRequiredValue(_tanks);
        var formulasPath = parseResult.GetRequiredValue(_formulas);
        var outFolder = parseResult.GetRequiredValue(_out);
        var delimiter = parseResult.GetValue(_input.Delimiter);
        var lotsPath = parseResult.GetValue(_input.Lots);
        var cellar = InputOptions.Log(TanksCsv.Load(tanksPath, delimiter, parseResult.GetValue(_input.Unit) ?? InputOptions.DefaultUnit, lotsPath), logger);
        if (cellar is null)
        {
            return ExitCodes.InputError;
        }

        var entries = BatchFormulas.Load(formulasPath, delimiter, logger);
        if (entries is null)
        {
            return ExitCodes.InputError;
        }

        if (!_request.TryReadWines(parseResult, cellar, tanksPath, delimiter, logger, out var attributes))
        {
            return ExitCodes.InputError;
        }

        var template = _request.Parse(parseResult, cellar, tanksPath, logger, attributes);
        if (template is null)
        {
            return ExitCodes.UsageError;
        }

        var settings = _solver.ToSettings(parseResult);

        var inputs = new List<string> { tanksPath };
        if (lotsPath is not null)
        {
            inputs.Add(lotsPath);
        }

        inputs.AddRange(new[] { parseResult.GetValue(_request.Wines), parseResult.GetValue(OptionsFile.Option) }.OfType<string>());
        inputs.AddRange(entries.Select(e => e.Source));
        string[] outputs = ["summary.csv", "summary.json", .. entries.SelectMany(e => new[] { Path.Combine(e.Name, "plan.csv"), Path.Combine(e.Name, "report.csv") })];
        if (OutputTarget.FolderOutputsProblem(outFolder, outputs, inputs) is { } problem)
        {
            logger.Error("{Error}", problem);
            return ExitCodes.OutputError;
        }

        var jobs = parseResult.GetValue(_jobs);
        logger.Information(
            "Planning {Count} formulas on {Tanks} tanks, {Jobs} at a time, time limit {Seconds} s each.",
            entries.Count, cellar.Tanks.Length, jobs, parseResult.GetValue(_solver.TimeLimit));

        var progress = new BatchProgress(Console, logger, entries.Count, Console.IsErrorTerminal && GlobalOptions.LogLevel(parseResult) <= LogEventLevel.Information);
        var rows = new BatchRow[entries.Count];
        var outputFailed = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = jobs },
            (index, _) =>
            {
                var entry = entries[index];
                progress.Started(entry.Name);
                var (row, written) = Run(entry, template, attributes, settings, () => _solver.StartBudget(parseResult, Console, countStartUp: false), outFolder, inputs, logger, cancellationToken);
                rows[index] = row;
                if (!written)
                {
                    Interlocked.Increment(ref outputFailed);
                }

                progress.Finished(row);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
        progress.Done();

        var summaryWritten = WriteSummary(outFolder, rows, cellar.Unit, EffectiveOptions.From(parseResult), inputs, logger);
        var succeeded = rows.Count(r => r.Succeeded);
        var planned = rows.Count(r => r.Blend is not null);
        logger.Information("{Succeeded} of {Count} formulas got a verified plan on formula ({OffFormula} more off formula); summary in {Folder}.",
            succeeded, rows.Length, planned - succeeded, outFolder);
        if (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        if (!summaryWritten || outputFailed > 0)
        {
            return ExitCodes.OutputError;
        }

        return succeeded == rows.Length ? ExitCodes.Success
            : planned > 0 ? ExitCodes.BatchPartial
            : ExitCodes.BatchFailed;
    }

    private static (BatchRow Row, bool Written) Run(
        BatchFormula entry,
        RequestTemplate template,
        WineAttributes? attributes,
        SolverSettings settings,
        Func<Budget> startBudget,
        string outFolder,
        IReadOnlyList<string> inputs,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var cellar = template.Cellar;
        if (entry.Formula is not { } formula)
        {
            return (BatchRow.Failed(entry.Name, "input-error", entry.Error ?? "the formula cannot be read"), true);
        }

        var missing = formula.Lines.Where(l => !cellar.Wines.Contains(l.Wine, StringComparer.Ordinal)).Select(l => l.Wine).ToList();
        if (missing.Count > 0)
        {
            return (BatchRow.Failed(entry.Name, "input-error", $"{entry.Source}: wine {string.Join(", ", missing)} is in no tank of the cellar, alone or in a lot"), true);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return (BatchRow.Failed(entry.Name, "skipped", "interrupted before this formula was planned"), true);
        }

        PlanningResult result;
        try
        {
            result = BlendPlanner.Plan(template.For(formula), settings, startBudget(), observer: null, cancellationToken);
        }
#pragma warning disable CA1031 // One formula's failure (a bug included) must not lose the results of the others; it is reported in its row.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.Error(exception, "{Formula}: internal error; please report it.", entry.Name);
            return (BatchRow.Failed(entry.Name, "internal-error", exception.Message), true);
        }

        var row = new BatchRow(
            entry.Name,
            JsonOutput.Name(result.Status) + (result.Interrupted ? "-interrupted" : string.Empty),
            result.Blend,
            result.Elapsed.TotalSeconds,
            result.Message + (result.Verdict.Warnings.IsEmpty ? string.Empty : " " + string.Join(" ", result.Verdict.Warnings)))
        {
            Verdict = result.Verdict.Summary,
            OffFormula = result.Verdict.OffFormula,
        };
        if (result.Plan is null || result.Blend is null)
        {
            return (row, true);
        }

        var folder = Path.Combine(outFolder, entry.Name);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.Error("{Folder}: cannot create the folder: {Message}", folder, exception.Message);
            return (row, false);
        }

        var written = Write(Path.Combine(folder, "plan.csv"), stream => PlanCsv.Write(result.Plan, cellar.Unit, stream), inputs, logger)
            & Write(Path.Combine(folder, "report.csv"), stream =>
            {
                using var writer = Utf8Writer(stream);
                BlendReportWriter.WriteCsv(result.Blend, cellar.Unit, writer, Rollups.Of(result.Blend, attributes, template.Requirements));
            }, inputs, logger);
        return (row, written);
    }

    private static bool WriteSummary(string outFolder, BatchRow[] rows, VolumeUnit unit, EffectiveOptions options, IReadOnlyList<string> inputs, ILogger logger) =>
        Write(Path.Combine(outFolder, "summary.csv"), stream =>
        {
            using var writer = Utf8Writer(stream);
            writer.Write(SummaryHeader + "\n");
            foreach (var row in rows)
            {
                writer.Write(string.Join(',', row.CsvFields(unit).Select(Quote)) + "\n");
            }
        }, inputs, logger)
        & Write(Path.Combine(outFolder, "summary.json"), stream =>
        {
            using var writer = Utf8Writer(stream);
            JsonOutput.Write(writer, json =>
            {
                json.WriteStartObject();
                json.WriteString("unit", unit.Label);
                json.WriteNumber("formulas", rows.Length);
                json.WriteNumber("succeeded", rows.Count(r => r.Succeeded));
                json.WritePropertyName("results");
                json.WriteStartArray();
                foreach (var row in rows)
                {
                    row.WriteJson(json, unit);
                }

                json.WriteEndArray();
                json.WritePropertyName("options");
                options.WriteJson(json);
                json.WriteEndObject();
            });
        }, inputs, logger);

    private static bool Write(string path, Action<Stream> write, IEnumerable<string> inputs, ILogger logger)
    {
        if (AtomicFile.TryWrite(path, write, inputs, out var error))
        {
            logger.Debug("Wrote {File}.", path);
            return true;
        }

        logger.Error("{Error}", error);
        return false;
    }

    private static StreamWriter Utf8Writer(Stream stream) => new(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
