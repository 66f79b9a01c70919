using System.Globalization;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Tradeoffs;

public sealed class TradeoffsCommandTests
{
    [Fact]
    public async Task TheSpecExampleTableShowsBothFrontsAndEveryRowIsAValidPlan()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        var outDir = folder.PathOf("choices");

        var result = await CliRun.RunAsync(
            "tradeoffs", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"),
            "--workers", "1", "--work-limit", "2", "--time-limit", "300", "--out-dir", outDir);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().StartWith("trade-off");
        var rows = File.ReadAllLines(Path.Combine(outDir, "tradeoffs.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var volumeRows = rows.Where(r => r[0] == "volume").ToList();
        var transferRows = rows.Where(r => r[0] == "transfers").ToList();

        volumeRows.Select(r => r[1].Split(' ')[1]).Should().Equal("25", "50", "75", "90", "100");
        var largest = Number(volumeRows[^1][1].Split('(', ' ')[4]);
        // Every split-then-assemble blend of 6250 hL or more is C002 + C003 (samples/README.md); other strategies may reach more.
        largest.Should().BeGreaterThanOrEqualTo(6250m);
        foreach (var (row, share) in volumeRows.Zip(new[] { 25m, 50m, 75m, 90m, 100m }))
        {
            Number(row[1].Split('(', ' ')[4]).Should().Be(Math.Ceiling(largest * share / 100));
            Number(row[5]).Should().BeGreaterThanOrEqualTo(Number(row[1].Split('(', ' ')[4]));
        }

        volumeRows.Select(r => Number(r[3])).Should().BeInAscendingOrder("asking for more volume can only cost accuracy");

        transferRows.Should().NotBeEmpty();
        transferRows[0][1].Should().Be("<= 1 transfers");
        var transferDeviations = transferRows.Select(r => Number(r[3])).ToList();
        transferDeviations.Take(transferDeviations.Count - 1).Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        foreach (var row in transferRows)
        {
            var limit = int.Parse(row[1].Split(' ')[1], CultureInfo.InvariantCulture);
            int.Parse(row[6], CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(limit);
        }

        foreach (var row in rows)
        {
            File.Copy(Path.Combine(outDir, row[8]), folder.PathOf("plan.csv"), overwrite: true);
            var verify = await CliRun.VerifyAsync(folder, "--format", "json");
            verify.ExitCode.Should().Be(ExitCodes.Success, $"{row[8]} must be a valid plan: {verify}");
            verify.Out.Should().Contain($"\"volume\": {row[5]},");
        }
    }

    private static decimal Number(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
