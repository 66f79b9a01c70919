using System.CommandLine;
using System.Globalization;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Output;
using Krug.Blending.Verification;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// <c>krug-blend verify</c>: replays a plan on the cellar with exact arithmetic, checks every cellar
/// rule, and reports the blend it makes. Exit 0 for a valid plan, 4 for one that breaks a rule, 3
/// when an input file is wrong.
/// </summary>
internal sealed class VerifyCommand : KrugCommand
{
    private const string Summary =
        "Replays a plan on the cellar and checks every cellar rule: a tank is only ever completely full or completely empty, " +
        "a transfer fills its targets exactly, a tank takes part in one transfer per step. For a valid plan it prints " +
        "the final blend against the formula (per-wine deviations, volume, waste); otherwise every broken rule with its step, transfer and tank.\n\n" +
        "Example:\n" +
        "  krug-blend verify --tanks tanks.csv --formula formula.csv --plan plan.csv\n" +
        "  krug-blend verify --tanks tanks.csv --formula formula.csv --plan plan.csv --allow-waste --max-waste 50 --format json\n\n" +
        "Exit codes: 0 the plan is valid, 3 an input file is wrong (every problem is listed as file:line:column), 4 the plan breaks a rule.";

    private readonly InputOptions _input = new();

    private readonly Option<string> _plan = new("--plan")
    {
        Description = "The plan to check: a CSV file step,transfer,tank,role,volume (one line per tank and transfer, role from or to, volumes in the unit of tanks.csv).",
        HelpName = "plan.csv",
        Required = true,
    };

    private readonly Option<bool> _allowWaste = new("--allow-waste")
    {
        Description = "Allow a source tank to give only part of its wine; the rest oxidises and counts as wasted.",
    };

    private readonly Option<decimal?> _maxWaste = new("--max-waste")
    {
        Description = "With --allow-waste: the most wine the plan may waste in all, in the unit of tanks.csv.",
        HelpName = "volume",
        CustomParser = OptionValues.NullableDecimal,
        Validators = { OptionValues.Number },
    };

    private readonly Option<string> _format = new Option<string>("--format")
    {
        Description = "How to print the report: table (for people), csv or json (for scripts; see docs/csv-formats.md).",
        HelpName = "table|csv|json",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "csv", "json");

    private readonly Option<string?> _diagram = DiagramWriter.CreateOption();

    public VerifyCommand(CliConsole console)
        : base("verify", Summary, console)
    {
        _input.AddTo(this, _plan);
        Options.Add(_allowWaste);
        Options.Add(_maxWaste);
        Options.Add(_format);
        Options.Add(_diagram);
        _maxWaste.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<decimal?>() is < 0)
            {
                result.AddError("--max-waste cannot be negative.");
            }
        });
        Validators.Add(result =>
        {
            if (result.GetResult(_maxWaste) is { Implicit: false } && !result.GetValue(_allowWaste))
            {
                result.AddError("--max-waste needs --allow-waste: without it no wine may be wasted at all.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ILogger logger, CancellationToken cancellationToken)
    {
        var input = _input.Load(parseResult, logger);
        if (input is null)
        {
            return ExitCodes.InputError;
        }

        var planPath = parseResult.GetRequiredValue(_plan);
        var plan = InputOptions.Log(PlanCsv.Load(planPath, parseResult.GetValue(_input.Delimiter), input.Cellar.Unit, input.TanksFile), logger);
        if (plan is null)
        {
            return ExitCodes.InputError;
        }

        var unit = input.Cellar.Unit;
        long? maxWaste = null;
        if (parseResult.GetValue(_maxWaste) is { } maxWasteValue)
        {
            if (!unit.TryFromDecimal(maxWasteValue, out var volume))
            {
                logger.Error("{Error}", string.Create(
                    CultureInfo.InvariantCulture,
                    $"--max-waste {maxWasteValue} has more decimals than the capacities of {input.TanksFile} ({unit.Decimals})"));
                return ExitCodes.UsageError;
            }

            maxWaste = volume;
        }

        var options = new VerificationOptions { AllowWaste = parseResult.GetValue(_allowWaste), MaxWaste = maxWaste };
        cancellationToken.ThrowIfCancellationRequested();
        VerificationReport report;
        try
        {
            report = PlanVerifier.Verify(input.Cellar, input.Formula, plan, options);
        }
        catch (OverflowException)
        {
            // The readers bound every number so that this cannot happen; if it does, the plan file is still to blame, not the tool.
            logger.Error("{Error}", InputLocation.Format(planPath, null, null, "a number of the plan is too large to replay it (checked arithmetic overflowed); check the step, transfer and volume columns"));
            return ExitCodes.InputError;
        }

        var format = parseResult.GetValue(_format) switch
        {
            "csv" => ReportFormat.Csv,
            "json" => ReportFormat.Json,
            _ => ReportFormat.Table,
        };
        VerificationReportWriter.Write(report, unit, format, Console.Out);
        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

        // An invalid plan is drawn too (without the contents the verifier could not compute): the picture helps find the broken step.
        if (!DiagramWriter.WriteIfAsked(parseResult.GetValue(_diagram), input.Cellar, plan, report.Blend?.TransferBlends, [input.TanksFile, input.FormulaFile, planPath], logger))
        {
            return ExitCodes.OutputError;
        }

        if (report.IsValid)
        {
            logger.Information("{Plan} is valid: {Transfers} transfers in {Steps} steps.", planPath, plan.TransferCount, plan.StepCount);
            return ExitCodes.Success;
        }

        logger.Error("{Plan} breaks {Count} cellar rule(s); see the report.", planPath, report.Violations.Length);
        return ExitCodes.InvalidPlan;
    }
}
