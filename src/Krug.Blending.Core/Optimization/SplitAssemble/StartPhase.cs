using System.Globalization;
using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The first phase: a first plan and, where the plain model proves one, a bound. Where empty tanks
/// are scarce and the blend can fill them all, the pattern start's plan (see <see cref="PatternStart"/>);
/// otherwise a first solve of the model without group splits.
/// </summary>
internal static class StartPhase
{
    // Budget of the solve that turns the pattern start's moves into a solution of the model (every decision fixed).
    private const double CompletionWork = 5;

    /// <summary>The starting state, or the outcome that ends the search (no plan, or none in time).</summary>
    public static (AccuracyState? State, string? Failure, PlanStatus FailureStatus) Run(SplitAssembleRun run)
    {
        var model = run.Model;
        // The pattern model finds plans far sooner than the whole model does (whose first solve may find
        // none at all where the blend takes nearly every empty tank).
        if (run.Depth == SearchDepth.Full && run.Settings.PatternShare > 0 && PatternStart.Applies(model))
        {
            var start = FromPatterns(run, run.Accuracy.Slice(run.Settings.PatternShare));
            if (start is not null)
            {
                return (new AccuracyState(start, 0, false, FromPatterns: true), null, PlanStatus.Feasible);
            }
        }

        model.Model.Minimize(model.AccuracyObjective);
        var work = run.Depth == SearchDepth.Look
            ? run.Accuracy.WorkLeft
            : Math.Min(run.Accuracy.WorkLeft, Math.Max(run.Settings.FirstSolveFloorSeconds, run.Accuracy.WorkLimit * run.Settings.FirstSolveShare));
        CpSolverStatus status;
        using (var plain = new DomainRestriction())
        {
            // The first solve runs without group splits: the plain model, half the size, finds its first
            // plans much sooner, and its bound is the plain family's. The later searches may use groups.
            model.WithoutGroups(plain);
            status = run.Solve(run.Accuracy, work, "accuracy");
            if (status == CpSolverStatus.Unknown && run.Depth == SearchDepth.Full && !run.IsCancelled && !run.Accuracy.IsSpent)
            {
                // No plan yet (a volume band near every empty tank's capacity makes first plans hard):
                // a second, longer solve with the rest of the accuracy work rather than giving up.
                status = run.Solve(run.Accuracy, run.Accuracy.WorkLeft, "accuracy");
            }
        }

        if (status == CpSolverStatus.Infeasible)
        {
            return (null, null, PlanStatus.NoPlan);
        }

        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return (null, run.IsCancelled ? "Interrupted before any plan was found." : "The time limit ran out before any plan was found.", PlanStatus.TimeoutWithoutPlan);
        }

        var best = model.Snapshot(run.Solver);
        var proven = status == CpSolverStatus.Optimal;
        var bound = proven ? best[model.AccuracyObjective.GetIndex()] : run.ProvenBound();
        return (new AccuracyState(best, bound, proven, FromPatterns: false), null, PlanStatus.Feasible);
    }

    /// <summary>
    /// The pattern start's plan as a solution of the model (every variable's value), or
    /// <see langword="null"/> when the pattern model found nothing in its budget.
    /// </summary>
    private static long[]? FromPatterns(SplitAssembleRun run, Budget budget)
    {
        var model = run.Model;
        var pattern = PatternStart.Find(model, run.Context, budget);
        if (pattern is null)
        {
            return null;
        }

        model.Model.Minimize(model.AccuracyObjective);
        using var fixedMoves = new DomainRestriction();
        model.Fix(fixedMoves, pattern.Moves, pattern.FinalFromClass);
        // Every decision is fixed, so presolve settles the rest at once; it runs even after a Ctrl-C so
        // that the plan found so far is kept, and outside the budget so that it runs even when the
        // pattern model took all of it.
        using var solver = new CpSolver();
        solver.StringParameters = CpSatParameters.For(CompletionWork, Math.Max(1, run.Budget.TimeLeft.TotalSeconds), CpSatParameters.Search.Sequential, 1, run.Context.Settings.Seed, log: false);
        var status = solver.Solve(model.Model);
        run.Budget.Charge(Math.Min(CompletionWork, solver.Response?.DeterministicTime ?? 0));
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The pattern start's plan is not a solution of the split-then-assemble model ({status})."));
        }

        var values = model.Snapshot(solver);
        run.Report("accuracy", values, null);
        return values;
    }
}
