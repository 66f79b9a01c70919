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
/// so 3125 hL are unused; nothing is wasted; 3 transfers in 3 steps. The cellar after the plan: C001
/// holds the 1250 hL of C it received (wine moved), C002 and C003 are emptied, C005 holds a leftover
/// blend of 625 A + 1250 B (1/3, 2/3), C006 the final blend; C004 is empty again, as it started, so it
/// is not listed. Moved but not used: 625 hL A, 1250 hL B, 1250 hL C. The leftover blend in C005 makes
/// the plan invalid unless <c>--allow-leftover-blends</c> is given.
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

        var result = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--format", format);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Golden.Match("verify-spec-example", extension, result.Out);
    }

    /// <summary>
    /// Without <c>--allow-leftover-blends</c> the same plan breaks one limit of the request: the table
    /// and JSON list it and still show what the plan makes, the CSV lists the violation alone.
    /// </summary>
    [Theory]
    [InlineData("table", "txt")]
    [InlineData("csv", "csv")]
    [InlineData("json", "json")]
    public async Task TheReportOfAPlanLeavingALeftoverBlendMatchesItsGoldenFile(string format, string extension)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);

        var result = await CliRun.VerifyAsync(folder, "--format", format);

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        Golden.Match("verify-spec-example-leftover-blend", extension, result.Out);
    }

    [Fact]
    public async Task TheJsonReportHoldsTheHandComputedBlend()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);

        var result = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
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
        blend.GetProperty("leftoverBlends").GetDecimal().Should().Be(1875);

        var after = blend.GetProperty("cellarAfter");
        var changed = after.GetProperty("changedTanks").EnumerateArray().ToList();
        changed.Select(t => (t.GetProperty("tank").GetString(), t.GetProperty("end").GetString(), t.GetProperty("capacity").GetDecimal()))
            .Should().Equal(("C001", "moved", 1250m), ("C002", "emptied", 2500m), ("C003", "emptied", 3750m), ("C005", "leftover-blend", 1875m), ("C006", "blend", 4375m));
        Contents(changed[0].GetProperty("before")).Should().Equal((SpecExample.WineA, 100.0));
        Contents(changed[0].GetProperty("after")).Should().Equal((SpecExample.WineC, 100.0));
        changed[1].GetProperty("after").ValueKind.Should().Be(JsonValueKind.Null);
        changed[3].GetProperty("before").ValueKind.Should().Be(JsonValueKind.Null);
        var leftover = Contents(changed[3].GetProperty("after"));
        leftover.Select(c => c.Wine).Should().BeEquivalentTo(SpecExample.WineA, SpecExample.WineB);
        leftover.Single(c => c.Wine == SpecExample.WineA).Percent.Should().BeApproximately(100.0 / 3, 1e-6);
        leftover.Single(c => c.Wine == SpecExample.WineB).Percent.Should().BeApproximately(200.0 / 3, 1e-6);
        Contents(changed[4].GetProperty("after")).Should().BeEquivalentTo(
            wines.Select(w => (w.GetProperty("wine").GetString()!, w.GetProperty("achievedPercent").GetDouble())), "the final tanks hold the blend the report describes");
        after.GetProperty("leftoverBlendVolume").GetDecimal().Should().Be(1875);
        after.GetProperty("movedNotUsed").EnumerateArray().Select(m => (m.GetProperty("wine").GetString(), m.GetProperty("volume").GetDecimal()))
            .Should().BeEquivalentTo([(SpecExample.WineA, 625m), (SpecExample.WineB, 1250m), (SpecExample.WineC, 1250m)]);
    }

    private static List<(string Wine, double Percent)> Contents(JsonElement contents) =>
        [.. contents.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble()))];

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task TheReportIsTheSameUnderAFrenchCulture(string format)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        var invariant = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--format", format);

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CliResult french;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
            // A French spreadsheet export: ';' and decimal commas must read the same.
            folder.Write("tanks.csv", SpecExample.Tanks.Replace(',', ';').Replace("1250;", "1250,0;", StringComparison.Ordinal));
            french = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--format", format);
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
