using System.Globalization;
using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The second phase: more accuracy from the start's plan, never from scratch. After a pattern start
/// on a model without group splits, or after a proven optimum of the plain family when groups may
/// beat it, one solve of the whole model hinted with the plan; otherwise the neighbourhood search,
/// then a hinted whole-model solve when a proof is within reach.
/// </summary>
/// <remarks>
/// With group splits the whole model is about three times the pattern model's size, and one hinted
/// solve of it improved the pattern plan by next to nothing (house cellar with leftover blends: 0.1069
/// → 0.1065 pp in 20 s); the neighbourhood search, freeing a few wines at a time, took 400x300 from
/// 0.0905 to 0.083–0.084 pp in three runs out of three. Without groups the two were measured level
/// (docs/benchmarks.md, 7 Dec 2026).
/// </remarks>
internal static class ImprovePhase
{
    public static AccuracyState Run(SplitAssembleRun run, AccuracyState start)
    {
        if (run.Depth == SearchDepth.Look || run.IsCancelled || run.Accuracy.WorkLeft < 0.05)
        {
            return start;
        }

        if ((start.FromPatterns && !run.Model.HasGroups) || (start.Proven && run.Model.HasGroups))
        {
            return WholeModel(run, start);
        }

        return start.Proven ? start : Neighbourhoods(run, start);
    }

    /// <summary>
    /// Two cases solve the whole model from the plan so far. The plain family's optimum is proven, and
    /// pouring tanks together may still beat it: "optimal" then needs this solve's proof too, and its
    /// bound (at most the plain optimum) is the one to report. Or the pattern model ended early: the
    /// whole model may move the volume or use splits its enumeration left out.
    /// </summary>
    private static AccuracyState WholeModel(SplitAssembleRun run, AccuracyState state)
    {
        var model = run.Model;
        model.Model.Minimize(model.AccuracyObjective);
        var (best, status) = run.SolveFrom(state.Best, run.Accuracy, run.Accuracy.WorkLeft);
        return status switch
        {
            CpSolverStatus.Optimal => state with { Best = best, Proven = true, BoundTau = best[model.AccuracyObjective.GetIndex()] },
            CpSolverStatus.Feasible => state with { Best = best, Proven = false, BoundTau = run.ProvenBound() },
            _ => state with { Best = best },
        };
    }

    private static AccuracyState Neighbourhoods(SplitAssembleRun run, AccuracyState state)
    {
        var model = run.Model;
        var settings = run.Settings;
        var objective = model.AccuracyObjective;
        var best = state.Best;
        var boundTau = state.BoundTau;
        var boundPp = model.BoundToPp(boundTau);
        model.Model.Minimize(objective);

        var search = new NeighbourhoodSearch(model, run.Context.Targets, run.Context.Settings, settings);
        var outcome = search.Improve(best, boundTau, run.Accuracy.Take(run.Accuracy.WorkLimit * (1 - settings.ProofShare) - run.Accuracy.WorkSpent), v => run.Report("accuracy", v, boundPp), run.Context.Cancellation);
        best = outcome.Best;
        // The first solve's bound is the plain family's: with groups, reaching it proves nothing about them.
        bool Proven(NeighbourhoodOutcome o) => o.Proven || (!model.HasGroups && o.Best[objective.GetIndex()] <= boundTau);
        var proven = Proven(outcome);
        var proofInReach = boundTau >= settings.ProofGap * best[objective.GetIndex()];
        if (!proven && !run.IsCancelled && !proofInReach)
        {
            outcome = search.Improve(best, boundTau, run.Accuracy.Slice(1), v => run.Report("accuracy", v, boundPp), run.Context.Cancellation);
            best = outcome.Best;
            proven = Proven(outcome);
        }

        run.Context.Progress.Message(string.Create(CultureInfo.InvariantCulture,
            $"Neighbourhood search: {search.Rounds} rounds, {search.Improvements} more accurate plans; {(proofInReach ? "proof within reach, solving the whole model again" : "bound too far for a proof")}."));

        if (!proven && !run.IsCancelled && run.Accuracy.WorkLeft > 0.05)
        {
            (best, var status) = run.SolveFrom(best, run.Accuracy, run.Accuracy.WorkLeft);
            if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                var bound = status == CpSolverStatus.Optimal ? best[objective.GetIndex()] : run.ProvenBound();
                proven = best[objective.GetIndex()] <= (model.HasGroups ? bound : Math.Max(boundTau, bound));
                boundTau = Math.Max(boundTau, bound);
            }
        }

        // A proof by the neighbourhood search (a round that freed every wine) proves the bound too.
        return state with { Best = best, Proven = proven, BoundTau = proven ? Math.Max(boundTau, best[objective.GetIndex()]) : boundTau };
    }
}
