using System.CommandLine;
using Krug.Blending.Cli.Logging;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// Base of every krug-blend command: wires the action, gives it a logger on standard error, and
/// the console whose writers the parse result is configured with.
/// </summary>
internal abstract class KrugCommand : Command
{
    protected KrugCommand(string name, string description, CliConsole console)
        : base(name, description)
    {
        Console = console;
        SetAction(async (parseResult, cancellationToken) =>
        {
            using var logger = CliLog.Create(Console, GlobalOptions.LogLevel(parseResult));
            // What the run really takes, after the options file, the command line and the defaults: one line to repeat it by.
            logger.Information("Options: {Options:l}", EffectiveOptions.From(parseResult).ToLine());
            return await ExecuteAsync(parseResult, logger, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>Where this command writes.</summary>
    protected CliConsole Console { get; }

    /// <summary>Runs the command and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, ILogger logger, CancellationToken cancellationToken);
}
