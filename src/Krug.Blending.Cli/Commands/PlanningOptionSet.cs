using System.CommandLine;
using System.Globalization;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// The planning options shared by <c>plan</c>, <c>batch</c> and <c>tradeoffs</c>: one definition, so
/// the three commands accept the same words with the same meaning.
/// </summary>
internal sealed class PlanningOptionSet(bool volumeBounds)
{
    public Option<decimal?> MinVolume { get; } = new("--min-volume")
    {
        Description = "Smallest acceptable blend volume, in the unit of tanks.csv.",
        HelpName = "volume",
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
    };

    public Option<decimal?> MaxVolume { get; } = new("--max-volume")
    {
        Description = "Largest acceptable blend volume, in the unit of tanks.csv.",
        HelpName = "volume",
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
    };

    public Option<decimal?> Tolerance { get; } = new("--tolerance")
    {
        Description = "Every plan whose wines are all within this many percentage points of the formula counts as on target; among those, prefer volume, then fewer transfers.",
        HelpName = "pp",
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
    };

    public Option<bool> AllowWaste { get; } = new("--allow-waste")
    {
        Description = "Allow drawing only part of a tank to get closer to the formula; the rest oxidises and is wasted.",
    };

    public Option<decimal?> MaxWaste { get; } = new("--max-waste")
    {
        Description = "With --allow-waste: the most wine a plan may waste in all, in the unit of tanks.csv.",
        HelpName = "volume",
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
    };

    public Option<double> TimeLimit { get; } = new("--time-limit")
    {
        Description = "Search budget in seconds per plan (default 60). A deterministic work limit, so the same input gives the same plan; see --wall-clock.",
        HelpName = "seconds",
        DefaultValueFactory = _ => 60,
        CustomParser = OptionValues.Double,
        Validators = { OptionValues.Number },
    };

    public Option<bool> WallClock { get; } = new("--wall-clock")
    {
        Description = "Make --time-limit a wall-clock limit: runs end on time, but plans may differ from run to run.",
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Random seed of the solver (default 1).",
        DefaultValueFactory = _ => 1,
        CustomParser = OptionValues.Int,
        Validators = { OptionValues.WholeNumber },
    };

    public Option<int> Workers { get; } = new("--workers")
    {
        Description = "Solver threads per plan (default 2). The plan depends on this number, so it is not taken from the machine.",
        DefaultValueFactory = _ => 2,
        CustomParser = OptionValues.Int,
        Validators = { OptionValues.WholeNumber },
    };

    public Option<string[]> ExcludeTank { get; } = new("--exclude-tank")
    {
        Description = "A tank no plan may touch. Repeat for several tanks.",
        HelpName = "tank",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> KeepWine { get; } = new("--keep-wine")
    {
        Description = "A wine whose tanks no plan may touch. Repeat for several wines.",
        HelpName = "wine",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> Strategy { get; } = new Option<string>("--strategy")
    {
        Description = "Which plans to search. exhaustive: every plan of up to --max-steps steps, exact (small cellars only, about 9 tanks). " +
            "split-assemble: one step of splits, then one assembling transfer (CP-SAT; any size). " +
            "multi-level: split-assemble first, then pre-blending steps chosen by a beam search, each state finished by split-assemble; never worse than split-assemble. " +
            "auto (default): exhaustive when the cellar is small enough and no waste is allowed, multi-level otherwise.",
        HelpName = "auto|exhaustive|split-assemble|multi-level",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "exhaustive", "split-assemble", "multi-level");

    public Option<int> MaxSteps { get; } = new("--max-steps")
    {
        Description = "Most steps a plan may take with the exhaustive and multi-level strategies (default 6).",
        HelpName = "steps",
        DefaultValueFactory = _ => 6,
        CustomParser = OptionValues.Int,
        Validators = { OptionValues.WholeNumber },
    };

    public Option<decimal> AccuracySlack { get; } = new("--accuracy-slack")
    {
        Description = "Percentage points of accuracy the later objectives (volume, transfers) may give up (default 0.001).",
        HelpName = "pp",
        DefaultValueFactory = _ => 0.001m,
        CustomParser = OptionValues.Decimal,
        Validators = { OptionValues.Number },
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] all = volumeBounds
            ? [MinVolume, MaxVolume, Tolerance, AllowWaste, MaxWaste, ExcludeTank, KeepWine, TimeLimit, WallClock, Seed, Workers, Strategy, MaxSteps, AccuracySlack]
            : [Tolerance, AllowWaste, MaxWaste, ExcludeTank, KeepWine, TimeLimit, WallClock, Seed, Workers, Strategy, MaxSteps, AccuracySlack];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        AccuracySlack.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<decimal>() < 0)
            {
                r.AddError("--accuracy-slack cannot be negative.");
            }
        });
        MaxSteps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 20)
            {
                r.AddError("--max-steps must be between 1 and 20.");
            }
        });
        foreach (var option in new[] { MinVolume, MaxVolume, Tolerance, MaxWaste })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<decimal?>() is < 0)
                {
                    r.AddError($"{option.Name} cannot be negative.");
                }
            });
        }

        TimeLimit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 7 * 24 * 3600 or double.NaN)
            {
                r.AddError("--time-limit must be a positive number of seconds.");
            }
        });
        Workers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--workers must be between 1 and 64.");
            }
        });
        command.Validators.Add(r =>
        {
            if (r.GetResult(MaxWaste) is { Implicit: false } && !r.GetValue(AllowWaste))
            {
                r.AddError("--max-waste needs --allow-waste: without it no wine may be wasted at all.");
            }

            if (volumeBounds && r.GetValue(MinVolume) is { } min && r.GetValue(MaxVolume) is { } max && min > max)
            {
                r.AddError("--min-volume is larger than --max-volume.");
            }
        });
    }

    /// <summary>The options for <paramref name="cellar"/>; <see langword="null"/> (errors logged) when a value does not fit it.</summary>
    public PlanningOptions? ToPlanningOptions(ParseResult parseResult, Cellar cellar, string tanksFile, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(logger);
        var ok = true;
        long? Volume(Option<decimal?> option)
        {
            if (parseResult.GetValue(option) is not { } value)
            {
                return null;
            }

            if (cellar.Unit.TryFromDecimal(value, out var volume))
            {
                return volume;
            }

            logger.Error("{Option} {Value} has more decimals than the capacities of {File} ({Decimals}).",
                option.Name, value.ToString(CultureInfo.InvariantCulture), tanksFile, cellar.Unit.Decimals);
            ok = false;
            return null;
        }

        var excluded = parseResult.GetValue(ExcludeTank) ?? [];
        var unknown = excluded.Where(id => !cellar.ById.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            logger.Error("--exclude-tank: {Tanks} not in {File}.", string.Join(", ", unknown), tanksFile);
            ok = false;
        }

        var options = new PlanningOptions
        {
            MinVolume = volumeBounds ? Volume(MinVolume) : null,
            MaxVolume = volumeBounds ? Volume(MaxVolume) : null,
            TolerancePp = parseResult.GetValue(Tolerance),
            AllowWaste = parseResult.GetValue(AllowWaste),
            MaxWaste = Volume(MaxWaste),
            ExcludedTanks = [.. excluded],
            KeptWines = [.. parseResult.GetValue(KeepWine) ?? []],
            TimeLimitSeconds = parseResult.GetValue(TimeLimit),
            WallClockLimit = parseResult.GetValue(WallClock),
            Seed = parseResult.GetValue(Seed),
            Workers = parseResult.GetValue(Workers),
            AccuracySlackPp = parseResult.GetValue(AccuracySlack),
            MaxSteps = parseResult.GetValue(MaxSteps),
            Strategy = parseResult.GetValue(Strategy) switch
            {
                "exhaustive" => PlanningStrategy.Exhaustive,
                "split-assemble" => PlanningStrategy.SplitAssemble,
                "multi-level" => PlanningStrategy.MultiLevel,
                _ => PlanningStrategy.Auto,
            },
        };
        if (options.MinVolume is { } min && options.MaxVolume is { } max && min > max)
        {
            logger.Error("--min-volume is larger than --max-volume.");
            ok = false;
        }

        foreach (var wine in options.KeptWines.Where(w => !cellar.Wines.Contains(w, StringComparer.Ordinal)))
        {
            logger.Warning("--keep-wine {Wine}: no tank of {File} holds it.", wine, tanksFile);
        }

        return ok ? options : null;
    }
}
