using System.Globalization;
using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

/// <summary>
/// verify's three report formats on the spec example's three-step plan, against golden files.
/// The numbers in them were checked by hand: the final blend in C006 is 625 A + 1250 B + 2500 C =
/// 4375 hL, so A 1/7 = 14.285714 %, B 2/7 = 28.571429 %, C 4/7 = 57.142857 %; deviations from
/// 20/40/40 are -2/35 = -5.714286 pp, -4/35 = -11.428571 pp, +6/35 = +17.142857 pp; the Euclidean
/// distance is 100·√(2² + 4² + 6²)/35 = 21.380899 pp; C001 (1250 C) and C005 (1875 of A:B) stay full,
/// so 3125 hL are unused; nothing is wasted; 3 transfers in 3 steps.
/// </summary>
public sealed class GoldenReportTests
{
    [Theory]
    [InlineData("table", "txt")]
    [InlineData("csv", "csv")]
    [InlineData("json", "json")]
    public async Task TheReportOfTheSpecExampleMatchesItsGoldenFile(string format, string extension)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);

        var result = await CliRun.VerifyAsync(folder, "--format", format);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Golden.Match("verify-spec-example", extension, result.Out);
    }

    [Fact]
    public async Task TheJsonReportHoldsTheHandComputedBlend()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);

        var result = await CliRun.VerifyAsync(folder, "--format", "json");

        using var json = JsonDocument.Parse(result.Out);
        var blend = json.RootElement.GetProperty("blend");
        blend.GetProperty("volume").GetDecimal().Should().Be(625 + 1250 + 2500);
        var wines = blend.GetProperty("wines").EnumerateArray().ToList();
        wines.Select(w => w.GetProperty("wine").GetString()).Should().Equal(SpecExample.WineA, SpecExample.WineB, SpecExample.WineC);
        wines.Select(w => w.GetProperty("achievedShare").GetString()).Should().Equal("1/7", "2/7", "4/7");
        wines.Select(w => w.GetProperty("targetShare").GetString()).Should().Equal("1/5", "2/5", "2/5");
        double[] deviations = [100.0 * (1.0 / 7 - 0.2), 100.0 * (2.0 / 7 - 0.4), 100.0 * (4.0 / 7 - 0.4)];
        for (var i = 0; i < 3; i++)
        {
            wines[i].GetProperty("deviationPp").GetDouble().Should().BeApproximately(deviations[i], 1e-6);
        }

        blend.GetProperty("maxDeviationPp").GetDouble().Should().BeApproximately(600.0 / 35, 1e-6);
        blend.GetProperty("euclideanPp").GetDouble().Should().BeApproximately(100 * Math.Sqrt(4 + 16 + 36) / 35, 1e-6);
        blend.GetProperty("wasted").GetDecimal().Should().Be(0);
        blend.GetProperty("unused").GetDecimal().Should().Be(1250 + 1875);
        blend.GetProperty("transfers").GetInt32().Should().Be(3);
        blend.GetProperty("steps").GetInt32().Should().Be(3);
        blend.GetProperty("finalTanks").EnumerateArray().Select(t => t.GetString()).Should().Equal("C006");
    }

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task TheReportIsTheSameUnderAFrenchCulture(string format)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        var invariant = await CliRun.VerifyAsync(folder, "--format", format);

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CliResult french;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
            // A French spreadsheet export: ';' and decimal commas must read the same.
            folder.Write("tanks.csv", SpecExample.Tanks.Replace(',', ';').Replace("1250;", "1250,0;", StringComparison.Ordinal));
            french = await CliRun.VerifyAsync(folder, "--format", format);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        invariant.ExitCode.Should().Be(ExitCodes.Success, invariant.ToString());
        french.ExitCode.Should().Be(ExitCodes.Success, french.ToString());
        french.Out.Should().Be(invariant.Out);
        french.Out.Should().Contain("14.28").And.NotContain("14,28");
    }
}
