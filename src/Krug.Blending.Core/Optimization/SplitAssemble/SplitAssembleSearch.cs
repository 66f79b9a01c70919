using System.Globalization;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>What the split-then-assemble search found for one cellar state, before verification.</summary>
/// <param name="Plan">Best plan found, or <see langword="null"/>.</param>
/// <param name="Status">Optimal when the accuracy stage was proven within the family.</param>
/// <param name="BoundPp">Proven lower bound on the largest deviation in percentage points, when known.</param>
/// <param name="Message">What was proven or why there is no plan.</param>
internal sealed record AssemblyOutcome(Plan? Plan, PlanStatus Status, double? BoundPp, string Message);

/// <summary>
/// A search for plans of another family that runs inside split-then-assemble, between a first pass of
/// the stages (a third of their work) and the rest of them: it is shown the best one-round plan so far
/// and the work the rest of the stages would get, and says whether it found a plan more accurate by at
/// least one step of the order. The rest of the stages is then skipped (no plan in the one-round plan's
/// step can rank better), and the search may spend their work; otherwise it must leave that work alone.
/// </summary>
internal delegate bool RivalSearch(Plan oneRoundPlan, Budget stageWork);

/// <summary>
/// Solves the split-then-assemble model of one cellar state in three phases: <see cref="StartPhase"/>
/// (a first plan), <see cref="ImprovePhase"/> (more accuracy from it) and <see cref="StagePhase"/>
/// (the later criteria of the order on plans). The multi-level search calls it on cellar states
/// that hold pre-blends.
/// </summary>
internal static class SplitAssembleSearch
{
    /// <summary>The plans the status and bound of this search cover.</summary>
    public const string Family = "split-then-assemble plans";

    /// <summary>
    /// Plans the assembly of <paramref name="sources"/> (which may hold pre-blends) into
    /// <paramref name="empties"/>; excluded tanks and kept wines must already be left out of both.
    /// With <paramref name="rival"/>, the phases before it leave it the share of the clock that
    /// <paramref name="rivalWork"/> (its own work, on top of this budget's) asks for.
    /// </summary>
    public static AssemblyOutcome Assemble(
        IReadOnlyList<SourceTank> sources,
        IReadOnlyList<(string Id, long Capacity)> empties,
        AssemblyLimits limits,
        PlanningContext context,
        SearchDepth depth,
        bool announce = false,
        RivalSearch? rival = null,
        double rivalWork = 0)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(empties);
        ArgumentNullException.ThrowIfNull(context);
        if (sources.Count == 0)
        {
            return new AssemblyOutcome(null, PlanStatus.NoPlan, null, "No full tank can be used: every tank with wine is excluded or kept.");
        }

        if (empties.Count == 0)
        {
            return new AssemblyOutcome(null, PlanStatus.NoPlan, null, "There is no empty tank to blend into (after excluded tanks).");
        }

        if (SplitAssembleModel.TooFinelyShared(sources) is { } wine)
        {
            // Lots whose percentages do not add up to a round total can give a wine shares whose common
            // denominator would overflow the model's integer coefficients.
            return new AssemblyOutcome(null, PlanStatus.NoPlan, null, string.Create(CultureInfo.InvariantCulture,
                $"No split-then-assemble plan can be searched: the lots hold {wine} in shares too fine for the model (a common denominator above {SplitAssembleModel.MaxShareDenominator}); round the lots' percentages, e.g. to two decimals adding up to 100."));
        }

        var model = SplitAssembleModel.Build(sources, empties, context.Targets, limits);
        if (announce)
        {
            context.Progress.Message(string.Create(CultureInfo.InvariantCulture,
                $"Split-then-assemble model: {model.Sources.Count(t => !t.IsGroup)} full tanks, {empties.Count} empty tanks in {model.Classes.Length} capacity classes, {model.Sources.Count(t => t.IsGroup)} groups of tanks a split may pour together, {model.Variables.Count} variables."));
        }

        using var run = new SplitAssembleRun(model, context, depth, rival is null ? 0 : rivalWork);
        var (start, failure, failureStatus) = StartPhase.Run(run);
        if (start is null)
        {
            return failureStatus == PlanStatus.NoPlan
                ? new AssemblyOutcome(null, PlanStatus.NoPlan, null, ExplainInfeasible(context.Request.Cellar.Unit, model))
                : new AssemblyOutcome(null, failureStatus, null, failure!);
        }

        var accuracy = ImprovePhase.Run(run, start);
        var accuracyPlan = model.Decode(v => accuracy.Best[v.GetIndex()]);
        if (rival is null)
        {
            return Outcome(model, accuracy, Preferred(model, context, accuracy, accuracyPlan, StagePhase.Run(run, accuracy)));
        }

        // The rival starts from a plan the stages have ranked once: from the accuracy plan alone the second round
        // did worse on the generator suite (uniform/150in330/s3, uniform/400x300/s1, Grande Cuvée at 10 units).
        var firstPass = StagePhase.Run(run, accuracy, context.Part(run.Budget, StagesBeforeRival, rivalWork));
        var plan = Preferred(model, context, accuracy, accuracyPlan, firstPass);
        if (context.IsCancelled || rival(plan, run.Budget))
        {
            return Outcome(model, accuracy, plan);
        }

        return Outcome(model, accuracy, Preferred(model, context, accuracy, accuracyPlan, StagePhase.Run(run, accuracy with { Best = firstPass })));
    }

    /// <summary>Share of the stages' work spent before a rival search is shown the plan.</summary>
    public const double StagesBeforeRival = 1.0 / 3;

    /// <summary>
    /// The plan of the staged solution, or <paramref name="accuracyPlan"/> (the accuracy stage's) when that
    /// ranks better: the stages may trade accuracy within one step of the order.
    /// </summary>
    private static Plan Preferred(SplitAssembleModel model, PlanningContext context, AccuracyState accuracy, Plan accuracyPlan, long[] staged)
    {
        if (ReferenceEquals(staged, accuracy.Best))
        {
            return accuracyPlan;
        }

        var plan = model.Decode(v => staged[v.GetIndex()]);
        return context.Order.Compare(model.Score(accuracy.Best, context.Request.Formula, accuracyPlan), model.Score(staged, context.Request.Formula, plan)) < 0 ? accuracyPlan : plan;
    }

    private static AssemblyOutcome Outcome(SplitAssembleModel model, AccuracyState accuracy, Plan plan)
    {
        var reached = accuracy.Best[model.AccuracyObjective.GetIndex()];
        // A plan with group splits may beat the plain family's bound; the bound reported never exceeds the plan.
        // A search that started from the pattern plan may have proven nothing: no bound then, rather than 0.
        double? bound = accuracy.Proven || accuracy.BoundTau > 0 ? model.BoundToPp(Math.Min(accuracy.BoundTau, reached)) : null;
        var message = accuracy.Proven
            ? "Proven the most accurate split-then-assemble plan (one step of splits, then one assembling transfer)."
            : bound is { } proof
                ? string.Create(CultureInfo.InvariantCulture, $"Best split-then-assemble plan found within the budget; no such plan can be closer than {proof:0.####} pp.")
                : "Best split-then-assemble plan found within the budget; no lower bound on its deviation was proven.";
        return new AssemblyOutcome(plan, accuracy.Proven ? PlanStatus.Optimal : PlanStatus.Feasible, bound, message);
    }

    private static string ExplainInfeasible(VolumeUnit unit, SplitAssembleModel model)
    {
        var smallestEmpty = model.Classes.Min(c => c.Capacity) * model.Unit;
        var totalWine = model.Sources.Where(s => !s.IsGroup).Sum(s => s.Capacity) * model.Unit;
        var band = model.Band;
        if (band.Min > totalWine)
        {
            return $"No plan: a blend of at least {unit.Format(band.Min)} {unit.Label} needs more than all the usable wine ({unit.Format(totalWine)} {unit.Label}).";
        }

        if (model.HasRequirements)
        {
            // Which limit leaves the family empty is not known without solving again; the planner names the requirements.
            return "No plan: no split-then-assemble plan meets the whole request.";
        }

        var bounded = band.Min > 1 || band.Max < long.MaxValue;
        return $"No plan: no set of empty tanks (smallest {unit.Format(smallestEmpty)} {unit.Label}) can be filled exactly by whole tanks or exact splits of them" +
               (bounded ? $" within {unit.Format(band.Min)}–{(band.Max == long.MaxValue ? "∞" : unit.Format(band.Max))} {unit.Label}; widen the volume (--volume, --min-volume, --max-volume)." : ".") +
               (model.AllowWaste ? string.Empty : " Allowing waste (--allow-waste) may make a plan possible.");
    }
}

/// <summary>The split-then-assemble strategy on the untouched cellar.</summary>
internal sealed class SplitAssembleStrategy : IPlanningStrategy
{
    public PlanningStrategy Kind => PlanningStrategy.SplitAssemble;

    public StrategyOutcome Search(PlanningContext context) => Search(context, null);

    /// <summary>
    /// The search, with <paramref name="rival"/> run before the stages (see <see cref="RivalSearch"/>),
    /// spending about <paramref name="rivalWork"/> units of its own.
    /// </summary>
    public static StrategyOutcome Search(PlanningContext context, RivalSearch? rival, double rivalWork = 0)
    {
        var (sources, empties) = Tanks(context);
        var outcome = SplitAssembleSearch.Assemble(sources, empties, AssemblyLimits.Of(context.Request), context, SearchDepth.Full, announce: true, rival, rivalWork);
        var bound = outcome.BoundPp;
        var family = SplitAssembleSearch.Family;
        if (outcome.Status == PlanStatus.Feasible && outcome.Plan is not null && TankSizeBound.Applies(context)
            && PlanVerifier.Verify(context.Request, outcome.Plan).Blend is { } blend
            && SizeBound(context, blend.MaxDeviationPp) is { } sizes && sizes > (bound ?? 0))
        {
            bound = sizes;
            family = TankSizeBound.Family(context, family);
        }

        return new StrategyOutcome(PlanningStrategy.SplitAssemble, outcome.Plan, outcome.Status, bound, family, outcome.Message);
    }

    /// <summary>
    /// The tank sizes' bound (see <see cref="TankSizeBound"/>) below <paramref name="possiblePp"/>, the
    /// largest deviation of a plan found (said on the progress channel unless <paramref name="say"/> is
    /// false), or <see langword="null"/> when it proves nothing.
    /// </summary>
    internal static double? SizeBound(PlanningContext context, double possiblePp, bool say = true)
    {
        if (TankSizeBound.Of(context, possiblePp) is not { } bound)
        {
            return null;
        }

        if (say)
        {
            var plans = TankSizeBound.CoversEveryPlan(context)
                ? "no plan leaving no mixture behind"
                : "no plan of one or two rounds of splits pouring pure wine";
            context.Progress.Message(FormattableString.Invariant(
                $"Tank sizes: {plans} can make a blend in the volume band closer than {bound:0.####} pp (a wine's tanks hold only some volumes, and what it keeps must fill tanks)."));
        }

        return bound;
    }

    /// <summary>Whether a split may pour tanks together: group splits are on and the request allows the mixtures they leave.</summary>
    public static bool OffersGroups(PlanningContext context) => context.Settings.GroupSplits && context.Request.AllowLeftoverBlends;

    /// <summary>
    /// The usable full tanks as sources (with the groups a split may pour together, where the request
    /// allows the mixtures they leave) and the usable empty tanks.
    /// </summary>
    public static (List<SourceTank> Sources, List<(string Id, long Capacity)> Empties) Tanks(PlanningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sources = context.Usable.Full.Select(t => new SourceTank(t.Id, t.Capacity, t.Contents!)).ToList();
        var empties = context.Usable.Empty.Select(t => (t.Id, t.Capacity)).ToList();
        if (OffersGroups(context))
        {
            sources.AddRange(GroupCandidates.For(sources, empties.Count, context.Targets));
        }

        return (sources, empties);
    }
}
