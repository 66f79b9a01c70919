using System.Runtime.ExceptionServices;
using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The pattern start's two models side by side: the blend filling every empty tank and the one that may
/// leave tanks idle, half of the workers each; the closer solution is kept.
/// </summary>
/// <remarks>
/// The second model holds every solution of the first, yet neither search dominates within a budget.
/// Filling every tank is a tighter model that CP-SAT searches well where the formula fits the empty
/// tanks (house cellar, leftover blends allowed, 60 s, seeds 1-3: 0.0988, 0.1000, 0.1000 pp against
/// 0.1067, none, 0.0995 for idle tanks, each on one worker); leaving tanks idle is what finds a plan
/// where the tanks do not fit (krug-like/150in330/s3: 0.0918 pp, the filling model none). Each solve
/// gets the whole budget's work and is charged once, like side-by-side looks of the multi-level
/// search, so the outcome does not depend on the threads' timing.
/// </remarks>
internal static class PatternRace
{
    /// <summary>
    /// Whether the first round's pattern start races the two models: the model offers group splits
    /// (leftover blends allowed), the band lets the blend fill every empty tank or leave some idle, and
    /// there are workers for both.
    /// </summary>
    /// <remarks>
    /// Without group splits the pattern model has no group options and finds its plans quickly, and the
    /// plan the user gets is mostly the second round's, which starts from this one: there the race changed
    /// the generator suite's 150in330 geometric mean from 0.2320 to 0.2498 pp and 400x300's from 0.1684 to
    /// 0.1630 (12 rows each, 60 s), within what clock-cut runs vary, so it is left out.
    /// </remarks>
    public static bool Applies(PatternModel idle, PlanningContext context)
    {
        ArgumentNullException.ThrowIfNull(idle);
        ArgumentNullException.ThrowIfNull(context);
        return context.Settings.Workers >= 2 && idle.GroupOptionCount > 0 && idle.MinVolume < idle.Full && idle.MaxVolume == idle.Full;
    }

    /// <summary>
    /// Solves <paramref name="filling"/> (the blend fills every empty tank) and <paramref name="idle"/>
    /// (tanks may stay idle) side by side within <paramref name="budget"/> and returns the closer solution's
    /// plan, or why there is none (infeasible when the model leaving tanks idle is).
    /// </summary>
    public static (PatternPlan? Plan, bool Infeasible) Run(PatternModel filling, PatternModel idle, long unit, PlanningContext context, Budget budget)
    {
        ArgumentNullException.ThrowIfNull(filling);
        ArgumentNullException.ThrowIfNull(idle);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(budget);
        context.Progress.Message("Pattern start: solving the blend that fills every empty tank and the one that may leave tanks idle side by side.");
        var models = new[] { filling, idle };
        var prefixes = new[] { "[every tank filled] ", "[tanks may stay idle] " };
        var branches = models.Select(_ => budget.Branch(budget.WorkLeft)).ToArray();
        var workers = new[] { context.Settings.Workers / 2, context.Settings.Workers - (context.Settings.Workers / 2) };
        var statuses = new CpSolverStatus[models.Length];
        var solutions = new long[]?[models.Length];
        void Solve(int i)
        {
            using var solver = new CpSolver();
            statuses[i] = PatternStart.Search(solver, models[i], unit, context, branches[i], workers[i], "start", prefixes[i]);
            solutions[i] = statuses[i] is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? solver.Response!.Solution.ToArray() : null;
        }

        var tasks = Enumerable.Range(0, models.Length).Select(i => Task.Run(() => Solve(i))).ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException failure) when (failure.InnerExceptions.Count > 0)
        {
            // A bug in one solve is that bug, not an aggregate of threads.
            ExceptionDispatchInfo.Capture(failure.InnerExceptions[0]).Throw();
        }

        budget.Charge(branches.Max(b => b.WorkSpent));
        var results = models.Select((m, i) => solutions[i] is { } v ? new RaceResult(v[m.Deviation.GetIndex()], v[m.Volume.GetIndex()]) : (RaceResult?)null).ToArray();
        context.Progress.Message(FormattableString.Invariant(
            $"Pattern start: filling every empty tank {Describe(results[0], filling.Scale, unit, context)}; leaving tanks idle {Describe(results[1], idle.Scale, unit, context)}."));
        var winner = Winner(results[0], results[1]);
        return winner < 0
            ? (null, statuses[1] == CpSolverStatus.Infeasible)
            : (PatternStart.Decode(models[winner], solutions[winner]!), false);
    }

    /// <summary>A raced model's solution: its deviation (target scale × model units) and volume (model units).</summary>
    internal readonly record struct RaceResult(long Deviation, long Volume);

    /// <summary>
    /// Which raced solution to keep: 0 (the model filling every tank), 1 (the one leaving tanks idle) or −1
    /// (neither found one). The smaller deviation over volume wins, compared exactly; on a tie the larger
    /// blend, and then the first.
    /// </summary>
    internal static int Winner(RaceResult? filling, RaceResult? idle)
    {
        if (filling is not { } a)
        {
            return idle is null ? -1 : 1;
        }

        if (idle is not { } b)
        {
            return 0;
        }

        var left = (Int128)a.Deviation * b.Volume;
        var right = (Int128)b.Deviation * a.Volume;
        return left < right || (left == right && a.Volume >= b.Volume) ? 0 : 1;
    }

    private static string Describe(RaceResult? result, long scale, long unit, PlanningContext context)
    {
        var cellar = context.Request.Cellar.Unit;
        return result is { } r
            ? FormattableString.Invariant($"{r.Deviation * 100.0 / scale / r.Volume:0.0000} pp at {cellar.Format(r.Volume * unit)} {cellar.Label}")
            : "no plan";
    }
}
