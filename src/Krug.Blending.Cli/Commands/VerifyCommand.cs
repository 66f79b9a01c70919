using System.CommandLine;
using Serilog;

namespace Krug.Blending.Cli.Commands;

// Placeholder while the verify command is written.
internal sealed class VerifyCommand(CliConsole console) : KrugCommand("verify", "Replays a plan and checks every cellar rule.", console)
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, ILogger logger, CancellationToken cancellationToken) =>
        Task.FromResult(ExitCodes.InternalError);
}
