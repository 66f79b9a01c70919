using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>
/// The cellar after the plan in the report files of <c>plan --report</c>, read back as a script would
/// and checked against the plan file itself: every tank the plan changes has a row, the final
/// tanks end as <c>blend</c>, drawn tanks as <c>emptied</c>, and by default no tank as a leftover blend.
/// </summary>
public sealed class PlanReportCellarAfterTests
{
    public static TheoryData<string, string[]> Plans => new()
    {
        // The exhaustive search's exact 4-step plan: C001 ends holding moved Leuvrigny.
        { "spec-example", ["--strategy", "auto"] },
        { "spec-example", ["--strategy", "split-assemble"] },
        { "small-multistep", ["--strategy", "auto"] },
        { "small-multistep", ["--strategy", "auto", "--allow-leftover-blends"] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task TheCsvReportHasARowForEveryTankThePlanChanged(string sample, string[] options)
    {
        using var folder = PlanRun.WithSample(sample);

        var result = await PlanRun.RunAsync(folder, ["--out", folder.PathOf("plan.csv"), "--report", folder.PathOf("report.csv"), .. options]);

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        var replay = Replay.Of(folder);
        var rows = CsvRows.Parse(File.ReadAllText(folder.PathOf("report.csv")));
        rows[0].Should().Equal("wine", "target_percent", "achieved_percent", "deviation_pp", "moved_not_used", "measure", "value", "unit", "tank", "capacity", "before", "after", "tank_end");
        foreach (var row in rows.Skip(1))
        {
            row.Should().HaveCount(13);
            var groups = new[] { row[..5], row[5..8], row[8..] }.Count(group => group.Any(cell => cell.Length > 0));
            groups.Should().Be(1, $"a row fills one group of columns: {string.Join(',', row)}");
        }

        var tanks = rows.Skip(1).Where(r => r[8].Length > 0).ToList();
        tanks.Select(r => r[8]).Should().BeEquivalentTo(replay.Changed, "exactly the tanks the plan changed have a row");
        foreach (var row in tanks)
        {
            row[9].Should().Be(replay.Capacity[row[8]]);
            row[10].Should().Be(replay.StartingWine[row[8]] ?? "empty");
            row[12].Should().Be(replay.ExpectedEnd(row[8], allowLeftovers: options.Contains("--allow-leftover-blends")) ?? row[12]);
        }

        tanks.Where(r => r[12] == "blend").Select(r => r[8]).Should().BeEquivalentTo(replay.FinalTanks);
        tanks.Where(r => r[12] == "blend").Should().OnlyContain(r => r[11] == "final blend");
        tanks.Where(r => r[12] == "emptied").Should().OnlyContain(r => r[11] == "empty");
        var measures = rows.Skip(1).Where(r => r[5].Length > 0).ToDictionary(r => r[5] + (r[5] == "final_tank" ? ":" + r[6] : string.Empty), r => r[6]);
        replay.FinalTanks.Should().OnlyContain(t => measures.ContainsKey("final_tank:" + t));
        measures["transfers"].Should().Be(replay.Transfers.ToString(CultureInfo.InvariantCulture));
        var leftover = tanks.Where(r => r[12] == "leftover-blend").Sum(r => decimal.Parse(r[9], CultureInfo.InvariantCulture));
        decimal.Parse(measures["leftover_blends"], CultureInfo.InvariantCulture).Should().Be(leftover);
        if (!options.Contains("--allow-leftover-blends"))
        {
            leftover.Should().Be(0, "no plan leaves a mixture behind by default");
        }

        // Wine moved but not used is what the moved and leftover tanks hold.
        var movedNotUsed = rows.Skip(1).Where(r => r[0].Length > 0).Sum(r => decimal.Parse(r[4], CultureInfo.InvariantCulture));
        movedNotUsed.Should().Be(tanks.Where(r => r[12] is "moved" or "leftover-blend").Sum(r => decimal.Parse(r[9], CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task TheJsonReportCarriesTheCellarAfterThePlanAsPlanPrintsIt(string sample, string[] options)
    {
        using var folder = PlanRun.WithSample(sample);

        var written = await PlanRun.RunAsync(folder, ["--out", folder.PathOf("plan.csv"), "--report", folder.PathOf("report.json"), .. options]);
        var printed = await PlanRun.RunAsync(folder, ["--format", "json", .. options]);

        written.ExitCode.Should().BeOneOf(CliRun.WithPlan, written.ToString());
        printed.ExitCode.Should().Be(written.ExitCode, printed.ToString());
        var report = JsonNode.Parse(File.ReadAllText(folder.PathOf("report.json")))!.AsObject();
        // The two runs were asked for different outputs, so only the options they echo differ.
        report.Remove("options").Should().BeTrue("the report echoes the options of the run");
        JsonNode.DeepEquals(report, JsonNode.Parse(printed.Out)!["blend"]).Should().BeTrue("--report writes the blend object of --format json");

        var replay = Replay.Of(folder);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.PathOf("report.json")));
        var blend = json.RootElement;
        var changed = blend.GetProperty("cellarAfter").GetProperty("changedTanks").EnumerateArray().ToList();
        changed.Select(t => t.GetProperty("tank").GetString()).Should().BeEquivalentTo(replay.Changed);
        var finals = changed.Where(t => t.GetProperty("end").GetString() == "blend").ToList();
        finals.Select(t => t.GetProperty("tank").GetString()).Should().BeEquivalentTo(replay.FinalTanks)
            .And.BeEquivalentTo(blend.GetProperty("finalTanks").EnumerateArray().Select(t => t.GetString()));
        var achieved = blend.GetProperty("wines").EnumerateArray()
            .Where(w => w.GetProperty("achievedPercent").GetDouble() > 0)
            .ToDictionary(w => w.GetProperty("wine").GetString()!, w => w.GetProperty("achievedPercent").GetDouble());
        foreach (var tank in finals)
        {
            tank.GetProperty("after").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble())
                .Should().BeEquivalentTo(achieved, "every final tank holds the blend the report describes");
        }

        foreach (var tank in changed)
        {
            var id = tank.GetProperty("tank").GetString()!;
            tank.GetProperty("capacity").GetDecimal().ToString(CultureInfo.InvariantCulture).Should().Be(replay.Capacity[id]);
            var end = tank.GetProperty("end").GetString();
            (tank.GetProperty("after").ValueKind == JsonValueKind.Null).Should().Be(end == "emptied", id);
            end.Should().Be(replay.ExpectedEnd(id, allowLeftovers: options.Contains("--allow-leftover-blends")) ?? end, id);
        }

        var leftovers = changed.Where(t => t.GetProperty("end").GetString() == "leftover-blend").Sum(t => t.GetProperty("capacity").GetDecimal());
        blend.GetProperty("leftoverBlends").GetDecimal().Should().Be(leftovers);
        blend.GetProperty("cellarAfter").GetProperty("leftoverBlendVolume").GetDecimal().Should().Be(leftovers);
    }

    /// <summary>
    /// The plan file replayed by tank identity only (no shares): which tanks end differently from how
    /// they began, which are the final ones, and how every tank started.
    /// </summary>
    private sealed record Replay(
        IReadOnlyDictionary<string, string> Capacity,
        IReadOnlyDictionary<string, string?> StartingWine,
        HashSet<string> Changed,
        HashSet<string> FinalTanks,
        HashSet<string> EndEmpty,
        int Transfers)
    {
        public static Replay Of(TempFolder folder)
        {
            var cellar = CsvRows.Parse(File.ReadAllText(folder.PathOf("tanks.csv"))).Skip(1).ToList();
            var capacity = cellar.ToDictionary(r => r[0], r => r[1]);
            var wine = cellar.ToDictionary(r => r[0], r => r.Length > 2 && r[2].Length > 0 ? r[2] : null);
            var plan = CsvRows.Parse(File.ReadAllText(folder.PathOf("plan.csv"))).Skip(1)
                .Select(r => (Step: int.Parse(r[0], CultureInfo.InvariantCulture), Transfer: int.Parse(r[1], CultureInfo.InvariantCulture), Tank: r[2], Role: r[3]))
                .ToList();

            // true: holds its starting wine; false: empty; null: filled by the plan.
            var state = wine.ToDictionary(w => w.Key, w => (bool?)(w.Value is not null));
            foreach (var step in plan.GroupBy(r => r.Step).OrderBy(g => g.Key))
            {
                foreach (var row in step.Where(r => r.Role == "from"))
                {
                    state[row.Tank] = false;
                }

                foreach (var row in step.Where(r => r.Role == "to"))
                {
                    state[row.Tank] = null;
                }
            }

            var last = plan.Max(r => r.Transfer);
            // Filled by the plan, or emptied of its starting wine.
            var changed = state.Where(s => s.Value is null || s.Value != (wine[s.Key] is not null)).Select(s => s.Key).ToHashSet();
            return new Replay(
                capacity,
                wine,
                changed,
                [.. plan.Where(r => r.Transfer == last && r.Role == "to").Select(r => r.Tank)],
                [.. state.Where(s => s.Value == false).Select(s => s.Key)],
                plan.Select(r => r.Transfer).Distinct().Count());
        }

        /// <summary>How <paramref name="tank"/> must end, when the plan file alone says so; <see langword="null"/> for moved or leftover.</summary>
        public string? ExpectedEnd(string tank, bool allowLeftovers) =>
            FinalTanks.Contains(tank) ? "blend"
            : EndEmpty.Contains(tank) ? "emptied"
            : allowLeftovers ? null
            : "moved";
    }
}
