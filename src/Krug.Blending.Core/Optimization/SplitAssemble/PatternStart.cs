using System.Runtime.ExceptionServices;
using Google.OrTools.Sat;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>How the pattern start enumerates; the defaults were measured on the benchmark cellars.</summary>
internal sealed record PatternSettings
{
    /// <summary>Most pieces of one split of a tank or a group.</summary>
    public int MaxPieces { get; init; } = 3;

    /// <summary>Most tanks of one wine an option splits.</summary>
    public int MaxSplitTanks { get; init; } = 2;

    /// <summary>
    /// Options of a wine pour within this many percentage points of the blend of what the formula
    /// wants (more when groups may bring the wine too).
    /// </summary>
    public double WindowPp { get; init; } = 0.3;

    /// <summary>A group's splits bring each member's wine within this many percentage points of what it may still want.</summary>
    public double GroupWindowPp { get; init; } = 0.15;

    /// <summary>Splits kept per group: the ones that fit its members best.</summary>
    public int KeptPerGroup { get; init; } = 5;

    /// <summary>Options kept per wine and number of empty tanks taken: the ones closest to the formula.</summary>
    public int KeptPerPieceCount { get; init; } = 3;
}

/// <summary>
/// The pattern start's plan: what each source does (sources not named are left alone), and per
/// empty class how many of its tanks receive the blend.
/// </summary>
/// <param name="Moves">What each source does (indices into <see cref="SplitAssembleModel.Sources"/>).</param>
/// <param name="FinalFromClass">Per empty class, how many of its tanks receive the blend.</param>
/// <param name="Plan">The same plan as transfers, concrete tanks taken in id order (three steps when a second round of splits is used).</param>
/// <param name="SecondRound">Whether the plan splits tanks into tanks its first step emptied (a second round of splits).</param>
internal sealed record PatternPlan(IReadOnlyList<SourceMove> Moves, IReadOnlyList<int> FinalFromClass, Plan Plan, bool SecondRound);

/// <summary>
/// A first plan for cellars where the blend may take up to every empty tank: a multiple-choice model
/// over whole patterns. Each formula wine picks one way to deal with all of its tanks (which are poured
/// whole, which are split into which empty tanks and which pieces are poured), each group at most one
/// split; the empty tanks taken per capacity class, the empty tanks left idle and the blend volume tie
/// the choices together.
/// </summary>
/// <remarks>
/// Every split tank and every empty tank that neither takes a piece nor stays idle receives the blend,
/// so the final transfer's tanks need no decision beyond the idle counts: their capacities add up to
/// every empty tank's less the idle ones', which must be what is poured. "Every wine within a
/// deviation of its share" is then linear (absolute deviations at the chosen volume, which the band
/// keeps within a few percent), and each pattern is a whole combination of pieces, so the model's
/// linear relaxation knows how many empty tanks each wine needs. The split-then-assemble model's
/// relaxation knows nearly nothing (its bound is zero), which is why its first plans on large cellars
/// come late and far off. The pattern plan is where the later phases start from.
/// </remarks>
internal static class PatternStart
{
    /// <summary>
    /// Whether the pattern start applies: pure tanks, no waste, no share requirement, and a blend no
    /// larger than every empty tank's capacity allowed by the volume band and the stock.
    /// </summary>
    /// <remarks>
    /// Share requirements skip the pattern start rather than joining its model: its options are cut
    /// to a window around each wine's formula volume, so a requirement that binds (one the formula
    /// alone would not meet) is exactly the case where the options miss every plan that meets it, and
    /// a pattern plan that broke it could not be completed into a solution of the whole model. The
    /// whole model holds the requirements as a constraint family; only the head start on large,
    /// tank-scarce cellars is lost.
    /// </remarks>
    public static bool Applies(SplitAssembleModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var full = FullVolume(model);
        return !model.AllowWaste
            && !model.HasRequirements
            && model.Sources.All(s => s.IsGroup || s.Contents.IsPure)
            && full > 0
            && MinVolume(model) <= MaxVolume(model)
            && model.Sources.Where(s => !s.IsGroup).Sum(s => s.Capacity) >= MinVolume(model);
    }

    /// <summary>The smallest blend volume the band allows, in model units.</summary>
    internal static long MinVolume(SplitAssembleModel model) => Math.Max(1, (model.Band.Min + model.Unit - 1) / model.Unit);

    /// <summary>The largest blend volume the band and every empty tank allow, in model units (below <see cref="MinVolume"/> when none).</summary>
    internal static long MaxVolume(SplitAssembleModel model) => Math.Min(FullVolume(model), model.Band.Max / model.Unit);

    /// <summary>The blend volume that fills every empty tank, in model units.</summary>
    public static long FullVolume(SplitAssembleModel model) => model.Classes.Sum(c => c.Capacity * c.TankIds.Length);

    /// <summary>
    /// Solves the pattern model within <paramref name="budget"/> and returns the moves of its best
    /// solution (every source not named is left alone), or <see langword="null"/> without one.
    /// </summary>
    /// <remarks>
    /// With <paramref name="secondRound"/> the options may also split a tank into tanks that a
    /// first-round split emptied; such a plan is not a split-then-assemble plan (three steps), so
    /// only its <see cref="PatternPlan.Plan"/> is of use. With <paramref name="start"/> (a
    /// split-then-assemble plan) the search begins from that plan. With <paramref name="more"/>, a plan
    /// with a second round found within <paramref name="budget"/> is shown to it, and the search goes on
    /// from that plan with the budget it gives, if any.
    /// </remarks>
    public static PatternPlan? Find(SplitAssembleModel model, PlanningContext context, Budget budget, bool secondRound = false, Plan? start = null, Func<Plan, Budget?>? more = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(budget);
        var settings = new PatternSettings();
        var name = secondRound ? "Two rounds of splits" : "Pattern start";
        for (var attempt = 1; ; attempt++)
        {
            var (moves, infeasible) = Solve(model, context, budget, settings, secondRound, start, more);
            if (!infeasible || attempt == WindowWidenings + 1 || budget.IsSpent || context.IsCancelled)
            {
                if (moves is null)
                {
                    var then = secondRound ? string.Empty : "; solving the whole model instead";
                    context.Progress.Message(infeasible
                        ? $"{name}: no pattern plan makes a blend in the volume band{then}."
                        : $"{name}: no plan within its budget{then}.");
                }

                return moves;
            }

            // Exact sums over options near each wine's formula volume can miss every combination that fills
            // the final tanks; options further off still start far closer than the whole model finds alone.
            settings = settings with { WindowPp = settings.WindowPp * 2 };
            context.Progress.Message(FormattableString.Invariant(
                $"{name}: no pattern plan makes a blend in the volume band with options within {settings.WindowPp / 2:0.##} pp; trying {settings.WindowPp:0.##} pp."));
        }
    }

    /// <summary>
    /// Times the pattern start widens its window of options when no pattern plan makes a blend in the
    /// volume band (0.3, 0.6, 1.2, 2.4 pp): each infeasible model is proven so in a fraction of a second.
    /// </summary>
    private const int WindowWidenings = 3;

    /// <summary>One pattern model with <paramref name="settings"/>: its moves, or why there are none.</summary>
    private static (PatternPlan? Plan, bool Infeasible) Solve(SplitAssembleModel model, PlanningContext context, Budget budget, PatternSettings settings, bool secondRound, Plan? start, Func<Plan, Budget?>? more)
    {
        var name = secondRound ? "Two rounds of splits" : "Pattern start";
        // Enumerating patterns takes seconds on the largest cellars (20,000 wines: 9 s): it stops when
        // the budget's time runs out or the user interrupts, and the pattern start then gives nothing.
        var pattern = new PatternModel(model, context.Targets, settings, context.Request.MaxTransfers, () => budget.IsSpent || context.IsCancelled, secondRound, start);
        if (pattern.Abandoned)
        {
            context.Progress.Message($"{name}: stopped while enumerating patterns (time limit or interruption).");
            return (null, false);
        }

        var unit = context.Request.Cellar.Unit;
        var volumes = pattern.MinVolume == pattern.MaxVolume
            ? FormattableString.Invariant($"{unit.Format(pattern.MaxVolume * model.Unit)} {unit.Label}")
            : FormattableString.Invariant($"{unit.Format(pattern.MinVolume * model.Unit)}–{unit.Format(pattern.MaxVolume * model.Unit)} {unit.Label}");
        context.Progress.Message(FormattableString.Invariant(
            $"{name}: {pattern.WineOptionCount} wine options and {pattern.GroupOptionCount} group splits for a blend of {volumes} ({unit.Format(pattern.Full * model.Unit)} {unit.Label} fills every empty tank)."));

        if (!secondRound && start is null && more is null && Raced(pattern, context) && !budget.IsSpent)
        {
            var filling = new PatternModel(model, context.Targets, settings, context.Request.MaxTransfers, () => budget.IsSpent || context.IsCancelled, fillEveryTank: true);
            if (!filling.Abandoned)
            {
                return Race(filling, pattern, model.Unit, context, budget);
            }
        }

        using var solver = new CpSolver();
        if (context.Progress.Listening)
        {
            solver.SetLogCallback(line => context.Progress.SolverLog(line.TrimEnd()));
        }

        var callback = new Progress(pattern, model.Unit, context.Progress, secondRound ? "two rounds" : "start");
        // The second round's transfer stage comes after its search: the search leaves it its share of the clock.
        var search = secondRound ? budget.Pace(context.PaceFor(TransferStageWork)) : budget;
        var status = CpSatParameters.Solve(solver, pattern.Model, search, search.WorkLeft, CpSatParameters.Search.Portfolio,
            context.Settings.Workers, context.Settings.Seed, callback, context.Cancellation, log: context.Progress.Listening);
        if (status == CpSolverStatus.ModelInvalid)
        {
            throw new InvalidOperationException("CP-SAT rejected the pattern model: " + solver.Response?.SolutionInfo);
        }

        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return (null, status == CpSolverStatus.Infeasible);
        }

        var values = solver.Response!.Solution.ToArray();
        var plan = Decode(pattern, values);
        var last = budget;
        if (plan.SecondRound && more?.Invoke(plan.Plan) is { } bonus)
        {
            (plan, values) = Continue(pattern, model.Unit, context, bonus.Pace(context.PaceFor(TransferStageWork)), solver, plan, values);
            last = bonus;
        }

        return (secondRound ? FewerTransfers(pattern, context, last, solver, plan, values) : plan, false);
    }

    /// <summary>
    /// Whether the first round's pattern start races two models (see <see cref="Race"/>): the model offers
    /// group splits (leftover blends allowed), the band lets the blend fill every empty tank or leave some
    /// idle, and there are workers for both.
    /// </summary>
    /// <remarks>
    /// Without group splits the pattern model has no group options and finds its plans quickly, and the
    /// plan the user gets is mostly the second round's, which starts from this one: there the race changed
    /// the generator suite's 150in330 geometric mean from 0.2320 to 0.2498 pp and 400x300's from 0.1684 to
    /// 0.1630 (12 rows each, 60 s), within what clock-cut runs vary, so it is left out.
    /// </remarks>
    private static bool Raced(PatternModel pattern, PlanningContext context) =>
        context.Settings.Workers >= 2 && pattern.GroupOptionCount > 0 && pattern.MinVolume < pattern.Full && pattern.MaxVolume == pattern.Full;

    /// <summary>
    /// Solves the model whose blend fills every empty tank (<paramref name="filling"/>) and the one that may
    /// leave tanks idle (<paramref name="idle"/>) side by side, half of the workers each, and keeps the
    /// closer solution (deviation over volume; the fuller blend on a tie).
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
    private static (PatternPlan? Plan, bool Infeasible) Race(PatternModel filling, PatternModel idle, long unit, PlanningContext context, Budget budget)
    {
        context.Progress.Message("Pattern start: solving the blend that fills every empty tank and the one that may leave tanks idle side by side.");
        var models = new[] { filling, idle };
        var work = budget.WorkLeft;
        var branches = models.Select(_ => budget.Branch(work)).ToArray();
        var workers = new[] { context.Settings.Workers / 2, context.Settings.Workers - (context.Settings.Workers / 2) };
        var statuses = new CpSolverStatus[models.Length];
        var solutions = new long[]?[models.Length];
        void Run(int i)
        {
            using var solver = new CpSolver();
            if (context.Progress.Listening)
            {
                var which = i == 0 ? "every tank filled" : "tanks may stay idle";
                solver.SetLogCallback(line => context.Progress.SolverLog($"[{which}] {line.TrimEnd()}"));
            }

            statuses[i] = CpSatParameters.Solve(solver, models[i].Model, branches[i], work, CpSatParameters.Search.Portfolio,
                workers[i], context.Settings.Seed, new Progress(models[i], unit, context.Progress, "start"), context.Cancellation, log: context.Progress.Listening);
            if (statuses[i] == CpSolverStatus.ModelInvalid)
            {
                throw new InvalidOperationException("CP-SAT rejected the pattern model: " + solver.Response?.SolutionInfo);
            }

            solutions[i] = statuses[i] is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? solver.Response!.Solution.ToArray() : null;
        }

        var tasks = Enumerable.Range(0, models.Length).Select(i => Task.Run(() => Run(i))).ToArray();
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
            : (Decode(models[winner], solutions[winner]!), false);
    }

    private static string Describe(RaceResult? result, long scale, long unit, PlanningContext context)
    {
        var cellar = context.Request.Cellar.Unit;
        return result is { } r
            ? FormattableString.Invariant($"{r.Deviation * 100.0 / scale / r.Volume:0.0000} pp at {cellar.Format(r.Volume * unit)} {cellar.Label}")
            : "no plan";
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

    /// <summary>
    /// The same model solved on from <paramref name="values"/> (a complete hint, so CP-SAT's first
    /// solution) with <paramref name="bonus"/>: the plan and its values, or the ones given when the solve
    /// finds nothing better.
    /// </summary>
    private static (PatternPlan Plan, long[] Values) Continue(PatternModel pattern, long unit, PlanningContext context, Budget bonus, CpSolver solver, PatternPlan plan, long[] values)
    {
        if (context.IsCancelled || bonus.IsSpent)
        {
            return (plan, values);
        }

        if (!HintAll(pattern, values))
        {
            return (plan, values);
        }

        var callback = new Progress(pattern, unit, context.Progress, "two rounds");
        var status = CpSatParameters.Solve(solver, pattern.Model, bonus, bonus.WorkLeft, CpSatParameters.Search.Portfolio,
            context.Settings.Workers, context.Settings.Seed, callback, context.Cancellation, log: context.Progress.Listening);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return (plan, values);
        }

        // By deviation over volume, not by the model's deviation: a smaller one at a smaller volume can be less accurate.
        var found = solver.Response!.Solution.ToArray();
        return pattern.IsCloser(found, values) ? (Decode(pattern, found), found) : (plan, values);
    }

    /// <summary>
    /// Work of the second round's transfer stage, on top of its share: the stage starts from the plan
    /// (a complete hint) with its deviation and volume fixed, so it settles in a fraction of a unit.
    /// </summary>
    private const double TransferStageWork = 0.5;

    /// <summary>
    /// The second round's plan with as few splits as its deviation and volume allow. Its own model ranks
    /// plans by deviation alone, and no later stage ranks a three-step plan by transfers (the
    /// split-then-assemble stages do for one-round plans), so without this the same accuracy could take
    /// more transfers than it needs.
    /// </summary>
    private static PatternPlan FewerTransfers(PatternModel pattern, PlanningContext context, Budget budget, CpSolver solver, PatternPlan plan, long[] values)
    {
        // Work of its own: the accuracy search before it used all of the budget's.
        var stage = budget.Extend(TransferStageWork);
        if (context.IsCancelled || stage.IsSpent)
        {
            return plan;
        }

        using var same = new DomainRestriction();
        same.Cap(pattern.Deviation, values[pattern.Deviation.GetIndex()]);
        same.Fix(pattern.Volume, values[pattern.Volume.GetIndex()]);
        if (!HintAll(pattern, values))
        {
            return plan;
        }

        pattern.Model.Minimize(pattern.WorkOrderSize);
        var status = CpSatParameters.Solve(solver, pattern.Model, stage, stage.WorkLeft, CpSatParameters.Search.Portfolio,
            context.Settings.Workers, context.Settings.Seed, null, context.Cancellation);
        return status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? Decode(pattern, solver.Response!.Solution.ToArray()) : plan;
    }

    /// <summary>Hints every variable with <paramref name="values"/>, and whether the hint stands (see <see cref="HintCheck"/>).</summary>
    private static bool HintAll(PatternModel pattern, long[] values)
    {
        pattern.Model.Model.SolutionHint = new PartialVariableAssignment { Vars = { Enumerable.Range(0, values.Length) }, Values = { values } };
        return HintCheck.KeepIfFeasible(pattern.Model);
    }

    private static PatternPlan Decode(PatternModel pattern, long[] solution)
    {
        var moves = pattern.Moves(solution);
        var plan = PatternTransfers.Of(pattern, moves, pattern.Idle(solution), pattern.Early(solution), pattern.Vessels(solution));
        return new PatternPlan(moves, pattern.FinalFromClass(solution), plan, moves.Any(m => m.Split is { } split && pattern.UsesFreed(split)));
    }

    private sealed class Progress(PatternModel pattern, long unit, ProgressReporter progress, string stage) : CpSolverSolutionCallback
    {
        // Progress only: the solutions CP-SAT reports along the way differ from run to run (only its last is
        // deterministic), so nothing the plan depends on may be taken from here.
        public override void OnSolutionCallback() =>
            progress.Report(stage, Value(pattern.Deviation) / (double)Value(pattern.Volume) / pattern.Scale * 100.0, Value(pattern.Volume) * unit, null);
    }
}
