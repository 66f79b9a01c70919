using System.CommandLine;
using Krug.Blending.Cli.Csv;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// The options every command that reads a cellar takes (<c>--tanks</c>, <c>--lots</c>, <c>--formula</c>,
/// <c>--delimiter</c>, <c>--unit</c>), and the loading of those files. Each command creates its own
/// instance: an option belongs to the command it is added to.
/// </summary>
internal sealed class InputOptions
{
    /// <summary>The unit label when <c>--unit</c> is not given.</summary>
    public const string DefaultUnit = "hL";

    /// <summary><c>--tanks</c>: the cellar.</summary>
    public Option<string> Tanks { get; } = new("--tanks")
    {
        Description = "The cellar: a CSV file with one line per tank, columns tank,capacity,wine (an empty wine cell is an empty tank), and lot for tanks of a lot (see --lots).",
        HelpName = "tanks.csv",
        Required = true,
    };

    /// <summary><c>--lots</c>: the make-up of the lots that tanks.csv names.</summary>
    public Option<string?> Lots { get; } = new("--lots")
    {
        Description = "The lots the cellar keeps as blends: a CSV file with one line per wine of a lot, columns lot,wine,percent. " +
            "A tank of a lot names it in the lot column of the tanks file.",
        HelpName = "lots.csv",
    };

    /// <summary><c>--formula</c>: the target blend.</summary>
    public Option<string> Formula { get; } = new("--formula")
    {
        Description = "The target blend: a CSV file with one line per wine, columns wine,percent (normalised if they do not add up to 100).",
        HelpName = "formula.csv",
        Required = true,
    };

    /// <summary><c>--delimiter</c>: overrides the delimiter detected from each file's header line.</summary>
    public Option<char?> Delimiter { get; } = new("--delimiter")
    {
        Description = "Field delimiter of the input files: ',' ';' or 'tab'. By default it is detected from each file's header line. " +
            "With ';', numbers may use a decimal comma (12,5).",
        HelpName = ",|;|tab",
        CustomParser = result =>
        {
            var value = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            var delimiter = CsvDelimiter.FromOptionValue(value);
            if (delimiter is null)
            {
                result.AddError($"--delimiter must be ',' ';' or 'tab', got '{value}'.");
            }

            return delimiter;
        },
    };

    /// <summary><c>--unit</c>: the label of the volumes.</summary>
    public Option<string> Unit { get; } = new("--unit")
    {
        Description = "Label of the volumes in tanks.csv, shown in reports (only a label: no number is converted).",
        HelpName = "label",
        DefaultValueFactory = _ => DefaultUnit,
        Validators =
        {
            result =>
            {
                if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
                {
                    result.AddError("--unit cannot be empty.");
                }
            },
        },
    };

    /// <summary>
    /// Adds the options to <paramref name="command"/>, with the command's own file options
    /// (<paramref name="moreFiles"/>) after the tanks and formula so that help lists the files first.
    /// </summary>
    public void AddTo(Command command, params Option[] moreFiles)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(moreFiles);
        command.Options.Add(Tanks);
        command.Options.Add(Lots);
        command.Options.Add(Formula);
        foreach (var option in moreFiles)
        {
            command.Options.Add(option);
        }

        command.Options.Add(Delimiter);
        command.Options.Add(Unit);
    }

    /// <summary>
    /// Reads the tanks and formula files named on the command line and checks them against each
    /// other. Warnings and errors are logged here; a <see langword="null"/> result means the command
    /// must stop with <see cref="ExitCodes.InputError"/>.
    /// </summary>
    public CellarInput? Load(ParseResult parseResult, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var result = CellarInput.Load(
            parseResult.GetRequiredValue(Tanks),
            parseResult.GetRequiredValue(Formula),
            parseResult.GetValue(Lots),
            parseResult.GetValue(Delimiter),
            parseResult.GetValue(Unit) ?? DefaultUnit);
        return Log(result, logger);
    }

    /// <summary>Logs the warnings and errors of <paramref name="result"/> on standard error and returns its value.</summary>
    public static T? Log<T>(ReadResult<T> result, ILogger logger)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var warning in result.Warnings)
        {
            logger.Warning("{Warning}", warning.ToString());
        }

        foreach (var error in result.Errors)
        {
            logger.Error("{Error}", error.ToString());
        }

        return result.Value;
    }
}
