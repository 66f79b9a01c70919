using System.CommandLine;
using System.Globalization;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>What a cellar master reads on the terminal after <c>plan</c> without <c>--out</c>.</summary>
public sealed class PlanConsoleOutputTests
{
    /// <summary>
    /// The spec example under split-then-assemble: the best plan of that family pours C002 (2500 hL
    /// B) and C003 (3750 hL C) into C004 + C006 (1875 + 4375 = 6250 hL), so A 0 %, B 40 %, C 60 %:
    /// 20 pp off for A and C, the family's optimum (shared/domain.md: split-then-assemble stops at
    /// 20 pp here, where blending first and splitting afterwards reaches 20/40/40 exactly). The Time
    /// line is normalised to <c>#.#</c> (see <see cref="PlanRun.WithoutTime"/>).
    /// </summary>
    [Fact]
    public async Task TheWorkOrderOfTheSpecExampleMatchesItsGoldenFile()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Golden.Match("plan-spec-example", "txt", PlanRun.WithoutTime(result.Out));
    }

    /// <summary>
    /// The multi-level plan of the spec example (pre-blends, a split of a blend, the final transfer):
    /// every intermediate blend is described once, a blend moved unchanged says which one it is.
    /// </summary>
    [Fact]
    public async Task TheMultiLevelWorkOrderOfTheSpecExampleMatchesItsGoldenFile()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder, "--strategy", "multi-level", "--time-limit", "5");

        result.ExitCode.Should().Be(ExitCodes.Feasible, "no bound proves a multi-level plan optimal in volume and transfers; " + result);
        result.Out.Should().Contain("Largest deviation   0.0000 pp");
        Golden.Match("plan-spec-example-multi-level", "txt", PlanRun.WithoutTime(result.Out));
    }

    [Fact]
    public async Task TheSpecExampleShowsTheWorkOrderTheReportAndTheStatusOnStdoutAndProgressOnStderr()
    {
        using var folder = PlanRun.WithSample("spec-example");

        var result = await PlanRun.RunAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().StartWith("Work order: 1 step, 1 transfer.");
        result.Out.Should().MatchRegex(@"from C002\s+2500 hL\s+Pinot Noir Aÿ 2019\n");
        result.Out.Should().MatchRegex(@"from C003\s+3750 hL\s+Pinot Meunier Leuvrigny 2018\n");
        result.Out.Should().MatchRegex(@"Chardonnay Avize 2019\s+20\.000\s+0\.000\s+-20\.0000\n");
        result.Out.Should().MatchRegex(@"Pinot Noir Aÿ 2019\s+40\.000\s+40\.000\s+0\.0000\n");
        result.Out.Should().MatchRegex(@"Pinot Meunier Leuvrigny 2018\s+40\.000\s+60\.000\s+\+20\.0000\n");
        result.Out.Should().MatchRegex(@"Blend volume\s+6250 hL\n");
        result.Out.Should().MatchRegex(@"Largest deviation\s+20\.0000 pp\n");
        result.Out.Should().MatchRegex(@"Status\s+optimal\n");
        result.Out.Should().MatchRegex(@"Bound\s+proven optimal");
        result.Out.Should().MatchRegex(@"Time\s+\d+\.\d s\n");
        result.Out.Should().NotContain("[INF]", "logs belong on stderr");

        result.Error.Should().MatchRegex(@"\[INF\]\s+\d+\.\d s\s+accuracy\s+largest deviation \d+\.\d{4} pp\s+volume \d+ hL\s+bound ");
        result.Error.Should().Contain("optimal: largest deviation 20.0000 pp, 6250 hL in 1 transfer and 1 step (");
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

        invariant.ExitCode.Should().Be(ExitCodes.Success, invariant.ToString());
        french.ExitCode.Should().Be(ExitCodes.Success, french.ToString());
        PlanRun.WithoutTime(french.Out).Should().Be(PlanRun.WithoutTime(invariant.Out));
        french.Out.Should().Contain("20.0000").And.NotContain("20,0000");
        french.Error.Should().Contain("optimal: largest deviation 20.0000 pp");
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
            ExitCodes.TimeoutWithoutPlan, ExitCodes.OutputError, ExitCodes.InternalError, ExitCodes.Interrupted,
        ];
        foreach (var code in codes)
        {
            exitCodes.Should().MatchRegex($@"[ :,]{code} [a-z]", $"exit code {code} is part of plan's contract");
        }
    }
}
