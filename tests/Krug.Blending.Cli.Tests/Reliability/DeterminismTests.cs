using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// The same input gives the same files, byte for byte (the deterministic work limit of
/// docs/optimization.md; the time limit is a safety net far above what the work limit takes).
/// </summary>
public sealed class DeterminismTests
{
    [Fact]
    public async Task PlanRunTwiceWritesByteIdenticalPlanAndReport()
    {
        using var folder = new TempFolder();
        var (tanks, formula) = InterruptionTests.LargeCellar(wines: 40, empties: 60);
        folder.Write("tanks.csv", tanks);
        folder.Write("formula.csv", formula);

        async Task<(byte[] Plan, byte[] Report)> PlanAsync(string name)
        {
            var result = await CliRun.RunAsync(
                "plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"),
                "--out", folder.PathOf(name + ".plan.csv"), "--report", folder.PathOf(name + ".report.csv"),
                "--work-limit", "0.5", "--time-limit", "300", "--workers", "2");
            result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
            result.Error.Should().NotContain("The time limit ended the search", "the work limit, not the wall clock, must end the search");
            return (await File.ReadAllBytesAsync(folder.PathOf(name + ".plan.csv")), await File.ReadAllBytesAsync(folder.PathOf(name + ".report.csv")));
        }

        var first = await PlanAsync("first");
        var second = await PlanAsync("second");

        second.Plan.Should().Equal(first.Plan);
        second.Report.Should().Equal(first.Report);
    }
}
