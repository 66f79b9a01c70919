using System.Reflection;
using Google.OrTools.Sat;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Diagram;

public sealed class VersionTests
{
    [Fact]
    public async Task VersionPrintsTheToolVersionAndTheOrToolsVersion()
    {
        var result = await CliRun.RunAsync("--version");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var tool = typeof(KrugCli).Assembly.GetName().Version!;
        var orTools = typeof(CpSolver).Assembly.GetName().Version!;
        result.Out.Should().Be($"krug-blend {tool.ToString(3)} (OR-Tools {orTools.ToString(3)}){Environment.NewLine}");
        result.Out.Should().NotContain("+", "build metadata such as a commit hash is not part of the version line");
    }
}
