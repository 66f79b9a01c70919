using System.Globalization;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>Ctrl-C: the search stops, and the best plan found so far is still verified and written.</summary>
[Trait("Category", "Slow")]
public sealed class PlanInterruptTests
{
    // A safety net, not a measure: if cancellation were ignored, the hour-long budget would run on.
    [Fact(Timeout = 600_000)]
    public async Task InterruptingAfterTheFirstPlanStillWritesAVerifiedPlanAndExitsWith130()
    {
        // The house cellar: a one-worker search there runs for minutes, so Ctrl-C surely comes first.
        using var folder = PlanRun.WithSample("house-cellar");
        using var interrupt = new CancellationTokenSource();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        // A progress line means the solver holds a plan; Ctrl-C comes from another thread, as a signal does.
        using var error = new WatchingWriter("largest deviation", () => _ = Task.Run(interrupt.Cancel));
        string[] args =
        [
            "plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"),
            "--out", folder.PathOf("plan.csv"), "--workers", "1", "--seed", "1", "--time-limit", "3600",
            "--strategy", "split-assemble",
        ];

        var exitCode = await KrugCli.RunAsync(args, new CliConsole(output, error, false, false), interrupt.Token);

        var run = new CliResult(exitCode, output.ToString(), error.ToString());
        exitCode.Should().Be(ExitCodes.Interrupted, run.ToString());
        run.Out.Should().BeEmpty();
        File.Exists(folder.PathOf("plan.csv")).Should().BeTrue(run.ToString());
        var verified = await CliRun.VerifyAsync(folder);
        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
    }
}
