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

        if (!secondRound && start is null && more is null && PatternRace.Applies(pattern, context) && !budget.IsSpent)
        {
            var filling = new PatternModel(model, context.Targets, settings, context.Request.MaxTransfers, () => budget.IsSpent || context.IsCancelled, fillEveryTank: true);
            if (!filling.Abandoned)
            {
                return PatternRace.Run(filling, pattern, model.Unit, context, budget);
            }
        }

        using var solver = new CpSolver();
        // The second round's transfer stage comes after its search: the search leaves it its share of the clock.
        var search = secondRound ? budget.Pace(context.PaceFor(TransferStageWork)) : budget;
        var status = Search(solver, pattern, model.Unit, context, search, context.Settings.Workers, secondRound ? "two rounds" : "start");
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
    /// Solves <paramref name="pattern"/> from scratch with all the work <paramref name="budget"/> has left
    /// on <paramref name="workers"/> workers, reporting its solutions as progress of <paramref name="stage"/>
    /// (and CP-SAT's log, each line after <paramref name="logPrefix"/>, when anyone listens).
    /// </summary>
    /// <exception cref="InvalidOperationException">CP-SAT rejected the model (a bug in building it).</exception>
    internal static CpSolverStatus Search(CpSolver solver, PatternModel pattern, long unit, PlanningContext context, Budget budget, int workers, string stage, string logPrefix = "")
    {
        if (context.Progress.Listening)
        {
            solver.SetLogCallback(line => context.Progress.SolverLog(logPrefix + line.TrimEnd()));
        }

        var status = CpSatParameters.Solve(solver, pattern.Model, budget, budget.WorkLeft, CpSatParameters.Search.Portfolio,
            workers, context.Settings.Seed, new Progress(pattern, unit, context.Progress, stage), context.Cancellation, log: context.Progress.Listening);
        return status == CpSolverStatus.ModelInvalid
            ? throw new InvalidOperationException("CP-SAT rejected the pattern model: " + solver.Response?.SolutionInfo)
            : status;
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

    internal static PatternPlan Decode(PatternModel pattern, long[] solution)
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
