using System.Globalization;
using System.Text.Json;
using Krug.Blending.Cli.Tests.Planning;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Rollups;

/// <summary>
/// The "Roll-ups" section of the report. On the spec example's three-step plan the blend is
/// 1/7 Chardonnay, 2/7 Pinot Noir, 4/7 Meunier (see <see cref="SpecExample.ThreeStepPlan"/>), so by
/// variety 57.142857 / 28.571429 / 14.285714 %, by cru 3/7 grand cru (42.857143 %) and 4/7 without a
/// cru (Œuilly's empty cell, listed last).
/// </summary>
public sealed class RollupReportTests
{
    private static Task<CliResult> Verify(TempFolder folder, params string[] extra) =>
        CliRun.VerifyAsync(folder, ["--allow-leftover-blends", "--wines", folder.PathOf("wines.csv"), "--require", "variety=Chardonnay<=20%", "--require", "cru=grand cru>=40%", .. extra]);

    [Fact]
    public async Task TheTableRollsTheBlendUpByEachAttributeLargestShareFirst()
    {
        using var folder = WinesExample.Folder();

        var result = await Verify(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().Contain(
            "Roll-ups of the final blend\n" +
            "  Variety  Pinot Meunier       57.143 %\n" +
            "           Pinot Noir          28.571 %\n" +
            "           Chardonnay          14.286 %\n" +
            "  VINTAGE  2020                57.143 %\n" +
            "           2018                28.571 %\n" +
            "           2019                14.286 %\n" +
            "  village  Œuilly              57.143 %\n" +
            "           Aÿ                  28.571 %\n" +
            "           Le Mesnil-sur-Oger  14.286 %\n" +
            "  Cru      grand cru           42.857 %\n" +
            "           (none)              57.143 %\n" +
            "\n" +
            "Share requirements\n" +
            "  variety=Chardonnay <= 20 %  14.286 %  met\n" +
            "  cru=grand cru >= 40 %       42.857 %  met\n" +
            "\n" +
            "Cellar after the plan");
    }

    [Fact]
    public async Task TheJsonRollupsHoldTheExactShares()
    {
        using var folder = WinesExample.Folder();

        var result = await Verify(folder, "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var rollups = json.RootElement.GetProperty("blend").GetProperty("rollups");
        var attributes = rollups.GetProperty("attributes").EnumerateArray().ToList();
        attributes.Select(a => a.GetProperty("attribute").GetString()).Should().Equal("Variety", "VINTAGE", "village", "Cru");
        var cru = attributes[3].GetProperty("values").EnumerateArray().ToList();
        cru.Select(v => v.GetProperty("value").ValueKind == JsonValueKind.Null ? null : v.GetProperty("value").GetString()).Should().Equal("grand cru", null);
        cru.Select(v => v.GetProperty("share").GetString()).Should().Equal("3/7", "4/7");
        cru.Select(v => v.GetProperty("percent").GetDecimal()).Should().Equal(42.857143m, 57.142857m);
        var requirements = rollups.GetProperty("requirements").EnumerateArray().ToList();
        requirements[0].GetProperty("requirement").GetString().Should().Be("variety=Chardonnay <= 20 %");
        requirements[0].GetProperty("label").GetString().Should().Be("variety=Chardonnay");
        requirements[0].GetProperty("minPercent").ValueKind.Should().Be(JsonValueKind.Null);
        requirements[0].GetProperty("maxPercent").GetDecimal().Should().Be(20);
        requirements[0].GetProperty("achievedShare").GetString().Should().Be("1/7");
        requirements[1].GetProperty("achievedPercent").GetDecimal().Should().Be(42.857143m);
        requirements.Should().OnlyContain(r => r.GetProperty("met").GetBoolean());
    }

    [Fact]
    public async Task TheCsvGainsTwoColumnGroupsUnderOneHeader()
    {
        using var folder = WinesExample.Folder();

        var result = await Verify(folder, "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var rows = CsvRows.Parse(result.Out);
        var header = rows[0];
        header.Should().Equal([.. Output.BlendReportWriter.CsvColumns, "attribute", "attribute_value", "attribute_percent", "requirement", "requirement_percent", "requirement_met"]);
        rows.Should().OnlyContain(r => r.Length == header.Length);
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        var cru = rows.Skip(1).Where(r => Cell(r, "attribute") == "Cru").Select(r => (Cell(r, "attribute_value"), Cell(r, "attribute_percent"))).ToList();
        cru.Should().Equal(("grand cru", "42.857143"), (string.Empty, "57.142857"));
        var requirements = rows.Skip(1).Where(r => Cell(r, "requirement").Length > 0).Select(r => (Cell(r, "requirement"), Cell(r, "requirement_percent"), Cell(r, "requirement_met"))).ToList();
        requirements.Should().Equal(("variety=Chardonnay <= 20 %", "14.285714", "true"), ("cru=grand cru >= 40 %", "42.857143", "true"));
        rows.Skip(1).Where(r => Cell(r, "attribute").Length > 0 || Cell(r, "requirement").Length > 0)
            .Should().OnlyContain(r => r.Take(Output.BlendReportWriter.CsvColumns.Count).All(c => c.Length == 0), "a row fills one group");
    }

    [Fact]
    public async Task WithoutWinesOrRequirementsTheReportKeepsItsUsualShape()
    {
        using var folder = WinesExample.Folder();

        var csv = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--format", "csv");
        var json = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--format", "json");

        csv.Out.Should().StartWith(Output.BlendReportWriter.CsvHeader + "\n");
        JsonDocument.Parse(json.Out).RootElement.GetProperty("blend").TryGetProperty("rollups", out _).Should().BeFalse();
    }

    public static TheoryData<string, string> Requirements => new()
    {
        { "exhaustive", "variety=Chardonnay>=25%" },
        { "exhaustive", "vintage=2020<=30%" },
        { "split-assemble", "cru=grand cru>=70%" },
        { "split-assemble", "village=Aÿ<=35%" },
    };

    [Theory]
    [MemberData(nameof(Requirements))]
    public async Task ThePlansRollupsMatchAnIndependentReplayOfItsPlanFile(string strategy, string requirement)
    {
        using var folder = WinesExample.Folder();

        var result = await PlanRun.RunAsync(folder,
            // Any volume: the default band is the formula's, which these requirements rule out.
            "--strategy", strategy, "--min-volume", "1", "--wines", folder.PathOf("wines.csv"), "--require", requirement,
            "--out", folder.PathOf("plan.csv"), "--format", "json");

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        var shares = VolumeReplay.FinalShares(SpecExample.Tanks, File.ReadAllText(folder.PathOf("plan.csv")));
        var wines = CsvRows.Parse(WinesExample.Wines).Skip(1).ToList();
        using var json = JsonDocument.Parse(result.Out);
        var rollups = json.RootElement.GetProperty("blend").GetProperty("rollups");
        var attributes = rollups.GetProperty("attributes").EnumerateArray().ToList();
        for (var a = 0; a < attributes.Count; a++)
        {
            var expected = shares
                .GroupBy(s => wines.Single(w => w[0] == s.Key) is var row && row.Length > a + 1 && row[a + 1].Length > 0 ? row[a + 1] : null)
                .ToDictionary(g => g.Key ?? "(none)", g => g.Sum(s => s.Value) * 100);
            var reported = attributes[a].GetProperty("values").EnumerateArray().ToDictionary(
                v => v.GetProperty("value").GetString() ?? "(none)",
                v => v.GetProperty("percent").GetDouble());
            reported.Keys.Should().BeEquivalentTo(expected.Where(e => e.Value > 1e-9).Select(e => e.Key));
            foreach (var (value, percent) in reported)
            {
                percent.Should().BeApproximately(expected[value], 1e-6, value);
            }
        }

        var check = rollups.GetProperty("requirements")[0];
        check.GetProperty("met").GetBoolean().Should().BeTrue();
        var bound = double.Parse(requirement[(requirement.IndexOf('=', requirement.IndexOf('=') + 1) + 1)..^1], CultureInfo.InvariantCulture);
        var achieved = check.GetProperty("achievedPercent").GetDouble();
        (requirement.Contains(">=", StringComparison.Ordinal) ? achieved >= bound - 1e-9 : achieved <= bound + 1e-9).Should().BeTrue($"{achieved} against {requirement}");
    }
}
