using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The last phase: the later criteria of the order on plans, one stage each, in the order
/// <see cref="PlanOrder.Criteria"/> declares them. Each stage keeps what the earlier ones reached
/// (accuracy within its step of the order, the others exactly) and starts from the best solution so
/// far; the model says which criteria it can vary (<see cref="SplitAssembleModel.Objective"/>).
/// </summary>
internal static class StagePhase
{
    /// <summary>
    /// The solution after every stage, by variable index, starting from <paramref name="accuracy"/>'s
    /// best and spending <paramref name="budget"/> (the run's by default). A second call goes on from
    /// the first's solution: each stage's bound stays in the model.
    /// </summary>
    public static long[] Run(SplitAssembleRun run, AccuracyState accuracy, Budget? budget = null)
    {
        budget ??= run.Budget;
        var model = run.Model;
        var best = accuracy.Best;
        var reached = best[model.AccuracyObjective.GetIndex()];
        model.Model.Add(model.AccuracyObjective <= model.SameAccuracyStep(reached, run.Context.Settings.AccuracyResolutionPp));
        if (run.Depth == SearchDepth.Look)
        {
            return best;
        }

        var stages = PlanOrder.Criteria
            .Where(c => c != PlanCriterion.Accuracy)
            .Select(c => (Criterion: c, Objective: model.Objective(c)))
            .Where(s => s.Objective is not null)
            .ToList();

        // Groups serve accuracy: the later stages keep the ones the best plan splits and drop the rest,
        // which brings the model back near its plain size.
        using var unusedGroups = new DomainRestriction();
        model.WithoutGroups(unusedGroups, except: best);
        for (var i = 0; i < stages.Count && !run.IsCancelled; i++)
        {
            var (criterion, objective) = stages[i];
            var stage = run.Context.Part(budget, 1.0 / (stages.Count - i));
            model.Hint(best);
            model.Model.Minimize(objective!);
            var status = run.Solve(stage, stage.WorkLimit, criterion.ToString().ToLowerInvariant());
            model.Model.ClearHints();
            if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                best = model.Snapshot(run.Solver);
            }

            model.Model.Add(objective! <= best[objective!.GetIndex()]);
        }

        return best;
    }
}
