using System.CommandLine;
using Krug.Blending.Optimization;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// How to search and for how long, shared by <c>plan</c>, <c>batch</c> and <c>tradeoffs</c>: the
/// strategy and solver settings, the time limit in real seconds and the work limit that makes runs
/// reproducible.
/// </summary>
internal sealed class SolverOptionSet
{
    /// <summary>The default time limit, in seconds.</summary>
    public const double DefaultTimeLimit = 60;

    public Option<double> TimeLimit { get; } = new("--time-limit")
    {
        CustomParser = OptionValues.Double,
        Validators = { OptionValues.Number },
        Description = "Wall-clock seconds a plan may take, reading and writing the files included (default 60). The run ends on time " +
            "whatever the machine's load; when the time limit rather than the work limit ends the search, the output says that another " +
            "run may give another plan.",
        HelpName = "seconds",
        DefaultValueFactory = _ => DefaultTimeLimit,
    };

    public Option<double?> WorkLimit { get; } = new("--work-limit")
    {
        CustomParser = OptionValues.NullableDouble,
        Validators = { OptionValues.Number },
        Description = "Deterministic work units a plan may spend (default: half the time limit; a unit is about a second of one core). " +
            "The same input, options and work limit give the same plan. For reproducible runs in CI give a small work limit and a " +
            "generous --time-limit.",
        HelpName = "units",
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        CustomParser = OptionValues.Int,
        Validators = { OptionValues.WholeNumber },
        Description = "Random seed of the solver (default 1).",
        DefaultValueFactory = _ => 1,
    };

    public Option<int> Workers { get; } = new("--workers")
    {
        CustomParser = OptionValues.Int,
        Validators = { OptionValues.WholeNumber },
        Description = "Solver threads per plan (default 2). The plan depends on this number, so it is not taken from the machine.",
        DefaultValueFactory = _ => 2,
    };

    public Option<string> Strategy { get; } = new Option<string>("--strategy")
    {
        Description = "Which plans to search. exhaustive: every plan of up to --max-steps steps, exact (small cellars only, about 9 tanks). " +
            "split-assemble: one step of splits, then one assembling transfer (CP-SAT; any size). " +
            "multi-level: split-assemble first, then a second round of splits into the tanks the first emptied (three steps), then pre-blending steps chosen by a beam search, each state finished by split-assemble; never worse than split-assemble. " +
            "auto (default): exhaustive when the cellar is small enough and no waste is allowed, multi-level otherwise.",
        HelpName = "auto|exhaustive|split-assemble|multi-level",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong([.. PlanningStrategies.All.Select(s => s.Name())]);

    public Option<decimal> AccuracyResolution { get; } = new("--accuracy-resolution", "--accuracy-slack")
    {
        CustomParser = OptionValues.Decimal,
        Validators = { OptionValues.Number },
        Description = "Plans are compared for accuracy in steps of this many percentage points (default 0.001); within one step, waste, " +
            "volume and transfers decide. 0 compares exact deviations.",
        HelpName = "pp",
        DefaultValueFactory = _ => 0.001m,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { TimeLimit, WorkLimit, Seed, Workers, Strategy, AccuracyResolution })
        {
            command.Options.Add(option);
        }

        AccuracyResolution.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<decimal>() is < 0 or > 100)
            {
                r.AddError("--accuracy-resolution must be between 0 and 100.");
            }
        });
        TimeLimit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 7 * 24 * 3600 or double.NaN)
            {
                r.AddError("--time-limit must be a positive number of seconds, at most a week.");
            }
        });
        WorkLimit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is <= 0 or > 7 * 24 * 3600 or double.NaN)
            {
                r.AddError("--work-limit must be a positive number of units.");
            }
        });
        Workers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--workers must be between 1 and 64.");
            }
        });
    }

    /// <summary>The solver settings the command line asks for.</summary>
    public SolverSettings ToSettings(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        // The option accepts only strategy names, so an unknown one cannot reach here; auto is its default.
        var strategy = PlanningStrategies.TryParse(parseResult.GetValue(Strategy), out var named) ? named : PlanningStrategy.Auto;
        return new SolverSettings
        {
            Strategy = strategy,
            Seed = parseResult.GetValue(Seed),
            Workers = parseResult.GetValue(Workers),
            AccuracyResolutionPp = parseResult.GetValue(AccuracyResolution),
        };
    }

    /// <summary>
    /// A budget for one plan, started now on the console's clock; the time the process took to start
    /// comes off the time limit (the user's clock started with the process), not off the work limit,
    /// which depends on the time limit alone so that runs stay reproducible.
    /// </summary>
    public Budget StartBudget(ParseResult parseResult, CliConsole console, bool countStartUp = true)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(console);
        var limit = TimeSpan.FromSeconds(parseResult.GetValue(TimeLimit));
        var work = parseResult.GetValue(WorkLimit) ?? limit.TotalSeconds * Budget.DefaultWorkPerSecond;
        var startUp = countStartUp ? console.StartUp : TimeSpan.Zero;
        var left = limit - startUp;
        return new Budget(left > limit / 2 ? left : limit / 2, work, console.Clock);
    }
}
