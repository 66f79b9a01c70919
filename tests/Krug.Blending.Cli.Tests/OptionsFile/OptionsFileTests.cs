using System.Text.Json;
using System.Text.Json.Nodes;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.OptionsFile;

/// <summary>
/// <c>--options run.json</c>: a run's options in one JSON file, the command line overriding it, paths
/// relative to the file, every problem a located usage error, and the options echoed.
/// </summary>
public sealed class OptionsFileTests
{
    // The spec example at a deterministic budget; paths relative to the file's folder.
    private const string Run = """
        {
          // the client's example
          "tanks": "tanks.csv",
          "formula": "formula.csv",
          "strategy": "exhaustive",
          "workers": 1,
          "seed": 1,
          "work-limit": 2,
          "time-limit": 300,
          "require": ["wine=Chardonnay Le Mesnil 2019>=10%"],
          "allow-leftover-blends": false,
        }
        """;

    /// <summary>The spec example in <c>cellar/</c> beside <c>cellar/run.json</c>.</summary>
    private static TempFolder Folder(string run = Run)
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(folder.PathOf("cellar"));
        folder.Write(Path.Combine("cellar", "tanks.csv"), SpecExample.Tanks);
        folder.Write(Path.Combine("cellar", "formula.csv"), SpecExample.Formula);
        folder.Write(Path.Combine("cellar", "run.json"), run);
        return folder;
    }

    private static string RunJson(TempFolder folder) => folder.PathOf(Path.Combine("cellar", "run.json"));

    private static JsonObject Options(CliResult result) => JsonNode.Parse(result.Out)!["options"]!.AsObject();

    [Fact]
    public async Task TheFileAloneGivesThePlanOfTheSameOptionsOnTheCommandLine()
    {
        using var folder = Folder();

        var fromFile = await CliRun.RunAsync("plan", "--options", RunJson(folder), "--format", "csv");
        var typed = await CliRun.RunAsync(
            "plan", "--tanks", folder.PathOf("cellar/tanks.csv"), "--formula", folder.PathOf("cellar/formula.csv"), "--strategy", "exhaustive",
            "--workers", "1", "--seed", "1", "--work-limit", "2", "--time-limit", "300", "--require", $"wine={SpecExample.WineA}>=10%", "--format", "csv");

        fromFile.ExitCode.Should().Be(ExitCodes.Success, fromFile.ToString());
        typed.ExitCode.Should().Be(ExitCodes.Success, typed.ToString());
        fromFile.Out.Should().Be(typed.Out).And.StartWith("step,transfer,tank,role,volume\n");
    }

    [Fact]
    public async Task RelativePathsAreRelativeToTheFilesFolderAndAbsoluteOnesStay()
    {
        using var folder = Folder();
        File.WriteAllText(RunJson(folder), Run.Replace("\"formula.csv\"", JsonSerializer.Serialize(folder.PathOf("cellar/formula.csv")), StringComparison.Ordinal));

        var result = await CliRun.RunAsync("plan", "--options", RunJson(folder), "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var options = Options(result);
        options["tanks"]!.GetValue<string>().Should().Be(Path.Combine(folder.PathOf("cellar"), "tanks.csv"));
        options["formula"]!.GetValue<string>().Should().Be(folder.PathOf("cellar/formula.csv"));
    }

    [Fact]
    public async Task TheCommandLineOverridesTheFileAListIncluded()
    {
        using var folder = Folder();

        var result = await CliRun.RunAsync(
            "plan", "--options", RunJson(folder), "--format", "json", "--work-limit", "1", "--require", $"wine={SpecExample.WineC}<=50%", "--allow-leftover-blends");

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
        var options = Options(result);
        options["work-limit"]!.GetValue<double>().Should().Be(1);
        options["time-limit"]!.GetValue<double>().Should().Be(300, "what the command line does not give comes from the file");
        options["require"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal($"wine={SpecExample.WineC}<=50%");
        options["allow-leftover-blends"]!.GetValue<bool>().Should().BeTrue();
        JsonNode.Parse(result.Out)!["blend"]!["rollups"]!["requirements"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task TheEffectiveOptionsAreEchoedOnStandardErrorInThePlanJsonAndInTheReport()
    {
        using var folder = Folder();
        var report = folder.PathOf("report.json");

        var printed = await CliRun.RunAsync("plan", "--options", RunJson(folder), "--format", "json");
        var written = await CliRun.RunAsync("plan", "--options", RunJson(folder), "--report", report, "--out", folder.PathOf("plan.csv"));

        printed.ExitCode.Should().Be(ExitCodes.Success, printed.ToString());
        var options = Options(printed);
        options.Select(o => o.Key).Should().ContainInOrder("tanks", "formula", "unit", "format", "max-steps", "require", "time-limit", "work-limit", "seed", "workers", "strategy");
        options["max-steps"]!.GetValue<int>().Should().Be(6, "defaults are echoed too");
        options["strategy"]!.GetValue<string>().Should().Be("exhaustive");
        var line = printed.Error.Split('\n').Single(l => l.Contains("Options: ", StringComparison.Ordinal));
        JsonNode.DeepEquals(JsonNode.Parse(line[(line.IndexOf("Options: ", StringComparison.Ordinal) + 9)..]), options).Should().BeTrue("stderr has the same options on one line");

        written.ExitCode.Should().Be(ExitCodes.Success, written.ToString());
        var echoed = JsonNode.Parse(File.ReadAllText(report))!["options"]!;
        echoed["report"]!.GetValue<string>().Should().Be(report);
        echoed["out"]!.GetValue<string>().Should().Be(folder.PathOf("plan.csv"));
    }

    [Fact]
    public async Task TheEchoedOptionsAreAnOptionsFileThatRepeatsTheRun()
    {
        using var folder = Folder();
        var first = await CliRun.RunAsync("plan", "--options", RunJson(folder), "--format", "json");
        folder.Write("again.json", Options(first).ToJsonString());

        var again = await CliRun.RunAsync("plan", "--options", folder.PathOf("again.json"));

        again.ExitCode.Should().Be(first.ExitCode, again.ToString());
        JsonNode.DeepEquals(JsonNode.Parse(again.Out)!["plan"], JsonNode.Parse(first.Out)!["plan"]).Should().BeTrue();
    }

    [Fact]
    public async Task BatchEchoesItsOptionsInTheSummaryAndRollsEachReportUp()
    {
        using var folder = Folder();
        Directory.CreateDirectory(folder.PathOf("formulas"));
        File.Copy(folder.PathOf("cellar/formula.csv"), folder.PathOf("formulas/spec.csv"));
        folder.Write("cellar/wines.csv", WinesExample.Wines);
        folder.Write("batch.json", """
            {"tanks": "cellar/tanks.csv", "formulas": "formulas", "out": "out", "jobs": 1, "work-limit": 1, "time-limit": 300, "workers": 1,
             "wines": "cellar/wines.csv", "require": "cru=grand cru>=10%"}
            """);

        var result = await CliRun.RunAsync("batch", "--options", folder.PathOf("batch.json"));

        result.ExitCode.Should().BeOneOf([ExitCodes.Success, ExitCodes.BatchPartial], result.ToString());
        var summary = JsonNode.Parse(File.ReadAllText(folder.PathOf("out/summary.json")))!;
        summary["options"]!["jobs"]!.GetValue<int>().Should().Be(1);
        summary["options"]!["out"]!.GetValue<string>().Should().Be(folder.PathOf("out"));
        var report = CsvRows.Parse(File.ReadAllText(folder.PathOf("out/spec/report.csv")));
        report[0].Should().Contain("attribute").And.Contain("requirement_met");
        report.Should().Contain(r => r.Contains("cru=grand cru >= 10 %") && r.Contains("true"));
    }

    [Fact]
    public async Task KeysOfAnotherCommandAreIgnoredWithAWarningSoThatVerifyReadsThePlansFile()
    {
        using var folder = Folder();
        folder.Write("plan.csv", SpecExample.TwoStepPlan);

        var result = await CliRun.RunAsync("verify", "--options", RunJson(folder), "--plan", folder.PathOf("plan.csv"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain($"warning: {RunJson(folder)}:5:3: 'strategy' is an option of krug-blend plan, not of verify: ignored");
        result.Out.Should().Contain("Share requirements");
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "{\n  \"tanks\": \"tanks.csv\",\n  \"volumes\": 1200\n}", ":3:3: unknown option 'volumes' for krug-blend plan (did you mean 'volume'?)" },
        { "{\"--volume\": 1200}", ":1:2: unknown option '--volume' for krug-blend plan (write it without dashes: 'volume')" },
        { "{\"volume\": \"1200\"}", ":1:12: 'volume' must be a JSON number such as 1200 or 0.5, not in quotes, got a string" },
        { "{\"allow-waste\": \"yes\"}", ":1:17: 'allow-waste' must be true or false, got a string" },
        { "{\"exclude-tank\": 4}", ":1:18: 'exclude-tank' must be an array of strings such as [\"C012\", \"C013\"], got a number" },
        { "{\"exclude-tank\": [\"C1\", 4]}", ":1:25: 'exclude-tank' must be an array of strings, got a number" },
        { "{\"strategy\": [\"auto\"]}", ":1:14: 'strategy' must be a string in quotes, got an array" },
        { "{\"seed\": 1,\n \"seed\": 2}", ":2:2: option 'seed' appears twice (lines 1 and 2)" },
        { "[\"tanks.csv\"]", ":1:1: the file must hold one JSON object of options" },
        { "{\"seed\": 1} {}", ":1:13: the file is not valid JSON: '{' is invalid after a single JSON value." },
        { "{\n  \"seed\": 1,\n  \"workers\" 2\n}", ":3:13: the file is not valid JSON: '2' is invalid after a property name." },
        // Columns count characters, not bytes: ÿ is two bytes of UTF-8.
        { "{\"village\": \"Aÿ\", \"seed\": 1 2}", ":1:29: the file is not valid JSON" },
        { "  \n", ": the file is empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task EveryProblemOfTheFileIsALocatedUsageError(string text, string expected)
    {
        using var folder = Folder(text);

        var result = await CliRun.RunAsync("plan", "--options", RunJson(folder));

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("error: " + RunJson(folder) + expected);
        result.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task AMissingFileIsAUsageError()
    {
        var result = await CliRun.RunAsync("plan", "--options", "no-such-run.json");

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().StartWith("error: no-such-run.json: file not found\n");
    }

    [Fact]
    public async Task AValueTheOptionRefusesSaysItCameFromTheFile()
    {
        using var folder = Folder("{\"tanks\": \"tanks.csv\", \"formula\": \"formula.csv\",\n  \"max-steps\": 2.5}");

        var result = await CliRun.RunAsync("plan", "--options", RunJson(folder));

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("error: --max-steps must be a whole number such as 4, got '2.5'.")
            .And.Contain($"note: the value of --max-steps comes from {RunJson(folder)}:2:3");
    }

    [Fact]
    public async Task NamesStartingWithADashOrAnAtSignAreValuesNotOptionsOrResponseFiles()
    {
        using var folder = Folder("""{"tanks": "tanks.csv", "formula": "formula.csv", "exclude-tank": ["-C9", "@C8"], "work-limit": 1, "time-limit": 300}""");

        var result = await CliRun.RunAsync("plan", "--options", RunJson(folder));

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("--exclude-tank: -C9, @C8 not in");
    }
}
