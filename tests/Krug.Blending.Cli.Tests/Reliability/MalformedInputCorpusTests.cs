using Krug.Blending.Cli.Tests.Reliability.Corpus;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// Runs every input of <see cref="MalformedInputs"/> through the CLI and checks the promises of
/// docs/reliability.md: the documented exit code, a located message, no stack trace, a bounded
/// message, inputs untouched, and no output created or modified unless the input was valid.
/// </summary>
public sealed class MalformedInputCorpusTests
{
    private const string PreviousPlan = "step,transfer,tank,role,volume\n1,1,OLD,from,1\n1,1,OLDER,to,1\n";

    // One bad cell of 10 MB must not come back as 10 MB of error messages.
    private const int MaxErrorLength = 16 * 1024;

    public static TheoryData<string> Cases() => [.. MalformedInputs.All.Where(c => !c.IsSlow).Select(c => c.Name)];

    [Fact]
    public void TheCorpusHoldsAtLeastFortyMalformedInputs()
    {
        MalformedInputs.All.Count(c => !c.Succeeds).Should().BeGreaterThanOrEqualTo(40);
        MalformedInputs.All.Select(c => c.Name).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task EachCorpusInputGetsItsDocumentedOutcome(string name) => RunAsync(MalformedInputs.All.Single(c => c.Name == name));

    /// <summary>The corpus cases that take seconds: a cellar of 100,000 tanks is read, planned and written.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task TheSlowCorpusInputsGetTheirDocumentedOutcome()
    {
        var slow = MalformedInputs.All.Where(c => c.IsSlow).ToList();
        slow.Should().NotBeEmpty();
        foreach (var corpusCase in slow)
        {
            await RunAsync(corpusCase);
        }
    }

    private static async Task RunAsync(CorpusCase corpusCase)
    {
        if (corpusCase.SkipReason() is not null)
        {
            // xunit 2 cannot skip at run time; the case has nothing to check on this platform.
            return;
        }

        using var folder = new TempFolder();
        var input = Directory.CreateDirectory(folder.PathOf("in")).FullName;
        var output = Directory.CreateDirectory(folder.PathOf("out")).FullName;
        var inputs = new Dictionary<string, byte[]>
        {
            ["tanks.csv"] = corpusCase.Tanks(),
            ["formula.csv"] = corpusCase.Formula(),
            ["plan.csv"] = corpusCase.Plan(),
        };
        foreach (var (file, bytes) in inputs)
        {
            await File.WriteAllBytesAsync(Path.Combine(input, file), bytes);
        }

        var previousPlan = Path.Combine(output, "plan.csv");
        await File.WriteAllTextAsync(previousPlan, PreviousPlan);
        var outputs = corpusCase.Outputs?.Invoke(input, output) ?? (corpusCase.Command == CorpusCommand.Plan
            ? ["--out", previousPlan, "--report", Path.Combine(output, "report.csv")]
            : ["--diagram", Path.Combine(output, "plan.mmd")]);
        var before = Snapshot(output);

        // Only a guard against hanging the whole test run if a regression blocks (on a FIFO, say); not a speed check.
        var result = await CliRun.RunAsync([.. Arguments(corpusCase, input), .. outputs]).WaitAsync(TimeSpan.FromMinutes(5));

        if (corpusCase.Succeeds)
        {
            result.ExitCode.Should().BeOneOf(CliRun.WithPlan, Shorten(result.ToString()));
        }
        else
        {
            result.ExitCode.Should().Be(corpusCase.ExitCode, Shorten(result.ToString()));
        }

        result.Error.Should().Contain(corpusCase.Message, Shorten(result.Error));
        result.Error.Should().NotContain("   at ", "no stack trace reaches the user");
        result.Error.Length.Should().BeLessThan(MaxErrorLength, Shorten(result.Error));
        foreach (var (file, bytes) in inputs)
        {
            (await File.ReadAllBytesAsync(Path.Combine(input, file))).Should().Equal(bytes, $"the input {file} must survive the run");
        }

        if (corpusCase.Succeeds)
        {
            var plan = await File.ReadAllTextAsync(previousPlan);
            plan.Should().StartWith("step,transfer,tank,role,volume\n").And.NotBe(PreviousPlan, "a valid input replaces the old plan");
            File.Exists(Path.Combine(output, "report.csv")).Should().BeTrue();
            Directory.GetFiles(output).Select(Path.GetFileName).Should().BeEquivalentTo(["plan.csv", "report.csv"], "no temporary file is left behind");
        }
        else if (corpusCase.ExitCode != ExitCodes.InvalidPlan)
        {
            if (corpusCase.ExitCode == ExitCodes.InputError)
            {
                result.Out.Should().BeEmpty();
            }

            Snapshot(output).Should().BeEquivalentTo(before, "no output file is created or modified on bad input");
        }

        if (corpusCase.ExitCode == ExitCodes.OutputError)
        {
            result.Error.Should().NotContain("Planning ", "an output that can never be written must fail before the search");
        }

        corpusCase.Then?.Invoke(input, output, result);
    }

    private static string[] Arguments(CorpusCase corpusCase, string input)
    {
        var tanks = corpusCase.TanksPath?.Invoke(input) ?? Path.Combine(input, "tanks.csv");
        string[] files = ["--tanks", tanks, "--formula", Path.Combine(input, "formula.csv")];
        return corpusCase.Command == CorpusCommand.Plan
            // A small work limit keeps the runs short and reproducible; the time limit is only a safety net.
            ? ["plan", .. files, .. corpusCase.Options ?? ["--workers", "1", "--work-limit", "0.5", "--time-limit", "300"]]
            : ["verify", .. files, "--plan", corpusCase.PlanPath?.Invoke(input) ?? Path.Combine(input, "plan.csv"), .. corpusCase.Options ?? []];
    }

    // A FIFO or device is named, never read: reading a FIFO would wait for a writer.
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(
            f => Path.GetFileName(f),
            f => new FileInfo(f).LinkTarget is { } target ? "link to " + target
                : FileKinds.Of(f) is var kind && kind != FileKind.Regular ? kind.ToString()
                : Convert.ToHexString(File.ReadAllBytes(f)));

    private static string Shorten(string text) => text.Length <= 4000 ? text : text[..4000] + "…";
}
