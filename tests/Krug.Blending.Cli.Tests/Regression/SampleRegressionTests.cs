using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Regression;

/// <summary>
/// CI regression on the sample cellars: every samples/NAME/ with an expected/ folder is planned by
/// the CLI with the arguments of expected/options.txt (deterministic: one worker, fixed seed,
/// small work limit under a time limit that never cuts in), and <c>--lots lots.csv</c> when the sample
/// has one, and its key figures are compared with expected/summary.json.
/// On a mismatch summary.actual.json and plan.actual.csv are written beside the expected files.
/// To re-bless after a deliberate change (a better strategy), run
/// <c>KRUG_BLESS=1 dotnet test tests/Krug.Blending.Cli.Tests --filter FullyQualifiedName~Regression</c>
/// and review the diff of samples/*/expected/ before committing it.
/// </summary>
public sealed class SampleRegressionTests
{
    private const double DeviationTolerancePp = 1e-6;

    // A sample with more tanks than this takes seconds to plan even under a small work limit: the slow tier runs it.
    private const int LargeSampleTanks = 100;

    public static TheoryData<string> Samples() => [.. SampleNames().Where(s => !IsLarge(s))];

    public static TheoryData<string> LargeSamples() => [.. SampleNames().Where(IsLarge)];

    private static IEnumerable<string> SampleNames() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryRoot.Find(), "samples"))
            .Where(folder => Directory.Exists(Path.Combine(folder, "expected")))
            .Select(folder => Path.GetFileName(folder))
            .Order(StringComparer.Ordinal);

    private static bool IsLarge(string sample) =>
        File.ReadLines(Path.Combine(RepositoryRoot.Find(), "samples", sample, "tanks.csv")).Count() - 1 > LargeSampleTanks;

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(LargeSamples))]
    public Task TheLargeSamplePlansAsExpected(string sample) => TheSamplePlansAsExpected(sample);

    [Fact]
    public void TheSmallSamplesHaveRegressionExpectationsAndTheGrandeCuveeALargeOne()
    {
        SampleNames().Should().Contain(["spec-example", "small-multistep", "reserve-lots", "grande-cuvee"]);
        IsLarge("grande-cuvee").Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task TheSamplePlansAsExpected(string sample)
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "samples", sample);
        var expectedFolder = Path.Combine(folder, "expected");
        var options = File.ReadAllText(Path.Combine(expectedFolder, "options.txt"))
            .Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var lots = Path.Combine(folder, "lots.csv");
        using var temp = new TempFolder();

        var result = await CliRun.RunAsync([
            "plan", "--tanks", Path.Combine(folder, "tanks.csv"), "--formula", Path.Combine(folder, "formula.csv"),
            .. File.Exists(lots) ? ["--lots", lots] : (string[])[],
            .. options, "--out", temp.PathOf("plan.csv"), "--format", "json",
        ]);

        var json = JsonNode.Parse(result.Out)!;
        var blend = json["blend"];
        var actual = new JsonObject
        {
            ["status"] = json["status"]!.GetValue<string>(),
            ["maxDeviationPp"] = blend?["maxDeviationPp"]?.GetValue<double>(),
            ["volume"] = blend?["volume"]?.GetValue<decimal>(),
            ["transfers"] = blend?["transfers"]?.GetValue<int>(),
            ["steps"] = blend?["steps"]?.GetValue<int>(),
        };
        var actualText = actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
        var planText = File.Exists(temp.PathOf("plan.csv")) ? File.ReadAllText(temp.PathOf("plan.csv")) : string.Empty;
        var summaryPath = Path.Combine(expectedFolder, "summary.json");

        if (Environment.GetEnvironmentVariable("KRUG_BLESS") == "1")
        {
            File.WriteAllText(summaryPath, actualText, new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(expectedFolder, "plan.csv"), planText, new UTF8Encoding(false));
            return;
        }

        var expected = JsonNode.Parse(File.ReadAllText(summaryPath))!;
        var problems = Compare(expected, actual);
        var actualSummaryPath = Path.Combine(expectedFolder, "summary.actual.json");
        var actualPlanPath = Path.Combine(expectedFolder, "plan.actual.csv");
        if (problems.Count == 0)
        {
            File.Delete(actualSummaryPath);
            File.Delete(actualPlanPath);
            return;
        }

        File.WriteAllText(actualSummaryPath, actualText, new UTF8Encoding(false));
        File.WriteAllText(actualPlanPath, planText, new UTF8Encoding(false));
        throw new Xunit.Sdk.XunitException(
            $"samples/{sample} no longer plans as expected: {string.Join("; ", problems)}. The actual figures and plan are in " +
            $"{actualSummaryPath} and {actualPlanPath}. If the change is an improvement, re-bless with KRUG_BLESS=1 (see docs/batch.md).\n{result}");
    }

    private static List<string> Compare(JsonNode expected, JsonNode actual)
    {
        var problems = new List<string>();
        string? Text(JsonNode node, string key) => node[key]?.ToJsonString();
        foreach (var key in new[] { "status", "volume", "transfers" })
        {
            if (Text(expected, key) != Text(actual, key))
            {
                problems.Add($"{key} {Text(actual, key) ?? "null"}, expected {Text(expected, key) ?? "null"}");
            }
        }

        var expectedDeviation = expected["maxDeviationPp"]?.GetValue<double>();
        var actualDeviation = actual["maxDeviationPp"]?.GetValue<double>();
        if (expectedDeviation is null != actualDeviation is null
            || (expectedDeviation is { } e && actualDeviation is { } a && Math.Abs(e - a) > DeviationTolerancePp))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"maxDeviationPp {actualDeviation}, expected {expectedDeviation}"));
        }

        return problems;
    }
}
