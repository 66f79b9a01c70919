using System.Diagnostics;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Packaging;

/// <summary>
/// Packs the CLI as a dotnet tool, installs it into a temporary tool path and runs it: the only
/// way to know that OR-Tools' native runtime ships in the package and loads from an installed tool.
/// Slow (pack + install, about 20–30 s): it carries the trait Category=Slow, so
/// <c>dotnet test --filter Category!=Slow</c> leaves it out locally, and it skips itself when
/// KRUG_SKIP_PACKAGING=1 or when no dotnet host is known. CI runs it (it has the package mirror).
/// </summary>
[Trait("Category", "Slow")]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    [PackagingFact]
    public async Task ThePackedToolInstallsAndPlansTheSpecExampleWithItsNativeSolver()
    {
        var root = RepositoryRoot.Find();
        using var temp = new TempFolder();
        var artifacts = temp.PathOf("artifacts");
        var tools = temp.PathOf("tools");

        var pack = await RunAsync(DotnetHost()!, root, "pack", Path.Combine(root, "src", "Krug.Blending.Cli"), "--no-restore", "-o", artifacts);
        pack.ExitCode.Should().Be(0, pack.Output);
        var package = Directory.GetFiles(artifacts, "krug-blend.*.nupkg").Should().ContainSingle().Subject;
        var version = Path.GetFileNameWithoutExtension(package)["krug-blend.".Length..];

        var install = await RunAsync(DotnetHost()!, temp.Path, "tool", "install", "krug-blend", "--tool-path", tools, "--add-source", artifacts, "--version", version);
        install.ExitCode.Should().Be(0, install.Output);

        var tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "krug-blend.exe" : "krug-blend");
        var versionRun = await RunAsync(tool, temp.Path, "--version");
        versionRun.ExitCode.Should().Be(0, versionRun.Output);
        versionRun.Output.Should().StartWith($"krug-blend {version} (OR-Tools ");

        var sample = Path.Combine(root, "samples", "spec-example");
        var plan = await RunAsync(tool, temp.Path,
            "plan", "--tanks", Path.Combine(sample, "tanks.csv"), "--formula", Path.Combine(sample, "formula.csv"),
            "--workers", "1", "--time-limit", "10", "--out", temp.PathOf("plan.csv"));
        plan.ExitCode.Should().Be(ExitCodes.Success, plan.Output);
        File.ReadAllText(temp.PathOf("plan.csv")).Should().StartWith("step,transfer,tank,role,volume\n");
    }

    internal static string? DotnetHost()
    {
        // dotnet test sets DOTNET_HOST_PATH to the host that runs it; the same SDK then packs and installs.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return host is not null && File.Exists(host) ? host : null;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} took longer than {CommandTimeout}.");
        }

        return (process.ExitCode, await output + await error);
    }
}

/// <summary>A fact that skips itself where the tool cannot be packed (no dotnet host) or when KRUG_SKIP_PACKAGING=1.</summary>
public sealed class PackagingFactAttribute : FactAttribute
{
    public PackagingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("KRUG_SKIP_PACKAGING") == "1")
        {
            Skip = "KRUG_SKIP_PACKAGING=1";
        }
        else if (ToolPackageTests.DotnetHost() is null)
        {
            Skip = "No dotnet host (DOTNET_HOST_PATH) to pack and install the tool with.";
        }
    }
}
