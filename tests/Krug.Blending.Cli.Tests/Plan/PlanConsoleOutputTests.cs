using System.CommandLine;
using System.Globalization;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>What a cellar master reads on the terminal after <c>plan</c> without <c>--out</c>.</summary>
public sealed class PlanConsoleOutputTests
{
    /// <summary>
    /// The work orders a cellar master reads, cellar after the plan included, against golden files
    /// (only the elapsed seconds are masked, see <see cref="PlanRun.WithoutTime"/>). The figures were
    /// checked by hand against samples/README.md:
    /// <list type="bullet">
    /// <item>spec example, <c>auto</c> (the exhaustive search on six tanks): 20/40/40 exactly in 6250 hL and
    /// 4 steps; C001 ends holding 1250 hL of pure Leuvrigny (wine moved), nothing is left mixed.</item>
    /// <item>spec example, split-then-assemble: C002 + C003 into C004 + C006, Aÿ 40 %, Leuvrigny 60 %, no
    /// Chardonnay: 20 pp off and off formula (exit 11, a Warning line).</item>
    /// <item>small-multistep by default: the exact 3-step plan of the README leaves 600 hL of the
    /// Cramant–Bouzy blend in K02, so without leftover blends the best plan of 950–1050 hL is Cramant +
    /// Œuilly + Trépail into K06 (30/0/40/30, 20 pp, Bouzy missing: exit 11).</item>
    /// <item>small-multistep with <c>--allow-leftover-blends</c>: the README's exact plan, K02 shown as a
    /// LEFTOVER BLEND of 1/3 Cramant and 2/3 Bouzy.</item>
    /// </list>
    /// </summary>
    [Theory]
    [InlineData("plan-spec-example", "spec-example", new[] { "--strategy", "auto" }, ExitCodes.Success)]
    [InlineData("plan-spec-example-split-assemble", "spec-example", new string[0], ExitCodes.OffFormula)]
    [InlineData("plan-small-multistep", "small-multistep", new[] { "--strategy", "auto" }, ExitCodes.OffFormula)]
    [InlineData("plan-small-multistep-leftover-blends", "small-multistep", new[] { "--strategy", "auto", "--allow-leftover-blends" }, ExitCodes.Success)]
    public async Task TheWorkOrderWithTheCellarAfterThePlanMatchesItsGoldenFile(string golden, string sample, string[] options, int exitCode)
    {
        using var folder = PlanRun.WithSample(sample);

        var result = await PlanRun.RunAsync(folder, options);

        result.ExitCode.Should().Be(exitCode, result.ToString());
        result.Out.Should().Contain("\nCellar after the plan (tanks that changed)\n").And.Contain("\nWine moved but not used");
        Golden.Match(golden, "txt", PlanRun.WithoutTime(result.Out));
    }

    /// <summary>
    /// A multi-level plan (pre-blends, a split of a blend, the final transfer): every intermediate
    /// blend is described once, a blend moved unchanged says which one it is. On the spec example the
    /// search reaches 20/40/40 only at 3750 hL and by leaving 3750 hL of blend 3 in C004 and C005, so
    /// it needs a volume band down to 1000 hL and <c>--allow-leftover-blends</c>; the cellar after the
    /// plan shows both leftover tanks.
    /// </summary>
    [Fact]
    public async Task TheMultiLevelWorkOrderOfTheSpecExampleMatchesItsGoldenFile()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(
            folder, "--strategy", "multi-level", "--work-limit", "2.5", "--min-volume", "1000", "--allow-leftover-blends");

        result.ExitCode.Should().Be(ExitCodes.Feasible, "no bound proves a multi-level plan optimal in volume and transfers; " + result);
        result.Out.Should().Contain("Largest deviation   0.0000 pp").And.Contain("(LEFTOVER BLEND)");
        Golden.Match("plan-spec-example-multi-level", "txt", PlanRun.WithoutTime(result.Out));
    }

    [Fact]
    public async Task TheSpecExampleShowsTheWorkOrderTheReportAndTheStatusOnStdoutAndProgressOnStderr()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.OffFormula, result.ToString());
        result.Out.Should().StartWith("Work order: 1 step, 1 transfer.");
        result.Out.Should().MatchRegex(@"from C002\s+2500 hL\s+Pinot Noir Aÿ 2019\n");
        result.Out.Should().MatchRegex(@"from C003\s+3750 hL\s+Pinot Meunier Leuvrigny 2018\n");
        result.Out.Should().MatchRegex(@"Chardonnay Avize 2019\s+20\.000\s+0\.000\s+-20\.0000\n");
        result.Out.Should().MatchRegex(@"Pinot Noir Aÿ 2019\s+40\.000\s+40\.000\s+0\.0000\n");
        result.Out.Should().MatchRegex(@"Pinot Meunier Leuvrigny 2018\s+40\.000\s+60\.000\s+\+20\.0000\n");
        result.Out.Should().MatchRegex(@"Blend volume\s+6250 hL\n");
        result.Out.Should().MatchRegex(@"Largest deviation\s+20\.0000 pp\n");
        result.Out.Should().MatchRegex(@"C004\s+1875 hL\s+empty\s+final blend\n");
        result.Out.Should().MatchRegex(@"Status\s+optimal, OFF FORMULA\n");
        result.Out.Should().MatchRegex(@"Verdict\s+optimal among split-then-assemble plans making 5938–6562 hL and leaving no mixture behind\n");
        result.Out.Should().MatchRegex(@"Time\s+\d+\.\d s of 300 s; \d+\.\d work units\n");
        result.Out.Should().MatchRegex(@"Warning\s+Formula wine Chardonnay Avize 2019 \(20 %\) is missing from the blend\.\n");
        result.Out.Should().NotContain("Bound", "an optimal plan needs no bound line");
        result.Out.Should().NotContain("[INF]", "logs belong on stderr");

        result.Error.Should().MatchRegex(@"\[INF\]\s+\d+\.\d s\s+(start|accuracy)\s+largest deviation \d+\.\d{4} pp\s+volume \d+ hL\s+bound ");
        result.Error.Should().Contain("[WRN] Formula wine Chardonnay Avize 2019 (20 %) is missing from the blend.");
        result.Error.Should().Contain("optimal (optimal among split-then-assemble plans making 5938–6562 hL and leaving no mixture behind): largest deviation 20.0000 pp, 6250 hL in 1 transfer and 1 step (");
        result.Error.Should().NotContain("Work order");
    }

    [Fact]
    public async Task TheOutputIsTheSameUnderAFrenchCulture()
    {
        using var folder = PlanRun.WithSample("spec-example");
        var invariant = await PlanRun.RunAsync(folder);

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CliResult french;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
            french = await PlanRun.RunAsync(folder);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        invariant.ExitCode.Should().Be(ExitCodes.OffFormula, invariant.ToString());
        french.ExitCode.Should().Be(ExitCodes.OffFormula, french.ToString());
        PlanRun.WithoutTime(french.Out).Should().Be(PlanRun.WithoutTime(invariant.Out));
        french.Out.Should().Contain("20.0000").And.NotContain("20,0000");
        french.Error.Should().Contain("): largest deviation 20.0000 pp, 6250 hL in 1 transfer");
    }

    [Fact]
    public async Task TheHelpOfPlanMentionsEveryOption()
    {
        var result = await CliRun.RunAsync("plan", "--help");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var plan = KrugCli.CreateRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null, false, false))
            .Subcommands.Single(c => c.Name == "plan");
        IEnumerable<Option> options = [.. plan.Options, .. GlobalOptions.All];
        options.Should().NotBeEmpty();
        foreach (var option in options)
        {
            result.Out.Should().Contain(option.Name, "every option must be discoverable from --help");
        }
    }

    /// <summary>Every exit code docs/exit-codes.md lists for plan (or for any command) is explained in plan's help.</summary>
    [Fact]
    public async Task TheHelpOfPlanListsEveryExitCodeThePlanCommandCanReturn()
    {
        var result = await CliRun.RunAsync("plan", "--help");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var start = result.Out.IndexOf("Exit codes:", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, result.Out);
        var end = result.Out.IndexOf("Usage:", start, StringComparison.Ordinal);
        var exitCodes = result.Out[start..end];
        int[] codes =
        [
            ExitCodes.Success, ExitCodes.UsageError, ExitCodes.InputError, ExitCodes.Feasible, ExitCodes.NoPlan,
            ExitCodes.TimeoutWithoutPlan, ExitCodes.OutputError, ExitCodes.OffFormula, ExitCodes.InternalError, ExitCodes.Interrupted,
        ];
        foreach (var code in codes)
        {
            exitCodes.Should().MatchRegex($@"[ :,]{code} [a-z]", $"exit code {code} is part of plan's contract");
        }
    }
}
