using System.Globalization;
using Krug.Blending.Cli.Tests.Planning;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Batch;

/// <summary>Ctrl-C during a batch: finished formulas keep their files, the summary says which were not run.</summary>
[Trait("Category", "Slow")]
public sealed class BatchInterruptTests
{
    // A safety net, not a measure: if cancellation were ignored, the hour-long budgets would run on.
    [Fact(Timeout = 600_000)]
    public async Task InterruptingABatchKeepsFinishedFormulasAndMarksTheRestAsNotRun()
    {
        // The house cellar's formula runs its whole budget (the twenty-wine cellar's is proven in seconds,
        // which a busy machine could let finish before the interrupt lands).
        using var folder = PlanRun.WithSample("house-cellar");
        var formulas = Directory.CreateDirectory(folder.PathOf("formulas")).FullName;
        // One formula the solver proves at once (one wine, poured whole), then two it cannot finish within the session.
        var oneWine = File.ReadLines(folder.PathOf("formula.csv")).Skip(1).First().Split(',')[0];
        File.WriteAllText(Path.Combine(formulas, "a-quick.csv"), $"wine,percent\n{oneWine},100\n");
        File.Copy(folder.PathOf("formula.csv"), Path.Combine(formulas, "b-hard.csv"));
        File.Copy(folder.PathOf("formula.csv"), Path.Combine(formulas, "c-later.csv"));
        var outDir = folder.PathOf("out");

        using var interrupt = new CancellationTokenSource();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new WatchingWriter("[1/3] a-quick", () => _ = Task.Run(interrupt.Cancel));
        string[] args =
        [
            "batch", "--tanks", folder.PathOf("tanks.csv"), "--formulas", formulas, "--out", outDir,
            "--jobs", "1", "--workers", "1", "--seed", "1", "--time-limit", "3600",
        ];

        var exitCode = await KrugCli.RunAsync(args, new CliConsole(output, error, false, false), interrupt.Token);

        var run = new CliResult(exitCode, output.ToString(), error.ToString());
        exitCode.Should().Be(ExitCodes.Interrupted, run.ToString());
        File.Exists(Path.Combine(outDir, "a-quick", "plan.csv")).Should().BeTrue(run.ToString());
        File.Exists(Path.Combine(outDir, "a-quick", "report.csv")).Should().BeTrue();
        var verified = await CliRun.RunAsync(
            "verify", "--tanks", folder.PathOf("tanks.csv"), "--formula", Path.Combine(formulas, "a-quick.csv"),
            "--plan", Path.Combine(outDir, "a-quick", "plan.csv"));
        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());

        var summary = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        summary.Should().HaveCount(4, "a header and one row per formula, run or not");
        summary[1].Should().StartWith("a-quick,optimal,");
        summary[2].Should().StartWith("b-hard,").And.Contain("interrupted");
        summary[3].Should().StartWith("c-later,skipped,").And.Contain("interrupted before this formula was planned");
        Directory.Exists(Path.Combine(outDir, "c-later")).Should().BeFalse();
    }
}
