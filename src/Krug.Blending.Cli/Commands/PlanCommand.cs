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
        "Finds the transfer plan whose final blend comes closest to the formula: every tank stays completely full or " +
        "completely empty, and each transfer fills its target tanks exactly. Plans are ranked by the largest deviation " +
        "of any wine (pp), then least waste, then most volume, then fewest transfers, then fewest steps " +
        "(docs/optimization.md). Every plan is replayed by the independent verifier before it is shown.\n\n" +
        "Examples:\n" +
        "  krug-blend plan --tanks tanks.csv --formula formula.csv                  work order and report on the terminal\n" +
        "  krug-blend plan --tanks tanks.csv --formula formula.csv --out plan.csv --report report.csv\n" +
        "  krug-blend plan --tanks tanks.csv --formula formula.csv --tolerance 0.1 --min-volume 500 --exclude-tank C012\n\n" +
        "Exit codes: 0 optimal plan, 5 plan found but not proven optimal, 6 no plan possible, 7 time limit reached " +
        "without a plan, 2 usage error, 3 input error, 8 output not written, 70 internal error (a bug; please report it), " +
        "130 interrupted (the best plan so far is still written). See docs/exit-codes.md.";

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

    private readonly Option<decimal?> _minVolume = new("--min-volume")
    {
        Description = "Smallest acceptable blend volume, in the unit of tanks.csv.",
        HelpName = "volume",
    };

    private readonly Option<decimal?> _maxVolume = new("--max-volume")
    {
        Description = "Largest acceptable blend volume, in the unit of tanks.csv.",
        HelpName = "volume",
    };

    private readonly Option<decimal?> _tolerance = new("--tolerance")
    {
        Description = "Every plan whose wines are all within this many percentage points of the formula counts as on target; among those, prefer volume, then fewer transfers.",
        HelpName = "pp",
    };

    private readonly Option<bool> _allowWaste = new("--allow-waste")
    {
        Description = "Allow drawing only part of a tank to get closer to the formula; the rest oxidises and is wasted. Waste is minimised right after accuracy.",
    };

    private readonly Option<decimal?> _maxWaste = new("--max-waste")
    {
        Description = "With --allow-waste: the most wine the plan may waste in all, in the unit of tanks.csv.",
        HelpName = "volume",
    };

    private readonly Option<double> _timeLimit = new("--time-limit")
    {
        Description = "Search budget in seconds (default 60). A deterministic work limit, so the same input gives the same plan; " +
            "on a busy machine it may take longer in wall-clock time. See --wall-clock.",
        HelpName = "seconds",
        DefaultValueFactory = _ => 60,
    };

    private readonly Option<bool> _wallClock = new("--wall-clock")
    {
        Description = "Make --time-limit a wall-clock limit: the run ends on time, but the plan may differ from run to run.",
    };

    private readonly Option<int> _seed = new("--seed")
    {
        Description = "Random seed of the solver (default 1).",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<int> _workers = new("--workers")
    {
        Description = "Solver threads (default 2). The plan depends on this number, so it is not taken from the machine.",
        DefaultValueFactory = _ => 2,
    };

    private readonly Option<string[]> _excludeTank = new("--exclude-tank")
    {
        Description = "A tank the plan must not touch (maintenance, reserved). Repeat for several tanks.",
        HelpName = "tank",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _keepWine = new("--keep-wine")
    {
        Description = "A wine whose tanks the plan must not touch. Repeat for several wines.",
        HelpName = "wine",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _strategy = new Option<string>("--strategy")
    {
        Description = "Which plans to search. exhaustive: every plan of up to --max-steps steps, exact (small cellars only, about 9 tanks). " +
            "split-assemble: one step of splits, then one assembling transfer (CP-SAT; any size). " +
            "auto (default): exhaustive when the cellar is small enough and no waste is allowed, split-assemble otherwise.",
        HelpName = "auto|exhaustive|split-assemble",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "exhaustive", "split-assemble");

    private readonly Option<int> _maxSteps = new("--max-steps")
    {
        Description = "Most steps a plan may take with the exhaustive strategy (default 6).",
        HelpName = "steps",
        DefaultValueFactory = _ => 6,
    };

    private readonly Option<decimal> _accuracySlack = new("--accuracy-slack")
    {
        Description = "Percentage points of accuracy the later objectives (volume, transfers) may give up (default 0.001).",
        HelpName = "pp",
        DefaultValueFactory = _ => 0.001m,
    };

    private readonly Option<string?> _diagram = DiagramWriter.CreateOption();

    public PlanCommand(CliConsole console)
        : base("plan", Summary, console)
    {
        _input.AddTo(this);
        Options.Add(_out);
        Options.Add(_report);
        Options.Add(_format);
        Options.Add(_minVolume);
        Options.Add(_maxVolume);
        Options.Add(_tolerance);
        Options.Add(_allowWaste);
        Options.Add(_maxWaste);
        Options.Add(_excludeTank);
        Options.Add(_keepWine);
        Options.Add(_timeLimit);
        Options.Add(_wallClock);
        Options.Add(_seed);
        Options.Add(_workers);
        Options.Add(_strategy);
        Options.Add(_maxSteps);
        Options.Add(_accuracySlack);
        Options.Add(_diagram);

        NotNegative(_minVolume);
        NotNegative(_maxVolume);
        NotNegative(_maxWaste);
        NotNegative(_tolerance);
        NotNegative(_accuracySlack);
        _timeLimit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 7 * 24 * 3600 or double.NaN)
            {
                r.AddError("--time-limit must be a positive number of seconds.");
            }
        });
        _maxSteps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 20)
            {
                r.AddError("--max-steps must be between 1 and 20.");
            }
        });
        _workers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--workers must be between 1 and 64.");
            }
        });
        Validators.Add(r =>
        {
            if (r.GetResult(_maxWaste) is { Implicit: false } && !r.GetValue(_allowWaste))
            {
                r.AddError("--max-waste needs --allow-waste: without it no wine may be wasted at all.");
            }

            if (r.GetValue(_minVolume) is { } min && r.GetValue(_maxVolume) is { } max && min > max)
            {
                r.AddError("--min-volume is larger than --max-volume.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ILogger logger, CancellationToken cancellationToken)
    {
        var input = _input.Load(parseResult, logger);
        if (input is null)
        {
            return ExitCodes.InputError;
        }

        var cellar = input.Cellar;
        var options = PlanningOptionsFrom(parseResult, input, logger);
        if (options is null)
        {
            return ExitCodes.UsageError;
        }

        var outPath = parseResult.GetValue(_out);
        var reportPath = parseResult.GetValue(_report);
        var inputs = new[] { input.TanksFile, input.FormulaFile };
        if (outPath is not null && reportPath is not null && Path.GetFullPath(outPath) == Path.GetFullPath(reportPath))
        {
            logger.Error("--out and --report name the same file {File}.", outPath);
            return ExitCodes.UsageError;
        }

        // A search may run for an hour: an output that can never be written must fail now, not after it.
        // AtomicFile repeats these checks (and more) when it writes.
        foreach (var path in new[] { outPath, reportPath }.OfType<string>())
        {
            if (OutputProblem(path, inputs) is { } problem)
            {
                logger.Error("{Error}", problem);
                return ExitCodes.OutputError;
            }
        }

        logger.Information(
            "Planning {Wines} formula wines in {Tanks} tanks ({Full} full), budget {Seconds} s ({Kind}).",
            input.Formula.Lines.Length, cellar.Tanks.Length, cellar.Tanks.Count(t => t.IsFull), options.TimeLimitSeconds,
            options.WallClockLimit ? "wall clock" : "deterministic");
        var observer = new LogObserver(logger, cellar.Unit);
        var result = await Task.Run(() => BlendPlanner.Plan(cellar, input.Formula, options, observer, cancellationToken), CancellationToken.None)
            .ConfigureAwait(false);

        // Outputs are written even after Ctrl-C: the best plan so far is the point of stopping early.
        var written = WriteFiles(result, cellar, outPath, reportPath, inputs, logger);
        written &= DiagramWriter.WriteIfAsked(parseResult.GetValue(_diagram), cellar, result.Plan, result.Blend?.TransferBlends, inputs, logger);
        var format = parseResult.GetValue(_format) ?? (outPath is null ? "table" : null);
        WriteStdout(format, result, cellar);
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

        return result.Status switch
        {
            PlanStatus.Optimal => ExitCodes.Success,
            PlanStatus.Feasible => ExitCodes.Feasible,
            PlanStatus.NoPlan => ExitCodes.NoPlan,
            PlanStatus.TimeoutWithoutPlan => ExitCodes.TimeoutWithoutPlan,
            _ => throw new InvalidOperationException($"Unknown status {result.Status}."),
        };
    }

    private PlanningOptions? PlanningOptionsFrom(ParseResult parseResult, CellarInput input, ILogger logger)
    {
        var cellar = input.Cellar;
        long? Volume(Option<decimal?> option)
        {
            if (parseResult.GetValue(option) is not { } value)
            {
                return null;
            }

            if (!cellar.Unit.TryFromDecimal(value, out var volume))
            {
                logger.Error("{Option} {Value} has more decimals than the capacities of {File} ({Decimals}).",
                    option.Name, value.ToString(CultureInfo.InvariantCulture), input.TanksFile, cellar.Unit.Decimals);
                throw new OptionException();
            }

            return volume;
        }

        try
        {
            var excluded = parseResult.GetValue(_excludeTank) ?? [];
            var unknown = excluded.Where(id => !cellar.ById.ContainsKey(id)).ToList();
            if (unknown.Count > 0)
            {
                logger.Error("--exclude-tank: {Tanks} not in {File}.", string.Join(", ", unknown), input.TanksFile);
                return null;
            }

            var kept = parseResult.GetValue(_keepWine) ?? [];
            foreach (var wine in kept.Where(w => !cellar.Wines.Contains(w, StringComparer.Ordinal)))
            {
                logger.Warning("--keep-wine {Wine}: no tank of {File} holds it.", wine, input.TanksFile);
            }

            var options = new PlanningOptions
            {
                MinVolume = Volume(_minVolume),
                MaxVolume = Volume(_maxVolume),
                TolerancePp = parseResult.GetValue(_tolerance),
                AllowWaste = parseResult.GetValue(_allowWaste),
                MaxWaste = Volume(_maxWaste),
                ExcludedTanks = [.. excluded],
                KeptWines = [.. kept],
                TimeLimitSeconds = parseResult.GetValue(_timeLimit),
                WallClockLimit = parseResult.GetValue(_wallClock),
                Seed = parseResult.GetValue(_seed),
                Workers = parseResult.GetValue(_workers),
                AccuracySlackPp = parseResult.GetValue(_accuracySlack),
                MaxSteps = parseResult.GetValue(_maxSteps),
                Strategy = parseResult.GetValue(_strategy) switch
                {
                    "split-assemble" => PlanningStrategy.SplitAssemble,
                    "exhaustive" => PlanningStrategy.Exhaustive,
                    _ => PlanningStrategy.Auto,
                },
            };

            foreach (var line in input.Formula.Lines)
            {
                var usable = cellar.Tanks.Any(t => t.Wine == line.Wine && !options.ExcludedTanks.Contains(t.Id) && !options.KeptWines.Contains(t.Wine));
                if (!usable)
                {
                    logger.Warning("Formula wine {Wine} is only in excluded or kept tanks: the blend cannot contain it.", line.Wine);
                }
            }

            return options;
        }
        catch (OptionException)
        {
            return null;
        }
    }

    private static bool WriteFiles(PlanningResult result, Cellar cellar, string? outPath, string? reportPath, string[] inputs, ILogger logger)
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
                    BlendReportWriter.WriteJson(result.Blend, cellar.Unit, writer);
                }
                else
                {
                    BlendReportWriter.WriteCsv(result.Blend, cellar.Unit, writer);
                }
            }, inputs, logger);
        }

        return ok;
    }

    private static string? OutputProblem(string path, string[] inputs)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            // AtomicFile reports a malformed path with its own message when it tries to write.
            return null;
        }

        if (inputs.Any(input => Path.GetFullPath(input) == full))
        {
            return $"{path}: refusing to write over an input file; choose another output path";
        }

        var folder = Path.GetDirectoryName(full);
        return folder is not null && !Directory.Exists(folder) ? $"{path}: the folder {folder} does not exist" : null;
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

    private void WriteStdout(string? format, PlanningResult result, Cellar cellar)
    {
        var writer = Console.Out;
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
                PlanJson.Write(writer, result, cellar.Unit);
                return;
            default:
                if (result.Plan is not null && result.Blend is not null)
                {
                    WorkOrderWriter.Write(writer, cellar, result.Plan, result.Blend);
                    BlendReportWriter.WriteTable(result.Blend, cellar.Unit, writer);
                }

                writer.Write('\n');
                foreach (var (label, value) in PlanSummary.Lines(result))
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
        if (result.Blend is { } blend)
        {
            logger.Information(
                "{Status}: largest deviation {Linf} pp, {Volume} {Unit} in {Transfers} and {Steps} ({Seconds} s).",
                JsonOutput.Name(result.Status), ReportNumbers.Format(blend.MaxDeviationPp, ReportNumbers.PointDecimals),
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

    private static void NotNegative<T>(Option<T> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<T>() is decimal and < 0)
            {
                r.AddError($"{option.Name} cannot be negative.");
            }
        });
    }

    private sealed class OptionException : Exception
    {
    }

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
