using System.Text.Json.Nodes;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Batch;

public sealed class BatchCommandTests
{
    private const string Exact = "wine,percent\n" + SpecExample.WineB + ",40\n" + SpecExample.WineC + ",60\n";
    private const string Unknown = "wine,percent\nKrug Clos du Mesnil 2008,100\n";

    [Fact]
    public async Task AFolderWithABadFormulaGivesPlansForTheOthersAndAPartialExitCode()
    {
        using var folder = FolderOfFormulas();
        var outDir = folder.PathOf("out");

        var result = await Batch(folder, folder.PathOf("formulas"), outDir, "--jobs", "2");

        result.ExitCode.Should().Be(ExitCodes.BatchPartial, result.ToString());
        foreach (var name in new[] { "a-spec", "b-exact" })
        {
            File.ReadAllText(Path.Combine(outDir, name, "plan.csv")).Should().StartWith("step,transfer,tank,role,volume\n");
            File.ReadAllText(Path.Combine(outDir, name, "report.csv")).Should().StartWith("wine,target_percent");
        }

        Directory.Exists(Path.Combine(outDir, "c-bad")).Should().BeFalse();
        var rows = SummaryRows(outDir);
        rows.Select(r => r[0]).Should().Equal("a-spec", "b-exact", "c-bad");
        var alone = JsonNode.Parse((await CliRun.RunAsync(
            "plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", Path.Combine(folder.PathOf("formulas"), "a-spec.csv"),
            "--workers", "1", "--work-limit", "2", "--time-limit", "300", "--format", "json")).Out)!;
        rows[0][1].Should().Be(alone["status"]!.GetValue<string>(), "a batch row is the plan command's result");
        decimal.Parse(rows[0][2], System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(alone["blend"]!["maxDeviationPp"]!.GetValue<decimal>());
        File.ReadAllText(Path.Combine(outDir, "a-spec", "plan.csv")).Should().Be(PlanCsv(alone));
        rows[1][2].Should().Be("0.000000", "all of Aÿ and Leuvrigny make exactly 40/60");
        rows[1][4].Should().Be("6250");
        rows.Take(2).Select(r => r[10]).Should().Equal(["false", "false"], "both plans are on formula");
        rows[0][9].Should().Be(alone["verdict"]!.GetValue<string>());
        rows[2][1].Should().Be("input-error");
        rows[2][10].Should().Be("false");
        rows[2][8].Should().Contain("Krug Clos du Mesnil 2008");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        json["succeeded"]!.GetValue<int>().Should().Be(2);
        json["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()).Should().Equal("optimal", "optimal", "input-error");
        result.Error.Should().Contain("[3/3]");
    }

    [Fact]
    public async Task RunningTwoFormulasAtATimeGivesTheSameFilesAsOneByOne()
    {
        using var folder = FolderOfFormulas();

        var one = await Batch(folder, folder.PathOf("formulas"), folder.PathOf("one"), "--jobs", "1");
        var two = await Batch(folder, folder.PathOf("formulas"), folder.PathOf("two"), "--jobs", "2");

        two.ExitCode.Should().Be(one.ExitCode);
        foreach (var name in new[] { "a-spec", "b-exact" })
        {
            foreach (var file in new[] { "plan.csv", "report.csv" })
            {
                File.ReadAllText(Path.Combine(folder.PathOf("two"), name, file))
                    .Should().Be(File.ReadAllText(Path.Combine(folder.PathOf("one"), name, file)));
            }
        }

        // Only the seconds column may differ.
        static List<string> WithoutSeconds(List<string[]> rows) => [.. rows.Select(r => string.Join(',', r.Take(7).Concat(r.Skip(8))))];
        WithoutSeconds(SummaryRows(folder.PathOf("two"))).Should().Equal(WithoutSeconds(SummaryRows(folder.PathOf("one"))));
    }

    [Fact]
    public async Task OneFileWithAFormulaColumnPlansLikeAFolderOfFiles()
    {
        using var folder = FolderOfFormulas();
        folder.Write("all.csv",
            "formula,wine,percent\n" +
            "a-spec," + SpecExample.WineA + ",20\n" + "a-spec," + SpecExample.WineB + ",40\n" + "a-spec," + SpecExample.WineC + ",40\n" +
            "b-exact," + SpecExample.WineB + ",40\n" + "b-exact," + SpecExample.WineC + ",60\n" +
            "c-bad,Krug Clos du Mesnil 2008,100\n");

        var fromFolder = await Batch(folder, folder.PathOf("formulas"), folder.PathOf("folder-out"), "--jobs", "2");
        var fromFile = await Batch(folder, folder.PathOf("all.csv"), folder.PathOf("file-out"), "--jobs", "2");

        fromFile.ExitCode.Should().Be(ExitCodes.BatchPartial, fromFile.ToString());
        // Every column but the seconds and the message (which names the source file).
        static IEnumerable<string> Comparable(string[] row) => row.Take(7).Concat(row.Skip(9));
        SummaryRows(folder.PathOf("file-out")).Select(Comparable).Should()
            .BeEquivalentTo(SummaryRows(folder.PathOf("folder-out")).Select(Comparable), o => o.WithStrictOrdering());
        fromFolder.ExitCode.Should().Be(fromFile.ExitCode);
    }

    [Theory]
    [InlineData(new[] { "a" }, ExitCodes.Success)]
    [InlineData(new[] { "c" }, ExitCodes.BatchFailed)]
    public async Task TheExitCodeSaysWhetherEveryFormulaOrNoneGotAPlan(string[] formulas, int exitCode)
    {
        using var folder = FolderOfFormulas();
        var only = Directory.CreateDirectory(folder.PathOf("only")).FullName;
        foreach (var prefix in formulas)
        {
            var source = Directory.GetFiles(folder.PathOf("formulas"), prefix + "-*.csv").Single();
            File.Copy(source, Path.Combine(only, Path.GetFileName(source)));
        }

        var result = await Batch(folder, only, folder.PathOf("out"), "--jobs", "1");

        result.ExitCode.Should().Be(exitCode, result.ToString());
    }

    /// <summary>
    /// C001 holds all the Chardonnay, a fifth of the spec formula: with it excluded every plan misses
    /// that wine. The plan is still written, but the formula does not count as a success.
    /// </summary>
    [Fact]
    public async Task AFormulaPlannedOffFormulaIsWrittenButNotCountedAsASuccess()
    {
        using var folder = FolderOfFormulas();
        var only = Directory.CreateDirectory(folder.PathOf("only")).FullName;
        File.Copy(Path.Combine(folder.PathOf("formulas"), "a-spec.csv"), Path.Combine(only, "a-spec.csv"));
        var outDir = folder.PathOf("out");

        var result = await Batch(folder, only, outDir, "--jobs", "1", "--exclude-tank", "C001");

        result.ExitCode.Should().Be(ExitCodes.BatchPartial, "a plan was made, but not one on formula; " + result);
        var row = SummaryRows(outDir).Should().ContainSingle().Subject;
        row[10].Should().Be("true");
        row[8].Should().Contain($"Formula wine {SpecExample.WineA} (20 %) is missing from the blend.");
        File.Exists(Path.Combine(outDir, "a-spec", "plan.csv")).Should().BeTrue();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        json["succeeded"]!.GetValue<int>().Should().Be(0);
        json["results"]![0]!["offFormula"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task AMissingFormulasPathIsAnInputError()
    {
        using var folder = FolderOfFormulas();

        var result = await Batch(folder, folder.PathOf("nowhere.csv"), folder.PathOf("out"));

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
    }

    private static string PlanCsv(JsonNode plan) =>
        "step,transfer,tank,role,volume\n" + string.Concat(plan["plan"]!.AsArray().Select(r =>
            $"{r!["step"]},{r["transfer"]},{r["tank"]},{r["role"]},{r["volume"]}\n"));

    private static TempFolder FolderOfFormulas()
    {
        var folder = new TempFolder();
        folder.Write("tanks.csv", SpecExample.Tanks);
        Directory.CreateDirectory(folder.PathOf("formulas"));
        folder.Write(Path.Combine("formulas", "a-spec.csv"), SpecExample.Formula);
        folder.Write(Path.Combine("formulas", "b-exact.csv"), Exact);
        folder.Write(Path.Combine("formulas", "c-bad.csv"), Unknown);
        return folder;
    }

    private static Task<CliResult> Batch(TempFolder folder, string formulas, string outDir, params string[] extra) =>
        CliRun.RunAsync([
            "batch", "--tanks", folder.PathOf("tanks.csv"), "--formulas", formulas, "--out", outDir,
            "--workers", "1", "--work-limit", "2", "--time-limit", "300", .. extra,
        ]);

    private static List<string[]> SummaryRows(string outDir)
    {
        var lines = File.ReadAllText(Path.Combine(outDir, "summary.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("formula,status,max_deviation_pp,euclidean_pp,volume,transfers,steps,seconds,message,verdict,off_formula");
        return [.. lines.Skip(1).Select(CsvRows.Fields)];
    }
}
