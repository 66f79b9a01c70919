using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization;

/// <summary>
/// The product's planning pipeline: one request, one set of solver settings, one budget. It runs the
/// strategy (with <c>--allow-waste</c>, a waste-free plan first, so that allowing waste never makes
/// the plan worse), replays the winner with <see cref="PlanVerifier"/> against the whole request
/// before anyone sees it, and says what the plan is worth (<see cref="Verdict"/>).
/// </summary>
public static class BlendPlanner
{
    /// <summary>
    /// Work for partial draws when waste is allowed, as a share of the work limit, on top of the
    /// waste-free search (which keeps the whole work limit, so that its plan is the plan of the same
    /// run without waste). The time limit still caps both.
    /// </summary>
    public const double PartialDrawShare = 0.5;

    /// <summary>
    /// Plans <paramref name="request"/> within <paramref name="budget"/>. Expected outcomes (no plan,
    /// time-out, interruption) come back as a <see cref="PlanningResult"/>.
    /// </summary>
    /// <exception cref="PlanVerificationException">A strategy produced a plan that breaks a rule (a bug).</exception>
    /// <exception cref="ArgumentException">The request is malformed (a contract violation, e.g. fewer than one step).</exception>
    public static PlanningResult Plan(
        BlendRequest request,
        SolverSettings settings,
        Budget budget,
        IPlanningObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(budget);
        if (request.MaxSteps < 1)
        {
            throw new ArgumentException("A request allows at least one step.", nameof(request));
        }

        var order = new PlanOrder(request, settings.AccuracyResolutionPp);
        var progress = new ProgressReporter(observer, order, budget);
        var limits = request.Limits;
        var unit = request.Cellar.Unit;
        progress.Message(limits.Describe(unit, request.Formula) + " " + DescribeBand(request.Volume, unit) + ".");

        // The search ends early enough to leave time for the verification below and for writing the files.
        var context = new PlanningContext(request, settings, budget.Reserve(FinishReserve(request, budget)), progress, cancellationToken);
        var outcome = request.AllowWaste ? WasteOrNot(context) : Run(context);
        return Finish(context, budget, outcome, limits);
    }

    /// <summary>
    /// Time the pipeline keeps at the end of the budget for what follows the search: replaying the
    /// plan and writing the files (a second or so on the largest cellars), never more than a
    /// quarter of the limit.
    /// </summary>
    public static TimeSpan FinishReserve(BlendRequest request, Budget budget)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(budget);
        var seconds = 0.3 + 0.001 * request.Cellar.Tanks.Length + 0.0005 * request.Formula.Lines.Length;
        return TimeSpan.FromSeconds(Math.Min(seconds, budget.Deadline.TotalSeconds / 4));
    }

    private static StrategyOutcome Run(PlanningContext context) => StrategyCatalog.For(context.Settings.Strategy).Search(context);

    /// <summary>
    /// With waste allowed: first the very search a run without waste makes (same work), whose plan is
    /// a candidate, so allowing waste can only help; then partial draws with extra work. The waste
    /// family contains the waste-free plan, so the waste search's status and bound are the ones to report.
    /// </summary>
    private static StrategyOutcome WasteOrNot(PlanningContext context)
    {
        var request = context.Request;
        var budget = context.Budget;
        // The partial draws come after it, on top of the limit: it leaves them their share of the clock.
        var wasteFree = Run(context.With(request with { AllowWaste = false, MaxWaste = null }, budget.Pace(context.PaceFor(budget.WorkLimit * PartialDrawShare))));
        context.Progress.Message("Waste-free plan done; now allowing partial draws.");
        var withWaste = context.IsCancelled || budget.TimeLeft <= TimeSpan.Zero
            ? null
            : Run(context.With(budget.Extend(budget.WorkLimit * PartialDrawShare)));
        if (withWaste?.Plan is null)
        {
            return wasteFree.Plan is null
                ? withWaste ?? wasteFree
                : wasteFree with { Status = PlanStatus.Feasible, Message = wasteFree.Message + " Allowing waste found no plan." };
        }

        if (context.IsBetter(withWaste.Plan, wasteFree.Plan))
        {
            return withWaste;
        }

        return withWaste with
        {
            Plan = wasteFree.Plan,
            Strategy = wasteFree.Strategy,
            Message = wasteFree.Message + " Partial draws found nothing better, so nothing is wasted.",
        };
    }

    private static PlanningResult Finish(PlanningContext context, Budget budget, StrategyOutcome outcome, VolumeLimits limits)
    {
        var request = context.Request;
        var interrupted = context.IsCancelled;
        var name = outcome.Strategy.Name();
        if (outcome.Plan is null)
        {
            var message = outcome.Status == PlanStatus.NoPlan && !request.Requirements.IsDefaultOrEmpty
                ? outcome.Message + " " + RequirementWords(request)
                : outcome.Message;
            var empty = new PlanningResult(outcome.Status, null, null, outcome.BoundPp, name, message, budget.Elapsed, interrupted)
            {
                WallClockCutIn = budget.WallClockCutIn,
                WorkSpent = budget.WorkSpent,
                Limits = limits,
            };
            return empty with { Verdict = Judge(request, empty, outcome.Family) };
        }

        var report = PlanVerifier.Verify(request, outcome.Plan);
        if (!report.IsValid)
        {
            throw new PlanVerificationException(name, report);
        }

        var bound = outcome.BoundPp ?? (outcome.Status == PlanStatus.Optimal ? report.Blend!.MaxDeviationPp : null);
        var result = new PlanningResult(outcome.Status, outcome.Plan, report.Blend, bound, name, outcome.Message, budget.Elapsed, interrupted)
        {
            WallClockCutIn = budget.WallClockCutIn,
            WorkSpent = budget.WorkSpent,
            Limits = limits,
        };
        return result with { Verdict = Judge(request, result, outcome.Family) };
    }

    /// <summary>What the result is worth, in the words the user reads first, and what to watch for.</summary>
    internal static Verdict Judge(BlendRequest request, PlanningResult result, string family)
    {
        var unit = request.Cellar.Unit;
        var band = BandWords(request.Volume, unit);
        // What the status covers is narrower than it reads unless it says that plans leaving mixtures were not considered.
        band += request.AllowLeftoverBlends ? string.Empty : band.Length == 0 ? " leaving no mixture behind" : " and leaving no mixture behind";
        if (!request.Requirements.IsDefaultOrEmpty)
        {
            var clause = request.Requirements.Length == 1 ? "meeting the share requirement" : "meeting the share requirements";
            band = band.Length == 0 ? " " + clause : band.Replace(" and leaving", ", leaving", StringComparison.Ordinal) + " and " + clause;
        }

        var summary = result.Status switch
        {
            PlanStatus.Optimal => $"optimal among {family}{band}",
            PlanStatus.Feasible when result.BoundPp is { } bound =>
                Invariant($"best found; no {Singular(family)}{band} can be closer than {bound:0.####} pp"),
            PlanStatus.Feasible => "best found, no bound",
            PlanStatus.NoPlan => $"no plan among {family}{band}",
            _ => "no plan within the time limit",
        };

        var warnings = ImmutableArray.CreateBuilder<string>();
        var offFormula = false;
        if (result.Blend is { } blend)
        {
            var reasons = Verdict.OffFormulaReasons(request, blend);
            offFormula = !reasons.IsEmpty;
            warnings.AddRange(reasons);
            if (blend.Wines.Any(w => !w.Target.IsZero && w.Achieved.IsZero) && !request.AllowLeftoverBlends)
            {
                warnings.Add("Another volume (--volume, --min-volume, --max-volume) or leftover blends (--allow-leftover-blends) may let the missing wines in; 'krug-blend tradeoffs' shows what each volume costs.");
            }
        }

        else if (result.Status == PlanStatus.NoPlan && (request.Volume.Min > 1 || request.Volume.Max != long.MaxValue))
        {
            // Blends fill tanks exactly, so a band can hold no volume the tanks add up to; the user's next move is another volume.
            warnings.Add("Another volume (--volume, --min-volume, --max-volume) may have a plan: blends fill tanks exactly, so only some volumes can be made; 'krug-blend tradeoffs' shows the volumes the cellar can make and what each costs.");
        }

        if (result.WallClockCutIn)
        {
            warnings.Add("The time limit ended the search before its work limit: another run may give another plan. " +
                         "For reproducible runs give a larger --time-limit or a smaller --work-limit.");
        }

        return new Verdict(summary, warnings.ToImmutable(), offFormula);
    }

    /// <summary>The sentence a request with share requirements and no plan ends with: it names them, since they are the likely cause.</summary>
    private static string RequirementWords(BlendRequest request)
    {
        var list = string.Join("; ", request.Requirements.Select(r => r.ToString()));
        return request.Requirements.Length == 1
            ? $"The share requirement {list} may be what no plan can meet together with the rest of the request: loosen it, or plan without it to see what the cellar allows."
            : $"The share requirements ({list}) may be what no plan can meet together with the rest of the request: loosen them, or plan without them to see what the cellar allows.";
    }

    private static string Singular(string family) =>
        family.StartsWith("plans", StringComparison.Ordinal) ? "plan" + family["plans".Length..]
        : family.Contains(" plans", StringComparison.Ordinal) ? family.Replace(" plans", " plan", StringComparison.Ordinal)
        : family;

    private static string BandWords(VolumeBand band, VolumeUnit unit)
    {
        if (band.Min <= 1 && band.Max == long.MaxValue)
        {
            return string.Empty;
        }

        if (band.Max == long.MaxValue)
        {
            return $" making at least {unit.Format(band.Min)} {unit.Label}";
        }

        return band.Min == band.Max
            ? $" making {unit.Format(band.Min)} {unit.Label}"
            : $" making {unit.Format(band.Min)}–{unit.Format(band.Max)} {unit.Label}";
    }

    private static string DescribeBand(VolumeBand band, VolumeUnit unit)
    {
        var words = BandWords(band, unit);
        return band.Target is { } target
            ? $"Planning {unit.Format(target)} {unit.Label} (any plan{words})"
            : words.Length == 0 ? "Planning any volume" : $"Planning plans{words}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
