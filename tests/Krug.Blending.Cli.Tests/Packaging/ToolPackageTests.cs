using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Packaging;

/// <summary>
/// Packs the CLI as a dotnet tool, installs it into a temporary tool path and runs it: the only
/// way to know that OR-Tools' native runtime ships in the package and loads from an installed tool,
/// and that each platform's package carries only its own natives.
/// Slow (pack of six packages + install, one to two minutes): it carries the trait Category=Slow, so
/// <c>dotnet test --filter Category!=Slow</c> leaves it out locally, and it skips itself when
/// KRUG_SKIP_PACKAGING=1 or when no dotnet host is known. CI runs it (it has the package mirror).
/// </summary>
[Trait("Category", "Slow")]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The platforms a tool package is packed for: those OR-Tools ships natives for (Krug.Blending.Cli.csproj).</summary>
    private static readonly string[] Platforms = ["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64"];

    [PackagingFact]
    public async Task ThePackedToolInstallsAndPlansTheSpecExampleWithItsNativeSolver()
    {
        var root = RepositoryRoot.Find();
        using var temp = new TempFolder();
        var artifacts = temp.PathOf("artifacts");
        var tools = temp.PathOf("tools");

        var pack = await RunAsync(DotnetHost()!, root, "pack", Path.Combine(root, "src", "Krug.Blending.Cli"), "--no-restore", "-o", artifacts);
        pack.ExitCode.Should().Be(0, pack.Output);
        // One small package that names the others, and one per platform holding only that platform's OR-Tools natives.
        var packages = Directory.GetFiles(artifacts, "krug-blend.*.nupkg").Select(Path.GetFileName).ToList();
        var pointer = packages.Should().ContainSingle(p => !Platforms.Any(rid => p!.StartsWith($"krug-blend.{rid}.", StringComparison.Ordinal))).Subject!;
        var version = Path.GetFileNameWithoutExtension(pointer)["krug-blend.".Length..];
        packages.Should().BeEquivalentTo([pointer, .. Platforms.Select(rid => $"krug-blend.{rid}.{version}.nupkg")]);
        foreach (var rid in Platforms)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(artifacts, $"krug-blend.{rid}.{version}.nupkg"));
            var files = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("tools/", StringComparison.Ordinal)).ToList();
            files.Should().OnlyContain(n => n.StartsWith($"tools/net10.0/{rid}/", StringComparison.Ordinal), $"the {rid} package holds only its own platform's files");
            var solver = rid.StartsWith("win", StringComparison.Ordinal) ? "ortools.dll" : rid.StartsWith("osx", StringComparison.Ordinal) ? "libortools.9.dylib" : "libortools.so.9";
            files.Should().Contain($"tools/net10.0/{rid}/{solver}");
        }

        var install = await RunAsync(DotnetHost()!, temp.Path, "tool", "install", "krug-blend", "--tool-path", tools, "--add-source", artifacts, "--version", version);
        install.ExitCode.Should().Be(0, install.Output);
        var installed = Directory.GetDirectories(Path.Combine(tools, ".store", "krug-blend", version)).Select(Path.GetFileName).ToList();
        installed.Where(d => d != "krug-blend").Should().ContainSingle("only the package of this machine's platform is installed")
            .Which.Should().EndWith(RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "-arm64" : "-x64");

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
