using System.CommandLine;
using System.Globalization;
using Krug.Blending.Cli.Commands;
using Krug.Blending.Cli.Tests.Planning;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// Numeric option values are read the same way in every culture, and a wrong one is a one-line
/// usage error (exit 2), never a crash. The cases are taken from the command tree itself, so an
/// option added later is covered without touching this file.
/// </summary>
public sealed class OptionValueTests
{
    private static readonly Type[] NumericTypes = [typeof(int), typeof(double), typeof(decimal), typeof(int?), typeof(double?), typeof(decimal?)];

    /// <summary>Values no numeric option accepts: units, exponents, NaN, infinity, decimal commas, thousands separators, words.</summary>
    private static readonly string[] Malformed = ["x", "1m", "1e3", "NaN", "Infinity", "1,5", "1,250.5", "1 250", "0x10", "٣"];

    public static TheoryData<string, string, string> MalformedValues()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (command, option) in NumericOptions())
        {
            foreach (var value in Malformed)
            {
                data.Add(command, option, value);
            }
        }

        return data;
    }

    public static TheoryData<string, string> NumericOptionNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var (command, option) in NumericOptions())
        {
            data.Add(command, option);
        }

        return data;
    }

    [Fact]
    public void EveryCommandHasNumericOptionsToCheck()
    {
        NumericOptions().Select(o => o.Command).Distinct().Should().BeEquivalentTo(["plan", "verify", "batch", "tradeoffs"]);
        NumericOptions().Should().Contain([("plan", "--time-limit"), ("plan", "--workers"), ("batch", "--jobs"), ("tradeoffs", "--time-limit"), ("verify", "--max-waste")]);
    }

    [Theory]
    [MemberData(nameof(NumericOptionNames))]
    public void EveryNumericOptionIsReadByOptionValuesWithItsValidator(string command, string option)
    {
        var symbol = Command(command).Options.Single(o => o.Name == option);
        var parser = symbol.GetType().GetProperty("CustomParser")!.GetValue(symbol) as Delegate;

        parser.Should().NotBeNull($"{command} {option} must be parsed with the invariant culture by OptionValues");
        parser!.Method.DeclaringType.Should().Be(typeof(OptionValues));
        symbol.Validators.Should().Contain(
            v => v == (Action<System.CommandLine.Parsing.OptionResult>)OptionValues.Number || v == (Action<System.CommandLine.Parsing.OptionResult>)OptionValues.WholeNumber,
            "the validator reports the problem; the parser alone never does");
    }

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public async Task AMalformedNumberIsAOneLineUsageErrorAndNothingElse(string command, string option, string value)
    {
        using var folder = new TempFolder();

        var result = await CliRun.RunAsync([.. RequiredArguments(command, folder), option, value]);

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2, result.ToString());
        lines[0].Should().StartWith($"error: {option} ").And.Contain($"got '{value}'");
        lines[1].Should().Be($"Run 'krug-blend {command} --help' to see the options.");
        result.Out.Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(folder.Path).Should().BeEmpty("nothing is read or written on a usage error");
    }

    [Theory]
    [InlineData("--workers", "2.5")]
    [InlineData("--seed", "1.0000001")]
    [InlineData("--max-steps", "99999999999")]
    public async Task AWholeNumberOptionRefusesFractionsAndNumbersBeyondItsRange(string option, string value)
    {
        using var folder = new TempFolder();

        var result = await CliRun.RunAsync([.. RequiredArguments("plan", folder), option, value]);

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().StartWith($"error: {option} must be a whole number such as 4, got '{value}'.\n");
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("de-DE")]
    [InlineData("en-US")]
    public async Task TheReadmeOptionsMeanTheSameInEveryCulture(string culture)
    {
        using var folder = PlanRun.WithSample("spec-example");
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);

            var result = await PlanRun.RunAsync(folder, "--tolerance", "0.1", "--min-volume", "500", "--time-limit", "300", "--work-limit", "1.5", "--format", "json");

            result.ExitCode.Should().BeOneOf(CliRun.WithPlan, result.ToString());
            result.Error.Should().Contain("work limit 1.5 units", "1.5 is one and a half everywhere");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("en-US")]
    public async Task ADecimalCommaIsRefusedInEveryCultureRatherThanReadAsThousands(string culture)
    {
        using var folder = new TempFolder();
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);

            var result = await CliRun.RunAsync([.. RequiredArguments("plan", folder), "--time-limit", "1,5"]);

            result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
            result.Error.Should().StartWith("error: --time-limit must use '.' for the decimals, whatever the language (1.5, not 1,5), got '1,5'.");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    /// <summary>
    /// The placeholder a parser hands the later range checks after a wrong value must pass them,
    /// or a second, misleading error would follow the first (a positive volume, say). Checked on
    /// options made here, with the kinds of checks the commands use.
    /// </summary>
    [Theory]
    [InlineData("decimal?")]
    [InlineData("double?")]
    [InlineData("int?")]
    public void AWrongNullableValueGetsOneErrorEvenWhenTheOptionMustBePositive(string type)
    {
        Option option = type switch
        {
            "decimal?" => new Option<decimal?>("--n") { CustomParser = OptionValues.NullableDecimal, Validators = { OptionValues.Number } },
            "double?" => new Option<double?>("--n") { CustomParser = OptionValues.NullableDouble, Validators = { OptionValues.Number } },
            _ => new Option<int?>("--n") { CustomParser = OptionValues.NullableInt, Validators = { OptionValues.WholeNumber } },
        };
        option.Validators.Add(r =>
        {
            if (Convert.ToDecimal(r.GetValueOrDefault<object>(), CultureInfo.InvariantCulture) <= 0)
            {
                r.AddError("--n must be positive.");
            }
        });
        var command = new RootCommand { option };

        var result = command.Parse(["--n", "x"]);

        result.Errors.Select(e => e.Message).Should().ContainSingle().Which.Should().StartWith("--n must be ");
        result.Errors[0].Message.Should().NotBe("--n must be positive.");
    }

    [Fact]
    public async Task AValueOutsideItsRangeIsStillReportedByTheOptionsOwnCheck()
    {
        using var folder = new TempFolder();

        var result = await CliRun.RunAsync([.. RequiredArguments("plan", folder), "--workers", "0"]);

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().StartWith("error: --workers must be between 1 and 64.");
    }

    /// <summary>Every (command, option) whose value is a number, found in the command tree.</summary>
    private static IEnumerable<(string Command, string Option)> NumericOptions() =>
        KrugCli.CreateRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null, false, false)).Subcommands
            .SelectMany(c => c.Options.Where(o => NumericTypes.Contains(o.ValueType)).Select(o => (Command: c.Name, Option: o.Name)))
            .OrderBy(p => p.Command, StringComparer.Ordinal).ThenBy(p => p.Option, StringComparer.Ordinal);

    private static Command Command(string name) =>
        KrugCli.CreateRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null, false, false)).Subcommands.Single(c => c.Name == name);

    /// <summary>
    /// The options a command needs to get past parsing. The files need not exist: a usage error
    /// stops the command before any file is opened. <c>--allow-waste</c> lets <c>--max-waste</c> be checked.
    /// </summary>
    private static string[] RequiredArguments(string command, TempFolder folder) => command switch
    {
        "plan" or "tradeoffs" => [command, "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--allow-waste"],
        "verify" => [command, "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--plan", folder.PathOf("plan.csv"), "--allow-waste"],
        "batch" => [command, "--tanks", folder.PathOf("tanks.csv"), "--formulas", folder.PathOf("formulas"), "--out", folder.PathOf("out"), "--allow-waste"],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };
}
