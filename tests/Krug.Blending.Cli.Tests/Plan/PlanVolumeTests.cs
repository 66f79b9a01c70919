using System.Globalization;
using System.Text;
using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>
/// How much blend <c>plan</c> makes: <c>--volume</c> (±5 %, or <c>--min-volume</c>/<c>--max-volume</c>),
/// the default when none is named, and the line on standard error that says what limits the volume.
/// </summary>
public sealed class PlanVolumeTests
{
    /// <summary>
    /// Eight 100 hL tanks of wine A and six of wine B, a 50/50 formula, empties of 150 to 800 hL
    /// (2500 hL in all). Wine B runs out first: the formula can be met up to 2 × 600 = 1200 hL, so that
    /// is the default volume; every even number of 100 hL tanks is exact when the empties add up to it.
    /// </summary>
    private static TempFolder Cellar()
    {
        var tanks = new StringBuilder("tank,capacity,wine\n");
        for (var i = 1; i <= 8; i++)
        {
            tanks.Append(CultureInfo.InvariantCulture, $"A{i:00},100,Wine A\n");
        }

        for (var i = 1; i <= 6; i++)
        {
            tanks.Append(CultureInfo.InvariantCulture, $"B{i:00},100,Wine B\n");
        }

        tanks.Append("E1,150,\nE2,250,\nE3,300,\nE4,400,\nE5,600,\nE6,800,\n");
        return PlanRun.WithCellar(tanks.ToString(), "wine,percent\nWine A,50\nWine B,50\n");
    }

    [Theory]
    [InlineData(new[] { "--volume", "600" }, 570, 630)]
    [InlineData(new[] { "--volume", "1000" }, 950, 1050)]
    [InlineData(new[] { "--volume", "300" }, 285, 315)]
    [InlineData(new[] { "--volume", "700", "--min-volume", "500", "--max-volume", "900" }, 500, 900)]
    [InlineData(new[] { "--min-volume", "400", "--max-volume", "450" }, 400, 450)]
    public async Task ThePlanMakesAVolumeWithinFivePercentOfVolumeOrWithinTheGivenBounds(string[] options, int min, int max)
    {
        using var folder = Cellar();

        var result = await PlanRun.RunAsync(folder, ["--format", "json", .. options]);

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var asked = json.RootElement.GetProperty("volumeAsked");
        (asked.GetProperty("min").GetDecimal(), asked.GetProperty("max").GetDecimal()).Should().Be((min, max));
        json.RootElement.GetProperty("blend").GetProperty("volume").GetDecimal().Should().BeInRange(min, max);
        result.Error.Should().Contain($"(any plan making {min}–{max} hL)");
    }

    [Fact]
    public async Task AVolumeTheTanksCannotMakeWithinFivePercentIsNoPlan()
    {
        // 1875 hL ± 5 % is 1782–1968 hL: no set of empty tanks, nor a tank emptied on the way, holds that.
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--strategy", "auto", "--volume", "1875");

        result.ExitCode.Should().Be(ExitCodes.NoPlan, result.ToString());
        result.Out.Should().NotContain("Work order");
    }

    /// <summary>Without a volume the plan aims at the formula-limited volume, or the empty room when that is smaller, ±5 %.</summary>
    [Theory]
    [InlineData(new string[0], 1200, "The formula can be met up to 1200 hL: Wine B (50 % of it) runs out first with 600 hL in stock; the empty tanks hold 2500 hL.")]
    [InlineData(new[] { "--exclude-tank", "B06" }, 1000, "The formula can be met up to 1000 hL: Wine B (50 % of it) runs out first with 500 hL in stock; the empty tanks hold 2500 hL.")]
    [InlineData(new[] { "--exclude-tank", "E5", "--exclude-tank", "E6" }, 1100, "The formula can be met up to 1200 hL: Wine B (50 % of it) runs out first with 600 hL in stock; the empty tanks hold 1100 hL.")]
    public async Task WithoutAVolumeThePlanAimsAtWhatTheStockOrTheEmptyTanksAllowAndSaysWhichLimitsIt(string[] options, int target, string limits)
    {
        using var folder = Cellar();

        var result = await PlanRun.RunAsync(folder, ["--format", "json", .. options]);

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        result.Error.Should().Contain("[INF] " + limits);
        var (min, max) = ((int)Math.Ceiling(target * 0.95), (int)Math.Floor(target * 1.05));
        result.Error.Should().Contain($"Planning {target} hL (any plan making {min}–{max} hL).");
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("volumeAsked").GetProperty("target").GetDecimal().Should().Be(target);
        json.RootElement.GetProperty("volumeAsked").GetProperty("max").GetDecimal().Should().Be(max);
        json.RootElement.GetProperty("blend").GetProperty("volume").GetDecimal().Should().BeInRange(min, max);
    }

    [Fact]
    public async Task TheVolumeLimitsReachTheJsonOutput()
    {
        using var folder = Cellar();

        var result = await PlanRun.RunAsync(folder, "--format", "json", "--volume", "600");

        using var json = JsonDocument.Parse(result.Out);
        var limits = json.RootElement.GetProperty("volumeLimits");
        limits.GetProperty("formulaLimited").GetDecimal().Should().Be(1200);
        limits.GetProperty("limitingWine").GetString().Should().Be("Wine B");
        limits.GetProperty("emptyRoom").GetDecimal().Should().Be(2500);
        limits.GetProperty("usableWine").GetDecimal().Should().Be(1400);
        json.RootElement.GetProperty("volumeAsked").GetProperty("target").GetDecimal().Should().Be(600);
    }

    /// <summary>What plan was asked for, verify checks: the plan replays within the same volume options.</summary>
    [Theory]
    [InlineData("--volume", "600")]
    [InlineData("--volume", "1000")]
    [InlineData("--min-volume", "400", "--max-volume", "450")]
    public async Task VerifyAcceptsThePlanWithTheSameVolumeOptions(params string[] options)
    {
        using var folder = Cellar();

        var planned = await PlanRun.RunAsync(folder, ["--out", folder.PathOf("plan.csv"), .. options]);
        var verified = await CliRun.VerifyAsync(folder, options);

        planned.ExitCode.Should().BeOneOf(CliRun.WithPlan, planned.ToString());
        verified.ExitCode.Should().Be(ExitCodes.Success, verified.ToString());
    }
}
