using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>The exit codes of docs/exit-codes.md, as a script sees them.</summary>
public sealed class PlanExitCodeTests
{
    // 100 + 100 hL can fill an empty 150 hL tank neither whole (200) nor by one tank (100): nothing fits.
    private const string NothingFitsTanks =
        "tank,capacity,wine\n" +
        "T1,100,Wine 1\n" +
        "T2,100,Wine 2\n" +
        "T3,150,\n";

    private const string HalfAndHalf =
        "wine,percent\n" +
        "Wine 1,50\n" +
        "Wine 2,50\n";

    [Fact]
    public async Task ACellarWhereNothingFitsExitsWithNoPlanAndSaysWhyOnStderr()
    {
        using var folder = PlanRun.WithCellar(NothingFitsTanks, HalfAndHalf);

        var result = await PlanRun.RunAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.NoPlan, result.ToString());
        result.Error.Should().Contain("no-plan").And.Contain("empty tanks");
        result.Out.Should().MatchRegex(@"Status\s+no-plan\n");
        result.Out.Should().NotContain("Work order");
    }

    [Fact]
    public async Task NoPlanWritesNoFile()
    {
        using var folder = PlanRun.WithCellar(NothingFitsTanks, HalfAndHalf);

        var result = await PlanRun.RunAsync(folder, "--out", folder.PathOf("plan.csv"), "--report", folder.PathOf("report.csv"));

        result.ExitCode.Should().Be(ExitCodes.NoPlan, result.ToString());
        result.Out.Should().BeEmpty();
        File.Exists(folder.PathOf("plan.csv")).Should().BeFalse();
        File.Exists(folder.PathOf("report.csv")).Should().BeFalse();
    }

    [Fact]
    public async Task AFormulaWineInNoTankIsAnInputErrorNamingTheFormulaLine()
    {
        using var folder = PlanRun.WithCellar(NothingFitsTanks, "wine,percent\nWine 1,50\nWine 9,50\n");

        var result = await PlanRun.RunAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("formula.csv:3:").And.Contain("Wine 9");
        result.Out.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--max-waste needs --allow-waste", "--max-waste", "10")]
    [InlineData("--min-volume is larger than --max-volume", "--min-volume", "500", "--max-volume", "100")]
    [InlineData("C999", "--exclude-tank", "C999")]
    [InlineData("--tolerance cannot be negative", "--tolerance", "-1")]
    [InlineData("--max-volume must be positive", "--max-volume", "-5")]
    [InlineData("--volume must be positive", "--volume", "0")]
    [InlineData("--volume lies outside --min-volume and --max-volume", "--volume", "100", "--min-volume", "200")]
    [InlineData("has more decimals", "--volume", "150.5")]
    [InlineData("--max-transfers must be at least 1", "--max-transfers", "0")]
    [InlineData("--max-steps must be between 1 and 20", "--max-steps", "0")]
    [InlineData("--work-limit must be a positive number", "--work-limit", "0")]
    [InlineData("--accuracy-resolution must be between 0 and 100", "--accuracy-slack", "-1")]
    [InlineData("'--wall-clock'", "--wall-clock")]
    [InlineData("has more decimals", "--min-volume", "100.5")]
    [InlineData("--out and --report name the same file", "--out", "same.csv", "--report", "same.csv")]
    [InlineData("--out and --diagram name the same file", "--out", "same.mmd", "--diagram", "same.mmd")]
    [InlineData("--report and --diagram name the same file", "--report", "same.mmd", "--diagram", "./same.mmd")]
    [InlineData("xml", "--format", "xml")]
    [InlineData("--workers", "--workers", "0")]
    [InlineData("--time-limit", "--time-limit", "0")]
    public async Task AWrongCommandLineIsAUsageError(string message, params string[] options)
    {
        using var folder = PlanRun.WithCellar(NothingFitsTanks, HalfAndHalf);

        var result = await PlanRun.RunAsync(folder, options);

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain(message);
        result.Out.Should().BeEmpty();
        File.Exists("same.csv").Should().BeFalse();
        File.Exists("same.mmd").Should().BeFalse();
    }
}
