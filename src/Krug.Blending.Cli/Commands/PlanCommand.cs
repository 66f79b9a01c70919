using System.CommandLine;
using System.Globalization;
using System.Text;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Output;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// <c>krug-blend plan</c>: finds the transfer plan whose final blend is closest to the formula,
/// verifies it, and prints it as a work order or writes it as <c>plan.csv</c>.
/// </summary>
internal sealed class PlanCommand : KrugCommand
{
    private const string Summary =
        "Finds the transfer plan that makes the volume you need as close as possible to the formula: every tank stays " +
        "completely full or completely empty, each transfer fills its target tanks exactly, and every mixture the plan makes " +
        "ends in the blend, so reserve wines stay pure. Before planning it says what limits the volume (the wine that runs out " +
        "first, the empty tanks). Plans are ranked by the largest deviation of any wine (pp), then least waste, then the volume " +
        "closest to --volume, then fewest transfers, then fewest steps (docs/optimization.md). Every plan is replayed by the " +
        "independent verifier before it is shown, with the cellar after it.\n\n" +
        "Examples:\n" +
        "  krug-blend plan --tanks tanks.csv --formula formula.csv                  work order and report on the terminal\n" +
        "  krug-blend plan --tanks tanks.csv --formula formula.csv --volume 1200 --out plan.csv --report report.csv\n" +
        "  krug-blend plan --tanks tanks.csv --formula formula.csv --tolerance 0.1 --exclude-tank C012 --time-limit 300\n\n" +
        "Exit codes: 0 optimal plan, 5 plan found but not proven optimal, 11 plan found but off formula (a formula wine of 1 % " +
        "or more missing, or beyond --tolerance), 6 no plan possible, 7 time limit reached without a plan, 2 usage error, " +
        "3 input error, 8 output not written, 70 internal error (a bug; please report it), 130 interrupted (the best plan so " +
        "far is still written). See docs/exit-codes.md.";

    private readonly InputOptions _input = new();

    private readonly Option<string?> _out = new("--out", "-o")
    {
        Description = "Write the plan to this CSV file (step,transfer,tank,role,volume) instead of printing the work order. Written atomically.",
        HelpName = "plan.csv",
    };

    private readonly Option<string?> _report = new("--report")
    {
        Description = "Also write the blend report (per-wine target, achieved, deviation, and totals) to this file: JSON when it ends in .json, CSV otherwise.",
        HelpName = "report.csv",
    };

    private readonly Option<string?> _format = new Option<string?>("--format")
    {
        Description = "What to print on standard output: table (work order and report; the default without --out), csv (the plan file), " +
            "or json (plan, report and status). With --out, nothing is printed unless --format is given.",
        HelpName = "table|csv|json",
    }.AcceptOnlyFromAmong("table", "csv", "json");

    private readonly RequestOptionSet _request = new(VolumeDefault.Planned);

    private readonly SolverOptionSet _solver = new();

    private readonly Option<string?> _diagram = DiagramWriter.CreateOption();

    public PlanCommand(CliConsole console)
        : base("plan", Summary, console)
    {
        _input.AddTo(this);
        Options.Add(_out);
        Options.Add(_report);
        Options.Add(_format);
        _request.AddTo(this);
        _solver.AddTo(this);
        Options.Add(_diagram);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ILogger logger, CancellationToken cancellationToken)
    {
        // The time limit counts from here: reading the files and writing them are part of the promise.
        var budget = _solver.StartBudget(parseResult, Console);
        var input = _input.Load(parseResult, logger);
        if (input is null)
        {
            return ExitCodes.InputError;
        }

        var cellar = input.Cellar;
        if (!_request.TryReadWines(parseResult, cellar, input.TanksFile, parseResult.GetValue(_input.Delimiter), logger, out var attributes))
        {
            return ExitCodes.InputError;
        }

        var request = RequestFrom(parseResult, input, logger, attributes);
        if (request is null)
        {
            return ExitCodes.UsageError;
        }

        var outPath = parseResult.GetValue(_out);
        var reportPath = parseResult.GetValue(_report);
        var inputs = input.InputFiles.Concat(new[] { parseResult.GetValue(_request.Wines), parseResult.GetValue(OptionsFile.Option) }.OfType<string>()).ToArray();
        // Two outputs in one file would leave only the last one written.
        var outputs = new (string Option, string? Path)[] { ("--out", outPath), ("--report", reportPath), ("--diagram", parseResult.GetValue(_diagram)) }
            .Where(o => o.Path is not null)
            .ToList();
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs.Skip(i + 1).FirstOrDefault(o => Path.GetFullPath(o.Path!) == Path.GetFullPath(outputs[i].Path!)) is { Path: not null } other)
            {
                logger.Error("{First} and {Second} name the same file {File}.", outputs[i].Option, other.Option, outputs[i].Path);
                return ExitCodes.UsageError;
            }
        }

        // A search may run for an hour: an output that can never be written must fail now, not after it.
        // AtomicFile repeats these checks when it writes.
        foreach (var path in new[] { outPath, reportPath, parseResult.GetValue(_diagram) }.OfType<string>())
        {
            if (OutputTarget.Problem(path, inputs) is { } problem)
            {
                logger.Error("{Error}", problem);
                return ExitCodes.OutputError;
            }
        }

        var settings = _solver.ToSettings(parseResult);
        logger.Information(
            "Planning {Wines} formula wines in {Tanks} tanks ({Full} full): time limit {Seconds} s, work limit {Work} units.",
            input.Formula.Lines.Length, cellar.Tanks.Length, cellar.Tanks.Count(t => t.IsFull),
            parseResult.GetValue(_solver.TimeLimit).ToString("0.###", CultureInfo.InvariantCulture), budget.WorkLimit.ToString("0.###", CultureInfo.InvariantCulture));
        var observer = new LogObserver(logger, cellar.Unit);
        var result = await Task.Run(() => BlendPlanner.Plan(request, settings, budget, observer, cancellationToken), CancellationToken.None)
            .ConfigureAwait(false);

        // Outputs are written even after Ctrl-C: the best plan so far is the point of stopping early.
        var report = new ReportParts(result.Blend is { } blend ? Rollups.Of(blend, attributes, request.Requirements) : null, EffectiveOptions.From(parseResult));
        var written = WriteFiles(result, cellar, outPath, reportPath, inputs, report, logger);
        written &= DiagramWriter.WriteIfAsked(parseResult.GetValue(_diagram), cellar, result.Plan, result.Blend?.TransferBlends, inputs, logger);
        var format = parseResult.GetValue(_format) ?? (outPath is null ? "table" : null);
        WriteStdout(format, result, request, report, TimeSpan.FromSeconds(parseResult.GetValue(_solver.TimeLimit)));
        await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);

        LogOutcome(result, cellar.Unit, logger);
        if (!written)
        {
            return ExitCodes.OutputError;
        }

        if (result.Interrupted)
        {
            return ExitCodes.Interrupted;
        }

        return ExitCodes.Of(result);
    }

    private BlendRequest? RequestFrom(ParseResult parseResult, CellarInput input, ILogger logger, WineAttributes? attributes)
    {
        var request = _request.ToRequest(parseResult, input, logger, attributes);
        if (request is null)
        {
            return null;
        }

        foreach (var wine in request.Limits.MissingWines)
        {
            logger.Warning("Formula wine {Wine} is only in excluded or kept tanks: the blend cannot contain it.", wine);
        }

        return request;
    }

    private static bool WriteFiles(PlanningResult result, Cellar cellar, string? outPath, string? reportPath, string[] inputs, ReportParts report, ILogger logger)
    {
        if (result.Plan is null || result.Blend is null)
        {
            if (outPath is not null || reportPath is not null)
            {
                logger.Warning("No plan, so nothing was written.");
            }

            return true;
        }

        var ok = true;
        if (outPath is not null)
        {
            ok &= Write(outPath, stream => PlanCsv.Write(result.Plan, cellar.Unit, stream), inputs, logger);
        }

        if (reportPath is not null)
        {
            var json = reportPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            ok &= Write(reportPath, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
                if (json)
                {
                    BlendReportWriter.WriteJson(result.Blend, cellar.Unit, writer, report.Rollups, report.Options);
                }
                else
                {
                    BlendReportWriter.WriteCsv(result.Blend, cellar.Unit, writer, report.Rollups);
                }
            }, inputs, logger);
        }

        return ok;
    }

    private static bool Write(string path, Action<Stream> write, string[] inputs, ILogger logger)
    {
        if (AtomicFile.TryWrite(path, write, inputs, out var error))
        {
            logger.Information("Wrote {File}.", path);
            return true;
        }

        logger.Error("{Error}", error);
        return false;
    }

    private void WriteStdout(string? format, PlanningResult result, BlendRequest request, ReportParts report, TimeSpan timeLimit)
    {
        var writer = Console.Out;
        var cellar = request.Cellar;
        switch (format)
        {
            case null:
                return;
            case "csv":
                if (result.Plan is not null)
                {
                    PlanCsv.Write(result.Plan, cellar.Unit, writer);
                }

                return;
            case "json":
                PlanJson.Write(writer, result, request, cellar.Unit, report.Rollups, report.Options);
                return;
            default:
                writer = TerminalWriter.For(writer);
                if (result.Plan is not null && result.Blend is not null)
                {
                    WorkOrderWriter.Write(writer, cellar, result.Plan, result.Blend);
                    BlendReportWriter.WriteTable(result.Blend, cellar.Unit, writer, report.Rollups);
                }

                writer.Write('\n');
                foreach (var (label, value) in PlanSummary.Lines(result, timeLimit))
                {
                    writer.Write(label.PadRight(PlanSummary.LabelWidth + 2));
                    writer.Write(value);
                    writer.Write('\n');
                }

                return;
        }
    }

    private static void LogOutcome(PlanningResult result, VolumeUnit unit, ILogger logger)
    {
        foreach (var warning in result.Verdict.Warnings)
        {
            logger.Warning("{Warning}", warning);
        }

        if (result.Blend is { } blend)
        {
            logger.Information(
                "{Status} ({Verdict}): largest deviation {Linf} pp, {Volume} {Unit} in {Transfers} and {Steps} ({Seconds} s).",
                JsonOutput.Name(result.Status), result.Verdict.Summary, ReportNumbers.Format(blend.MaxDeviationPp, ReportNumbers.PointDecimals),
                unit.Format(blend.Volume), unit.Label, Count(blend.Transfers, "transfer"), Count(blend.Steps, "step"),
                result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        }
        else
        {
            logger.Warning("{Status}: {Message}", JsonOutput.Name(result.Status), result.Message);
        }
    }

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    /// <summary>What the report adds to the verified blend: the roll-ups (when asked for) and the options of the run.</summary>
    private sealed record ReportParts(Rollups? Rollups, EffectiveOptions Options);

    /// <summary>Progress on standard error: a line per improvement (at most a few a second), the solver's log at debug level.</summary>
    private sealed class LogObserver(ILogger logger, VolumeUnit unit) : IPlanningObserver
    {
        private readonly Lock _gate = new();
        private TimeSpan _last = TimeSpan.FromSeconds(-10);
        private string _lastStage = string.Empty;

        public void OnProgress(PlanningProgress progress)
        {
            lock (_gate)
            {
                if (progress.Stage == _lastStage && progress.Elapsed - _last < TimeSpan.FromSeconds(0.5))
                {
                    return;
                }

                _last = progress.Elapsed;
                _lastStage = progress.Stage;
            }

            logger.Information(
                "{Elapsed,6} s  {Stage,-9}  largest deviation {Linf} pp  volume {Volume} {Unit}  bound {Bound}",
                progress.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                progress.Stage,
                progress.MaxDeviationPp.ToString("0.0000", CultureInfo.InvariantCulture),
                unit.Format(progress.Volume),
                unit.Label,
                progress.BoundPp is { } bound ? bound.ToString("0.0000", CultureInfo.InvariantCulture) + " pp" : "-");
        }

        public void OnSolverLog(string line) => logger.Debug("cp-sat: {Line}", line);

        public void OnMessage(string message) => logger.Information("{Message}", message);
    }
}
