using System.Text.Json;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

/// <summary>
/// <c>verify</c> checks a plan against the same request options as <c>plan</c>: the volume (only when
/// given), steps, transfers, excluded tanks, kept wines and leftover blends. A plan that breaks only
/// such a limit still replays, so the report shows what it makes and the cellar after it.
/// </summary>
public sealed class VerifyRequestOptionTests
{
    /// <summary>
    /// The two-step plan of <see cref="SpecExample.TwoStepPlan"/>: 3750 hL in C003, 2 steps, 2 transfers,
    /// touching C001 to C005 (C006 stays empty), no leftover blend.
    /// </summary>
    public static TheoryData<string[]> OptionsTheTwoStepPlanMeets => new()
    {
        Array.Empty<string>(),
        new[] { "--volume", "3750" },
        new[] { "--volume", "3600" },
        new[] { "--min-volume", "3750", "--max-volume", "3750" },
        new[] { "--max-steps", "2" },
        new[] { "--max-transfers", "2" },
        new[] { "--exclude-tank", "C006" },
    };

    [Theory]
    [MemberData(nameof(OptionsTheTwoStepPlanMeets))]
    public async Task APlanWithinTheOptionsIsValid(string[] options)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);

        var result = await CliRun.VerifyAsync(folder, options);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().StartWith("The plan is valid.");
    }

    [Theory]
    [InlineData("volume-below-minimum", "The blend is 3750 hL, less than the 4000 hL asked for at least.", "--min-volume", "4000")]
    [InlineData("volume-below-minimum", "The blend is 3750 hL, less than the 4750 hL asked for at least.", "--volume", "5000")]
    [InlineData("volume-above-maximum", "The blend is 3750 hL, more than the 3000 hL asked for at most.", "--max-volume", "3000")]
    [InlineData("volume-above-maximum", "The blend is 3750 hL, more than the 3150 hL asked for at most.", "--volume", "3000")]
    [InlineData("too-many-steps", "The plan takes 2 steps; at most 1 are allowed.", "--max-steps", "1")]
    [InlineData("too-many-transfers", "The plan has 2 transfers; at most 1 are allowed.", "--max-transfers", "1")]
    [InlineData("excluded-tank-used", "C005", "--exclude-tank", "C005")]
    [InlineData("kept-wine-touched", SpecExample.WineC, "--keep-wine", SpecExample.WineC)]
    public async Task APlanBeyondAnOptionBreaksThatLimitAndIsStillReplayed(string kind, string message, params string[] options)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);

        var json = await CliRun.VerifyAsync(folder, [.. options, "--format", "json"]);
        var table = await CliRun.VerifyAsync(folder, options);

        json.ExitCode.Should().Be(ExitCodes.InvalidPlan, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        document.RootElement.GetProperty("valid").GetBoolean().Should().BeFalse();
        var violations = document.RootElement.GetProperty("violations").EnumerateArray().ToList();
        violations.Select(v => v.GetProperty("kind").GetString()).Distinct().Should().Equal(kind);
        violations.Select(v => v.GetProperty("message").GetString()).Should().Contain(m => m!.Contains(message, StringComparison.Ordinal));
        var blend = document.RootElement.GetProperty("blend");
        blend.GetProperty("volume").GetDecimal().Should().Be(3750, "a plan that breaks only a limit of the request still replays");
        blend.GetProperty("cellarAfter").GetProperty("changedTanks").GetArrayLength().Should().Be(5);

        table.ExitCode.Should().Be(ExitCodes.InvalidPlan, table.ToString());
        table.Out.Should().StartWith("The plan breaks ").And.Contain(message);
        table.Out.Should().Contain("The plan can still be replayed; what it makes:").And.Contain("Cellar after the plan (tanks that changed)");
        table.Error.Should().Contain("[ERR]").And.Contain("breaks");
    }

    /// <summary>
    /// The three-step plan leaves 1875 hL of the A:B mixture in C005 (<see cref="SpecExample.ThreeStepPlan"/>):
    /// a reserve that can no longer serve another cuvée, refused unless the request allows it.
    /// </summary>
    [Theory]
    [InlineData(new string[0], ExitCodes.InvalidPlan)]
    [InlineData(new[] { "--allow-leftover-blends" }, ExitCodes.Success)]
    public async Task APlanLeavingAMixtureBehindFailsUnlessLeftoverBlendsAreAllowed(string[] options, int exitCode)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);

        var result = await CliRun.VerifyAsync(folder, [.. options, "--format", "csv"]);

        result.ExitCode.Should().Be(exitCode, result.ToString());
        var rows = CsvRows.Parse(result.Out);
        if (exitCode == ExitCodes.InvalidPlan)
        {
            rows[0].Should().Equal("step", "transfer", "tank", "kind", "message");
            rows.Skip(1).Select(r => r[..4]).Should().BeEquivalentTo([new[] { "", "", "C005", "leftover-blend" }]);
        }
        else
        {
            rows.Should().Contain(r => r[8] == "C005" && r[12] == "leftover-blend", "an allowed leftover blend is still reported");
            rows.Should().Contain(r => r[5] == "leftover_blends" && r[6] == "1875");
        }
    }

    [Fact]
    public async Task VerifyAcceptsEveryRequestOptionOfPlan()
    {
        var root = KrugCli.CreateRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null, false, false));
        var plan = root.Subcommands.Single(c => c.Name == "plan").Options.Select(o => o.Name).ToHashSet();
        var verify = root.Subcommands.Single(c => c.Name == "verify").Options.Select(o => o.Name).ToHashSet();
        string[] request =
        [
            "--volume", "--min-volume", "--max-volume", "--tolerance", "--allow-waste", "--max-waste",
            "--allow-leftover-blends", "--exclude-tank", "--keep-wine", "--max-steps", "--max-transfers",
        ];

        plan.Should().Contain(request);
        verify.Should().Contain(request);
        var help = await CliRun.RunAsync("verify", "--help");
        foreach (var option in request)
        {
            help.Out.Should().Contain(option);
        }
    }

    /// <summary>
    /// The two-step plan: C003 (3750 hL of C) goes to C004 + C005 and stays pure there (wine moved,
    /// not used), C001 and C002 are poured into C003 and end empty, C003 holds the blend.
    /// </summary>
    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task TheReportShowsTheCellarAfterThePlanInEveryFormat(string format)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.TwoStepPlan);

        var result = await CliRun.VerifyAsync(folder, "--format", format);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        (string Tank, string Capacity, string Before, string After, string End)[] expected =
        [
            ("C001", "1250", SpecExample.WineA, "empty", "emptied"),
            ("C002", "2500", SpecExample.WineB, "empty", "emptied"),
            ("C003", "3750", SpecExample.WineC, "final blend", "blend"),
            ("C004", "1875", "empty", SpecExample.WineC, "moved"),
            ("C005", "1875", "empty", SpecExample.WineC, "moved"),
        ];
        switch (format)
        {
            case "table":
                foreach (var tank in expected)
                {
                    var after = tank.After + (tank.End == "moved" ? " (moved)" : string.Empty);
                    result.Out.Should().MatchRegex($@"\n  {tank.Tank}\s+{tank.Capacity} hL\s+{tank.Before}\s+{System.Text.RegularExpressions.Regex.Escape(after)}\n");
                }

                result.Out.Should().Contain("1 tank of final blend, 2 tanks of wine moved, 0 tanks of leftover blend.\n");
                result.Out.Should().MatchRegex($@"Wine moved but not used:\n  {SpecExample.WineC}\s+3750 hL\n");
                break;
            case "csv":
                var rows = CsvRows.Parse(result.Out).Skip(1).Where(r => r[8].Length > 0).Select(r => (r[8], r[9], r[10], r[11], r[12]));
                rows.Should().Equal(expected);
                break;
            default:
                using (var json = JsonDocument.Parse(result.Out))
                {
                    var after = json.RootElement.GetProperty("blend").GetProperty("cellarAfter");
                    after.GetProperty("changedTanks").EnumerateArray()
                        .Select(t => (t.GetProperty("tank").GetString(), t.GetProperty("capacity").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture), t.GetProperty("end").GetString()))
                        .Should().Equal(expected.Select(t => ((string?)t.Tank, t.Capacity, (string?)t.End)));
                    after.GetProperty("movedNotUsed").EnumerateArray().Select(m => (m.GetProperty("wine").GetString(), m.GetProperty("volume").GetDecimal()))
                        .Should().Equal((SpecExample.WineC, 3750m));
                    after.GetProperty("leftoverBlendVolume").GetDecimal().Should().Be(0);
                }

                break;
        }
    }
}
