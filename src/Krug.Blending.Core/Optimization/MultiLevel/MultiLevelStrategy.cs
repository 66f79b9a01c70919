using System.Globalization;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>
/// Multi-level plans: a beam search over pre-blending transfers (whole tanks poured into empty tanks
/// they fill exactly, one step each), every cellar state it reaches finished by the
/// split-then-assemble model, which accepts tanks holding blends (and, unless the request allows
/// leftovers, makes them end in the final blend). It starts from the split-then-assemble plan of the
/// untouched cellar and keeps it unless a multi-level plan ranks better, so it is never worse.
/// </summary>
internal sealed class MultiLevelStrategy : IPlanningStrategy
{
    private const string Family = "multi-level plans";

    // The plans the tank sizes' bound covers (see TankSizeBound), as the verdict names them.
    private const string TwoRoundsFamily = "plans of one or two rounds of splits";

    public PlanningStrategy Kind => PlanningStrategy.MultiLevel;

    public StrategyOutcome Search(PlanningContext context)
    {
        var budget = context.Budget;
        var depth = context.Request.MaxSteps - 2;
        var root = SecondSplitRound.Applies(context)
            ? WithSecondRound(context)
            : StrategyCatalog.For(PlanningStrategy.SplitAssemble).Search(context);
        if (context.IsCancelled)
        {
            return root;
        }

        if (root.Plan is null || context.IsCancelled)
        {
            return root;
        }

        if (depth <= 0 || budget.WorkLeft < BeamSearch.MinEvaluationWork || budget.IsSpent)
        {
            var why = depth <= 0 ? "the most steps leave no step for pre-blends" : "the searches before it used the whole budget";
            return root with { Message = root.Message + $" Multi-level search: no pre-blends tried ({why})." };
        }

        var search = new BeamSearch(context, root);
        search.Run(depth);
        search.EvaluateTies();
        if (search.Best is null || ReferenceEquals(search.Best.Value.Plan, root.Plan))
        {
            var note = string.Create(CultureInfo.InvariantCulture, $" Multi-level search: {search.Evaluated} pre-blended cellar states tried, none better.");
            return root with { Message = root.Message + note };
        }

        // Pre-blends that all end in the blend keep every wine's rest pure: the tank sizes bound them too.
        var winner = search.Best.Value;
        var bound = TankSizeBound.CoversEveryPlan(context)
            ? SplitAssembleStrategy.SizeBound(context, winner.Report.MaxDeviationPp, say: root.Status != PlanStatus.Feasible)
            : null;
        var known = bound is null ? "No lower bound is known for multi-level plans." : "The tank sizes bound every plan.";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Multi-level plan: {search.ImprovedAtLevel} pre-blending transfer(s), then split-then-assemble; better than any split-then-assemble plan found ({search.Evaluated} pre-blended cellar states tried). {known}");
        return new StrategyOutcome(Kind, winner.Plan, PlanStatus.Feasible, bound, bound is null ? Family : TankSizeBound.EveryPlan, message);
    }

    /// <summary>
    /// Split-then-assemble with a second round of splits inside it, after its accuracy phases and a first
    /// pass of its stages: the second round starts from that one-round plan with work of its own on top of
    /// the limit (so that split-then-assemble keeps exactly its work; the wall clock still bounds both).
    /// When it finds a plan more accurate by a step of the order, no one-round plan of that step can rank
    /// better, so the rest of the stages' work goes on the second round instead. The outcome is
    /// split-then-assemble's, or the second round's plan in its place when that ranks better.
    /// </summary>
    private static StrategyOutcome WithSecondRound(PlanningContext context)
    {
        var budget = context.Budget;
        (Plan Plan, BlendReport Blend)? twoRounds = null;

        BlendReport Verified(Plan plan)
        {
            var report = PlanVerifier.Verify(context.Request, plan);
            return report is { IsValid: true, Blend: { } blend } ? blend : throw new PlanVerificationException(PlanningStrategy.MultiLevel.Name(), report);
        }

        Fraction Accuracy(BlendReport blend) => context.Order.Key(PlanCriterion.Accuracy, blend.Score);

        var roundWork = budget.WorkLimit * SecondSplitRound.Share;
        (Plan, BlendReport)? Search(Plan? start, Func<Plan, Budget?>? more, double laterWork)
        {
            // The rest of the stages (or the second round going on with their work) comes after it.
            var own = budget.Extend(roundWork).Pace(context.PaceFor(laterWork));
            return own.WorkLeft < BeamSearch.MinEvaluationWork || own.IsSpent || context.IsCancelled || SecondSplitRound.Find(context, own, start, more) is not { } plan
                ? null
                : (plan, Verified(plan));
        }

        bool Rival(Plan oneRound, Budget stageWork)
        {
            var shown = Accuracy(Verified(oneRound));
            twoRounds = Search(oneRound, plan => Accuracy(Verified(plan)) < shown ? stageWork.Take(stageWork.WorkLeft) : null, stageWork.WorkLeft);
            return twoRounds is { } found && Accuracy(found.Blend) < shown;
        }

        // The stages' work must not shrink by what the second round spends: split-then-assemble gets work of its own.
        var root = SplitAssembleStrategy.Search(context.With(budget.Extend(budget.WorkLeft)), Rival, roundWork);
        if (root.Plan is null)
        {
            // No one-round plan, so the rival never ran: the second round may still find one from scratch.
            twoRounds = Search(null, null, 0);
        }

        if (twoRounds is not { } best || (root.Plan is not null && !context.Order.IsBetter(best.Blend, Verified(root.Plan))))
        {
            return root with { Message = root.Message + " No plan with a second round of splits ranks better." };
        }

        context.Progress.Report("two rounds", best.Blend.MaxDeviationPp, best.Blend.Volume, null);
        var before = root.Plan is null ? string.Empty : " Split-then-assemble: " + root.Message;
        // CP-SAT's bound covers one round only; the tank sizes' bound covers both.
        // Said once: the one-round search said it already when it found a plan (the bound is the same).
        var bound = SplitAssembleStrategy.SizeBound(context, best.Blend.MaxDeviationPp, say: root.Plan is null);
        var known = bound is null ? "no lower bound is known for such plans" : "the tank sizes bound such plans";
        return new StrategyOutcome(PlanningStrategy.MultiLevel, best.Plan, PlanStatus.Feasible, bound, bound is null ? Family : TankSizeBound.Family(context, TwoRoundsFamily),
            $"Plan with a second round of splits (pieces into tanks the first round emptied), better than any split-then-assemble plan found; {known}." + before);
    }
}
