using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Krug.Blending.Cli.Commands;
using Krug.Blending.Cli.Output;

namespace Krug.Blending.Cli;

/// <summary>The krug-blend application: builds the command tree, runs one command line, maps every outcome to an exit code.</summary>
internal static class KrugCli
{
    /// <summary>Builds the root command with every subcommand, writing through <paramref name="console"/>.</summary>
    public static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand(
            "Plans how a champagne house blends the wines of its cellar: every tank stays completely full or completely empty, " +
            "and the final blend comes as close as possible to the cellar master's formula.")
        {
            new PlanCommand(console),
            new VerifyCommand(console),
            new BatchCommand(console),
            new TradeoffsCommand(console),
        };
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        root.Options.Add(OptionsFile.Option);

        // The built-in option prints only the assembly version; a bug report also needs the solver's.
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction(console);
        }

        return root;
    }

    /// <summary>Runs one command line and returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = CreateRootCommand(console);
        ParseResult parseResult;
        try
        {
            parseResult = root.Parse(args);
        }
#pragma warning disable CA1031 // A validator that throws is a bug; it must end as one (exit 70), not as a crash of the process.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await ReportInternalErrorAsync(console, exception).ConfigureAwait(false);
            return ExitCodes.InternalError;
        }

        IReadOnlyDictionary<string, string> fromFile = new Dictionary<string, string>();
        if (parseResult.GetValue(OptionsFile.Option) is { } optionsPath)
        {
            var merged = OptionsFile.Merge(args, parseResult, optionsPath);
            foreach (var warning in merged.Warnings)
            {
                await console.Error.WriteLineAsync($"warning: {TerminalText.Escape(warning)}").ConfigureAwait(false);
            }

            if (merged.Errors.Count > 0)
            {
                foreach (var error in merged.Errors)
                {
                    await console.Error.WriteLineAsync($"error: {TerminalText.Escape(error)}").ConfigureAwait(false);
                }

                await console.Error.WriteLineAsync($"Run 'krug-blend {parseResult.CommandResult.Command.Name} --help' to see the options; docs/csv-formats.md describes the options file.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            parseResult = root.Parse([.. merged.Args]);
            fromFile = merged.Origins;
        }

        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                // Messages quote the command line, which may hold anything a file name can.
                await console.Error.WriteLineAsync($"error: {TerminalText.Escape(error.Message)}").ConfigureAwait(false);
            }

            // A value the options file gave is refused by the option's own check: say where it came from.
            foreach (var (option, origin) in fromFile.Where(o => parseResult.Errors.Any(e => Names(e.Message, o.Key))).OrderBy(o => o.Value, StringComparer.Ordinal))
            {
                await console.Error.WriteLineAsync($"note: the value of {option} comes from {TerminalText.Escape(origin)}").ConfigureAwait(false);
            }

            var commandName = parseResult.CommandResult.Command == root ? string.Empty : " " + parseResult.CommandResult.Command.Name;
            await console.Error.WriteLineAsync($"Run 'krug-blend{commandName} --help' to see the options.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Ctrl-C cancels the action's token; give the solver time to stop and the best plan time to be verified and written.
            ProcessTerminationTimeout = ReferenceEquals(console, CliConsole.System) ? TimeSpan.FromSeconds(30) : null,
        };

        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("Interrupted.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The last line of defence: a bug must still end with a clear message and a documented code.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await ReportInternalErrorAsync(console, exception).ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Whether an error message is about <paramref name="option"/> (and not only about an option whose name starts the same).</summary>
    private static bool Names(string message, string option)
    {
        for (var at = message.IndexOf(option, StringComparison.Ordinal); at >= 0; at = message.IndexOf(option, at + 1, StringComparison.Ordinal))
        {
            var end = at + option.Length;
            if (end == message.Length || !(char.IsLetterOrDigit(message[end]) || message[end] == '-'))
            {
                return true;
            }
        }

        return false;
    }

    private static Task ReportInternalErrorAsync(CliConsole console, Exception exception) =>
        console.Error.WriteLineAsync(TerminalText.EscapeKeepingLines(
            $"internal error: {exception.Message}{Environment.NewLine}This is a bug in krug-blend; please report it with the command line and input files.{Environment.NewLine}{exception}"));

    /// <summary>The tool version without build metadata (<c>0.1.0</c>, not <c>0.1.0+3f2a…</c>).</summary>
    public static string ToolVersion
    {
        get
        {
            var version = typeof(KrugCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(KrugCli).Assembly.GetName().Version?.ToString(3)
                ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    /// <summary>The line <c>--version</c> prints: <c>krug-blend 0.1.0 (OR-Tools 9.15.6755)</c>.</summary>
    public static string VersionLine() =>
        $"krug-blend {ToolVersion} (OR-Tools {Google.OrTools.Init.OrToolsVersion.VersionString()})";

    private sealed class VersionAction(CliConsole console) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            // Asking the native library, not the managed assembly, also proves the native runtime loads.
            console.Out.WriteLine(VersionLine());
            return ExitCodes.Success;
        }
    }
}
