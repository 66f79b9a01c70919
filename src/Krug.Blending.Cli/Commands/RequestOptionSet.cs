using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Domain;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>How a command chooses the blend volume when the user names none.</summary>
internal enum VolumeDefault
{
    /// <summary>The volume a cellar master would choose (<see cref="VolumeLimits.DefaultBand"/>): <c>plan</c>, <c>batch</c>.</summary>
    Planned,

    /// <summary>Any volume: <c>verify</c> checks only the bounds the user gives.</summary>
    Any,

    /// <summary>The command sets the volume itself and takes no volume option: <c>tradeoffs</c>.</summary>
    Fixed,
}

/// <summary>
/// The options that make up the request — what the cellar master asks for — shared by <c>plan</c>,
/// <c>verify</c>, <c>batch</c> and <c>tradeoffs</c>: one definition, so every command accepts the
/// same words with the same meaning, and <c>verify</c> checks a plan against exactly what
/// <c>plan</c> planned for.
/// </summary>
internal sealed class RequestOptionSet(VolumeDefault volumeDefault)
{
    /// <summary>Share of the volume to make that a plan may waste when waste is allowed and no cap is given.</summary>
    public const decimal DefaultWasteShare = 0.05m;

    public Option<decimal?> Volume { get; } = new("--volume")
    {
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
        Description = "The blend volume to make, in the unit of tanks.csv. Blends fill tanks exactly, so a plan may land up to 5 % either side " +
            "(or within --min-volume and --max-volume). Default: the largest volume the formula allows from the stock, or the capacity " +
            "of the empty tanks if smaller; the run says which limits it.",
        HelpName = "volume",
    };

    public Option<decimal?> MinVolume { get; } = new("--min-volume")
    {
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
        Description = "Smallest acceptable blend volume, in the unit of tanks.csv (default: 5 % below --volume).",
        HelpName = "volume",
    };

    public Option<decimal?> MaxVolume { get; } = new("--max-volume")
    {
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
        Description = "Largest acceptable blend volume, in the unit of tanks.csv (default: 5 % above --volume).",
        HelpName = "volume",
    };

    public Option<decimal?> Tolerance { get; } = new("--tolerance")
    {
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
        Description = "Every plan whose wines are all within this many percentage points of the formula counts as on target; among those, " +
            "prefer the volume closest to --volume, then fewer transfers. A plan beyond it is reported as off formula (exit code 11).",
        HelpName = "pp",
    };

    public Option<bool> AllowWaste { get; } = new("--allow-waste")
    {
        Description = "Allow drawing only part of a tank to get closer to the formula; the rest oxidises and is wasted. " +
            "A waste-free plan is always tried too, so allowing waste never makes the plan worse.",
    };

    public Option<decimal?> MaxWaste { get; } = new("--max-waste")
    {
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
        Description = "With --allow-waste: the most wine a plan may waste in all, in the unit of tanks.csv (default: 5 % of the volume to make).",
        HelpName = "volume",
    };

    public Option<bool> AllowLeftoverBlends { get; } = new("--allow-leftover-blends")
    {
        Description = "Allow the plan to leave tanks holding mixtures that are not the final blend (unused pre-blends, unused pieces of tanks " +
            "poured together). By default every mixture the plan makes ends in the blend, so reserve wines stay pure.",
    };

    public Option<string[]> ExcludeTank { get; } = new("--exclude-tank")
    {
        Description = "A tank no plan may touch. Repeat for several tanks.",
        HelpName = "tank",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> KeepWine { get; } = new("--keep-wine")
    {
        Description = "A wine whose tanks no plan may touch, the tanks of lots holding it included; or a lot, whose tanks no plan may touch. Repeat for several.",
        HelpName = "wine",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int> MaxSteps { get; } = new("--max-steps")
    {
        CustomParser = OptionValues.Int,
        Validators = { OptionValues.WholeNumber },
        Description = "Most steps a plan may take (default 6).",
        HelpName = "steps",
        DefaultValueFactory = _ => BlendRequest.DefaultMaxSteps,
    };

    public Option<int?> MaxTransfers { get; } = new("--max-transfers")
    {
        CustomParser = OptionValues.NullableInt,
        Validators = { OptionValues.WholeNumber },
        Description = "Most transfers a plan may have, the final one included (default: no limit).",
        HelpName = "transfers",
    };

    public Option<string?> Wines { get; } = new("--wines")
    {
        Description = "What each wine is: a CSV file with a wine column and attribute columns such as variety, vintage, village " +
            "(any others too). The report then rolls the blend up by each attribute (e.g. 38 % Chardonnay), and --require can name them.",
        HelpName = "wines.csv",
    };

    public Option<string[]> Require { get; } = new("--require")
    {
        Description = "A share the blend must reach or keep under: ATTRIBUTE=VALUE>=P% or ATTRIBUTE=VALUE<=P%, the attribute a column of " +
            "--wines (variety=Chardonnay>=35%, vintage=2019>=85%) or wine for one wine (wine=Chardonnay Avize 2019<=10%). Every plan meets " +
            "every requirement, and the report shows each with the share reached. Repeat for several.",
        HelpName = "requirement",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] volume = volumeDefault == VolumeDefault.Fixed ? [] : [Volume, MinVolume, MaxVolume];
        Option[] all = [.. volume, Tolerance, AllowWaste, MaxWaste, AllowLeftoverBlends, ExcludeTank, KeepWine, MaxSteps, MaxTransfers, Wines, Require];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        MaxSteps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 20)
            {
                r.AddError("--max-steps must be between 1 and 20.");
            }
        });
        Require.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (RequirementExpression.TryParse(token.Value, out var problem) is null)
                {
                    r.AddError($"--require must read {RequirementExpression.Usage}, got {InputLocation.Quote(token.Value)}: {problem}.");
                }
            }
        });
        MaxTransfers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--max-transfers must be at least 1.");
            }
        });
        foreach (var option in new[] { Volume, MinVolume, MaxVolume })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<decimal?>() is <= 0)
                {
                    r.AddError($"{option.Name} must be positive.");
                }
            });
        }

        foreach (var option in new[] { Tolerance, MaxWaste })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<decimal?>() is < 0)
                {
                    r.AddError($"{option.Name} cannot be negative.");
                }
            });
        }

        command.Validators.Add(r =>
        {
            if (r.GetResult(MaxWaste) is { Implicit: false } && !r.GetValue(AllowWaste))
            {
                r.AddError("--max-waste needs --allow-waste: without it no wine may be wasted at all.");
            }

            if (volumeDefault == VolumeDefault.Fixed)
            {
                return;
            }

            var min = r.GetValue(MinVolume);
            var max = r.GetValue(MaxVolume);
            var target = r.GetValue(Volume);
            if (min is { } low && max is { } high && low > high)
            {
                r.AddError("--min-volume is larger than --max-volume.");
            }
            else if (target is { } volume && (volume < min || volume > max))
            {
                r.AddError("--volume lies outside --min-volume and --max-volume.");
            }
        });
    }

    /// <summary>
    /// The request for <paramref name="input"/>'s cellar and formula; <see langword="null"/> (errors
    /// logged) when a value does not fit the cellar.
    /// </summary>
    public BlendRequest? ToRequest(ParseResult parseResult, CellarInput input, ILogger logger, WineAttributes? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Parse(parseResult, input.Cellar, input.TanksFile, logger, attributes)?.For(input.Formula);
    }

    /// <summary>
    /// Reads <c>--wines</c> when given, logging its warnings (cellar wines it does not list among them)
    /// and errors; <see langword="false"/> when it cannot be read (exit code 3). Without <c>--wines</c>,
    /// <paramref name="attributes"/> is <see langword="null"/>.
    /// </summary>
    public bool TryReadWines(ParseResult parseResult, Cellar cellar, string tanksFile, char? delimiter, ILogger logger, out WineAttributes? attributes)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(cellar);
        attributes = null;
        if (parseResult.GetValue(Wines) is not { } path)
        {
            return true;
        }

        attributes = InputOptions.Log(WinesCsv.Load(path, delimiter), logger);
        if (attributes is null)
        {
            return false;
        }

        foreach (var warning in WinesCsv.MissingWines(attributes, cellar.Wines, tanksFile))
        {
            logger.Warning("{Warning}", warning.ToString());
        }

        return true;
    }

    /// <summary>
    /// What the command line asks of every formula planned on <paramref name="cellar"/> (the volume,
    /// when the user names none, depends on the formula); <see langword="null"/> (errors logged) when
    /// a value does not fit the cellar, read from <paramref name="tanksFile"/>.
    /// </summary>
    public RequestTemplate? Parse(ParseResult parseResult, Cellar cellar, string tanksFile, ILogger logger, WineAttributes? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(logger);
        var ok = true;
        long? VolumeOf(Option<decimal?> option)
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

        var requirements = ImmutableArray.CreateBuilder<ShareRequirement>();
        foreach (var text in parseResult.GetValue(Require) ?? [])
        {
            // The validator has parsed every value already: here only the files can refuse one.
            string? error = null;
            if (RequirementExpression.TryParse(text, out _)?.Resolve(cellar, tanksFile, attributes, out error) is { } requirement)
            {
                requirements.Add(requirement);
            }
            else
            {
                logger.Error("{Error}", error);
                ok = false;
            }
        }

        var kept = parseResult.GetValue(KeepWine) ?? [];
        var maxWaste = VolumeOf(MaxWaste);
        var fixedVolume = volumeDefault == VolumeDefault.Fixed;
        var target = fixedVolume ? null : VolumeOf(Volume);
        var min = fixedVolume ? null : VolumeOf(MinVolume);
        var max = fixedVolume ? null : VolumeOf(MaxVolume);
        if (!ok)
        {
            return null;
        }

        foreach (var wine in kept.Where(w => !cellar.Wines.Contains(w, StringComparer.Ordinal) && !cellar.Lots.ContainsKey(w)))
        {
            logger.Warning("--keep-wine {Wine}: no tank of {File} holds it.", wine, tanksFile);
        }

        return new RequestTemplate(cellar, volumeDefault)
        {
            ExcludedTanks = [.. excluded],
            KeptWines = [.. kept],
            TolerancePp = parseResult.GetValue(Tolerance),
            AllowWaste = parseResult.GetValue(AllowWaste),
            AllowLeftoverBlends = parseResult.GetValue(AllowLeftoverBlends),
            MaxSteps = parseResult.GetValue(MaxSteps),
            MaxTransfers = parseResult.GetValue(MaxTransfers),
            Target = target,
            Min = min,
            Max = max,
            MaxWaste = maxWaste,
            Requirements = requirements.ToImmutable(),
        };
    }
}
