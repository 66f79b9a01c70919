using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>How the accuracy stage goes on after its first plan: pattern start, neighbourhood search and whole-model solves.</summary>
internal static partial class SplitAssemblePlanner
{
    /// <summary>
    /// After a first solve that did not prove optimality: neighbourhood search, then — when the
    /// bound is close enough for a proof to be within reach — a second solve of the whole model
    /// hinted with the search's best, else more neighbourhood search.
    /// </summary>
    private static (long[] Best, long BoundTau, bool Proven) ImproveAccuracy(
        CpSolver solver,
        SplitAssembleModel model,
        TargetShares targets,
        PlanningOptions options,
        NeighbourhoodSettings settings,
        long[] best,
        long boundTau,
        double accuracyBudget,
        ProgressCallback accuracyCallback,
        Stopwatch clock,
        IPlanningObserver? observer,
        ref double spent,
        CancellationToken cancellationToken)
    {
        var objective = model.AccuracyObjective;
        var boundPp = Math.Max(0.0, (boundTau - 1.5) / targets.Scale * 100.0);
        void Report(long[] values) => observer?.OnProgress(new PlanningProgress(
            clock.Elapsed, "accuracy", values[model.Tau.GetIndex()] / (double)targets.Scale * 100.0, values[model.Volume.GetIndex()] * model.Unit, boundPp));

        var search = new NeighbourhoodSearch(model, targets, options, settings);
        var outcome = search.Improve(best, boundTau, accuracyBudget * (1 - settings.ProofShare) - spent, Report, cancellationToken);
        spent += outcome.Spent;
        best = outcome.Best;
        // The first solve's bound is the plain family's: with groups, reaching it proves nothing about them.
        bool Proven(NeighbourhoodOutcome o) => o.Proven || (!model.HasGroups && o.Best[objective.GetIndex()] <= boundTau);
        var proven = Proven(outcome);
        var proofInReach = boundTau >= settings.ProofGap * best[objective.GetIndex()];
        if (!proven && !cancellationToken.IsCancellationRequested && !proofInReach)
        {
            outcome = search.Improve(best, boundTau, accuracyBudget - spent, Report, cancellationToken);
            spent += outcome.Spent;
            best = outcome.Best;
            proven = Proven(outcome);
        }

        observer?.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"Neighbourhood search: {search.Rounds} rounds, {search.Improvements} more accurate plans; {(proofInReach ? "proof within reach, solving the whole model again" : "bound too far for a proof")}."));

        var rest = accuracyBudget - spent;
        if (!proven && !cancellationToken.IsCancellationRequested && rest > 0.05)
        {
            (best, var status) = SolveFrom(solver, model, options, best, rest, accuracyCallback, observer is not null, ref spent, cancellationToken);
            if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                var bound = status == CpSolverStatus.Optimal ? best[objective.GetIndex()] : (long)Math.Ceiling(solver.BestObjectiveBound - 1e-9);
                proven = best[objective.GetIndex()] <= (model.HasGroups ? bound : Math.Max(boundTau, bound));
                boundTau = Math.Max(boundTau, bound);
            }
        }

        // A proof by the neighbourhood search (a round that freed every wine) proves the bound too.
        return (best, proven ? Math.Max(boundTau, best[objective.GetIndex()]) : boundTau, proven);
    }

    /// <summary>
    /// The pattern start's plan as a solution of the model (every variable's value), or
    /// <see langword="null"/> when the pattern model found nothing in its budget.
    /// </summary>
    private static long[]? StartFromPatterns(CpSolver solver, SplitAssembleModel model, TargetShares targets, VolumeUnit unit, PlanningOptions options, double seconds, Stopwatch clock, IPlanningObserver? observer, ref double spent, CancellationToken cancellationToken)
    {
        var moves = PatternStart.Find(model, targets, options, new PatternSettings(), unit, seconds, observer, clock, ref spent, cancellationToken);
        if (moves is null)
        {
            return null;
        }

        using var fixedMoves = new DomainRestriction();
        model.Fix(fixedMoves, moves);
        // Every decision is fixed, so presolve settles the rest at once; it runs even after a Ctrl-C so
        // that the plan found so far is kept.
        var status = Solve(solver, model, options, CompletionSeconds, new ProgressCallback(model, targets.Scale, clock, observer, "accuracy"), false, singleThread: true, ref spent, CancellationToken.None);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            throw new InvalidOperationException($"The pattern start's plan is not a solution of the split-then-assemble model ({status}).");
        }

        return model.Snapshot(solver);
    }

    /// <summary>
    /// Solves the whole model hinted with <paramref name="best"/>; returns the more accurate of the
    /// two solutions and the solve's status.
    /// </summary>
    private static (long[] Best, CpSolverStatus Status) SolveFrom(CpSolver solver, SplitAssembleModel model, PlanningOptions options, long[] best, double seconds, ProgressCallback callback, bool log, ref double spent, CancellationToken cancellationToken)
    {
        var objective = model.AccuracyObjective;
        model.Hint(best);
        var status = Solve(solver, model, options, seconds, callback, log, singleThread: false, ref spent, cancellationToken);
        model.Model.ClearHints();
        if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible && solver.Value(objective) < best[objective.GetIndex()])
        {
            best = model.Snapshot(solver);
        }

        return (best, status);
    }
}
