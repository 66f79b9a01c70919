using System.CommandLine;
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
        "Replays a plan on the cellar and checks every cellar rule — a tank is only ever completely full or completely empty, " +
        "a transfer fills its targets exactly, a tank takes part in one transfer per step — and every limit of the request, " +
        "with the same options as plan: volume (only when given), waste, excluded tanks and kept wines, most steps and transfers, " +
        "and no mixture left behind that is not the final blend (unless --allow-leftover-blends). It prints every broken rule " +
        "with its step, transfer and tank, and whenever the plan can be replayed the final blend against the formula and the " +
        "cellar after the plan.\n\n" +
        "Example:\n" +
        "  krug-blend verify --tanks tanks.csv --formula formula.csv --plan plan.csv\n" +
        "  krug-blend verify --tanks tanks.csv --formula formula.csv --plan plan.csv --allow-waste --max-waste 50 --format json\n\n" +
        "Exit codes: 0 the plan is valid (a formula wine of 1 % or more missing from the blend is a warning), 11 valid but beyond --tolerance, " +
        "3 an input file is wrong (every problem is listed as file:line:column), 4 the plan breaks a rule.";

    private readonly InputOptions _input = new();

    private readonly Option<string> _plan = new("--plan")
    {
        Description = "The plan to check: a CSV file step,transfer,tank,role,volume (one line per tank and transfer, role from or to, volumes in the unit of tanks.csv).",
        HelpName = "plan.csv",
        Required = true,
    };

    private readonly RequestOptionSet _request = new(VolumeDefault.Any);

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
        _request.AddTo(this);
        Options.Add(_format);
        Options.Add(_diagram);
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
        if (!_request.TryReadWines(parseResult, input.Cellar, input.TanksFile, parseResult.GetValue(_input.Delimiter), logger, out var attributes))
        {
            return ExitCodes.InputError;
        }

        var request = _request.ToRequest(parseResult, input, logger, attributes);
        if (request is null)
        {
            return ExitCodes.UsageError;
        }

        cancellationToken.ThrowIfCancellationRequested();
        VerificationReport report;
        try
        {
            report = PlanVerifier.Verify(request, plan);
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
        var rollups = report.Blend is { } blend ? Rollups.Of(blend, attributes, request.Requirements) : null;
        VerificationReportWriter.Write(report, unit, format, Console.Out, rollups);
        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

        // An invalid plan is drawn too (without the contents the verifier could not compute): the picture helps find the broken step.
        if (!DiagramWriter.WriteIfAsked(parseResult.GetValue(_diagram), input.Cellar, plan, report.Blend?.TransferBlends, [.. input.InputFiles, planPath], logger))
        {
            return ExitCodes.OutputError;
        }

        if (report.IsValid)
        {
            logger.Information("{Plan} is valid: {Transfers} transfers in {Steps} steps.", planPath, plan.TransferCount, plan.StepCount);
            foreach (var reason in Optimization.Verdict.OffFormulaReasons(request, report.Blend!))
            {
                logger.Warning("{Warning}", reason);
            }

            // A missing formula wine is a warning: the plan keeps every rule. A tolerance is the user's own
            // threshold, so a plan beyond it fails the check (a wine missing at 1 % or more exceeds any small tolerance too).
            var beyondTolerance = request.TolerancePp is { } tolerance && report.Blend!.MaxDeviation * 100 > Arithmetic.Fraction.FromDecimal(tolerance);
            return beyondTolerance ? ExitCodes.OffFormula : ExitCodes.Success;
        }

        logger.Error("{Plan} breaks {Count} rule(s); see the report.", planPath, report.Violations.Length);
        return ExitCodes.InvalidPlan;
    }
}
