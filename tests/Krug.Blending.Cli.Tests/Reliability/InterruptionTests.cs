using System.Diagnostics;
using System.Globalization;
using System.Text;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// Ctrl-C during <c>plan</c>, as a user or a batch scheduler sends it: the built CLI runs as a child
/// process, gets SIGINT once it reports progress, and must stop with exit code 130 after writing the
/// best verified plan so far. Nothing here depends on how fast the machine is: the signal follows a
/// progress line, not a delay, and the only time limit of the test is a generous safety net that
/// kills a child that never ends (it is not a measure of how quickly Ctrl-C works).
/// </summary>
[Trait("Category", "Slow")]
public sealed class InterruptionTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromMinutes(10);

    /// <summary>Whether SIGINT (signal 2) is in this process's ignored-signal mask, where Linux shows one.</summary>
    private static bool SigintIgnoredByThisProcess()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return false;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ignored)
            && (ignored & (1UL << (2 - 1))) != 0;
    }

    [Fact]
    public async Task SigintDuringPlanWritesTheBestPlanSoFarAndExitsWith130()
    {
        if (OperatingSystem.IsWindows())
        {
            // No SIGINT to send to another process on Windows; the cancellation path is the same code.
            return;
        }

        // A child inherits an ignored SIGINT (a run started with `nohup … &`), and .NET then never sees
        // the signal: the child would search for its hour and the test wait out its safety net.
        SigintIgnoredByThisProcess().Should().BeFalse(
            "this test run ignores SIGINT (inherited, e.g. from `nohup … &`), so no child could see Ctrl-C; run the tests in the foreground");

        using var folder = new TempFolder();
        var (tanks, formula) = LargeCellar(wines: 100, empties: 250);
        folder.Write("tanks.csv", tanks);
        folder.Write("formula.csv", formula);
        var output = folder.PathOf("plan.csv");

        // An hour of search: the run can only end early because of the signal.
        using var child = Start(
            "plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"),
            "--out", output, "--time-limit", "3600", "--workers", "1");
        var stderr = new StringBuilder();
        var progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            // A progress line means the solver holds a plan, so there is a best plan to write.
            if (e.Data.Contains("largest deviation", StringComparison.Ordinal))
            {
                progress.TrySetResult();
            }
        };
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();
        var exited = child.WaitForExitAsync();

        try
        {
            (await WithinSafetyNet(Task.WhenAny(progress.Task, exited))).Should().BeTrue($"safety net: neither a progress line nor an exit in {SafetyNet}\n{Text(stderr)}");
            child.HasExited.Should().BeFalse($"an hour-long search must still be running at its first progress line\n{Text(stderr)}");

            using (var kill = Process.Start("kill", ["-INT", child.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                kill.ExitCode.Should().Be(0, "the signal must reach the child");
            }

            (await WithinSafetyNet(exited)).Should().BeTrue($"safety net: the child did not end within {SafetyNet} of Ctrl-C\n{Text(stderr)}");

            child.ExitCode.Should().Be(ExitCodes.Interrupted, Text(stderr));
            File.Exists(output).Should().BeTrue(Text(stderr));
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["tanks.csv", "formula.csv", "plan.csv"], "no temporary file is left behind");

            var verify = await CliRun.RunAsync("verify", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--plan", output);
            verify.ExitCode.Should().Be(ExitCodes.Success, verify.ToString());
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<bool> WithinSafetyNet(Task task)
    {
        using var cancel = new CancellationTokenSource();
        var finished = await Task.WhenAny(task, Task.Delay(SafetyNet, cancel.Token));
        await cancel.CancelAsync();
        return finished == task;
    }

    /// <summary>The built CLI, run by the same dotnet host as the tests.</summary>
    internal static Process Start(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "krug-blend.dll");
        File.Exists(cli).Should().BeTrue($"the Cli project is referenced, so {cli} is built next to the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>
    /// A cellar in the size of the optimizer's reference runs: each wine in two full tanks, empties of
    /// a few sizes, a formula over every wine. Fixed seed, so every run searches the same problem.
    /// </summary>
    internal static (string Tanks, string Formula) LargeCellar(int wines, int empties)
    {
        var random = new Random(42);
        var tanks = new StringBuilder("tank,capacity,wine\n");
        var formula = new StringBuilder("wine,percent\n");
        var id = 0;
        for (var w = 0; w < wines; w++)
        {
            var wine = string.Create(CultureInfo.InvariantCulture, $"Vin {w:000}");
            for (var t = 0; t < 2; t++)
            {
                tanks.Append(CultureInfo.InvariantCulture, $"C{++id:0000},{random.Next(2, 40) * 25},{wine}\n");
            }

            formula.Append(CultureInfo.InvariantCulture, $"{wine},{random.Next(1, 200) / 10m}\n");
        }

        for (var e = 0; e < empties; e++)
        {
            tanks.Append(CultureInfo.InvariantCulture, $"C{++id:0000},{random.Next(4, 120) * 25},\n");
        }

        return (tanks.ToString(), formula.ToString());
    }

    private static string Text(StringBuilder stderr)
    {
        lock (stderr)
        {
            return stderr.ToString();
        }
    }
}
