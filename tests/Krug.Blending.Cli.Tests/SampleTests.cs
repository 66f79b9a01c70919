using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

public sealed class SampleTests
{
    [Fact]
    public async Task EverySamplePlanVerifiesAgainstItsCellar()
    {
        var samples = Path.Combine(RepositoryRoot.Find(), "samples");
        var plans = Directory.Exists(samples)
            ? Directory.GetDirectories(samples).Where(d => File.Exists(Path.Combine(d, "plan.csv"))).Order(StringComparer.Ordinal).ToList()
            : [];

        foreach (var sample in plans)
        {
            var result = await CliRun.RunAsync(
                "verify",
                "--tanks", Path.Combine(sample, "tanks.csv"),
                "--formula", Path.Combine(sample, "formula.csv"),
                "--plan", Path.Combine(sample, "plan.csv"));

            result.ExitCode.Should().Be(ExitCodes.Success, $"{sample}: {result}");
            result.Out.Should().StartWith("The plan is valid.");
        }
    }
}
