using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>How much of the split-then-assemble search a call runs.</summary>
internal enum SearchDepth
{
    /// <summary>Every phase: start, improve, then the later criteria of the order on plans.</summary>
    Full,

    /// <summary>
    /// A quick look at a cellar state (the multi-level search): accuracy only, one sequential CP-SAT
    /// worker, which is deterministic too and much faster on small models.
    /// </summary>
    Look,
}

/// <summary>
/// The accuracy stage's state, handed from phase to phase: the best solution so far (every model
/// variable's value, by variable index), the proven lower bound on the accuracy objective (0 when
/// none), and whether the best is proven optimal within the family.
/// </summary>
internal sealed record AccuracyState(long[] Best, long BoundTau, bool Proven, bool FromPatterns);

/// <summary>
/// One run of the split-then-assemble search on one model: the model, the planning context, the
/// solver and the budget split between the phases. The phases (<see cref="StartPhase"/>,
/// <see cref="ImprovePhase"/>, <see cref="StagePhase"/>) work through it.
/// </summary>
internal sealed class SplitAssembleRun : IDisposable
{
    /// <summary>Share of the work for accuracy; the later criteria share the rest.</summary>
    public const double AccuracyShare = 0.7;

    /// <param name="model">The model this run solves.</param>
    /// <param name="context">The run's request, settings, budget and progress.</param>
    /// <param name="depth">How much of the search to run.</param>
    /// <param name="laterWork">Work units a search of another family will spend within the same deadline
    /// (see <see cref="RivalSearch"/>): the phases leave it its share of the clock.</param>
    public SplitAssembleRun(SplitAssembleModel model, PlanningContext context, SearchDepth depth, double laterWork = 0)
    {
        Model = model;
        Context = context;
        Depth = depth;
        Budget = context.Budget;
        // Where the clock would end the run before its work, accuracy gets its share of the time, not all of
        // it: the stages (and a rival search) keep theirs.
        Accuracy = depth == SearchDepth.Look ? Budget.Slice(1) : context.Part(Budget, AccuracyShare, laterWork);
        if (context.Progress.Listening && depth == SearchDepth.Full)
        {
            Solver.SetLogCallback(line => context.Progress.SolverLog(line.TrimEnd()));
        }
    }

    public SplitAssembleModel Model { get; }

    public PlanningContext Context { get; }

    public SearchDepth Depth { get; }

    /// <summary>The whole run's budget.</summary>
    public Budget Budget { get; }

    /// <summary>The accuracy stage's part of <see cref="Budget"/>.</summary>
    public Budget Accuracy { get; }

    public CpSolver Solver { get; } = new();

    public NeighbourhoodSettings Settings { get; } = new();

    public long Scale => Context.Targets.Scale;

    public bool IsCancelled => Context.IsCancelled;

    /// <summary>Solves the model as it stands (objective, hints, restrictions) with at most <paramref name="work"/> units.</summary>
    public CpSolverStatus Solve(Budget budget, double work, string stage)
    {
        var search = Depth == SearchDepth.Look ? CpSatParameters.Search.Sequential : CpSatParameters.Search.Portfolio;
        var callback = Depth == SearchDepth.Look ? null : new ProgressCallback(this, stage);
        var status = CpSatParameters.Solve(Solver, Model.Model, budget, work, search, Context.Settings.Workers, Context.Settings.Seed, callback, Context.Cancellation,
            log: Context.Progress.Listening && Depth == SearchDepth.Full);
        if (status == CpSolverStatus.ModelInvalid)
        {
            throw new InvalidOperationException("CP-SAT rejected the split-then-assemble model: " + Solver.Response?.SolutionInfo);
        }

        return status;
    }

    /// <summary>
    /// Solves the whole model hinted with <paramref name="best"/>; returns the more accurate of the
    /// two solutions and the solve's status.
    /// </summary>
    public (long[] Best, CpSolverStatus Status) SolveFrom(long[] best, Budget budget, double work)
    {
        var objective = Model.AccuracyObjective;
        Model.Hint(best);
        var status = Solve(budget, work, "accuracy");
        Model.Model.ClearHints();
        if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible && Solver.Value(objective) < best[objective.GetIndex()])
        {
            best = Model.Snapshot(Solver);
        }

        return (best, status);
    }

    /// <summary>
    /// The best bound on the accuracy objective any whole-model solve of this run has proven, rounded
    /// up to the integer it proves. Each solve starts its bound again from nothing, so the solver's
    /// own bound alone would seem to fall from one solve to the next.
    /// </summary>
    public long ProvenBound() => NoteBound((long)Math.Ceiling(Solver.BestObjectiveBound - 1e-9));

    private long _knownBound = long.MinValue;

    private long NoteBound(long bound)
    {
        var known = Interlocked.Read(ref _knownBound);
        while (bound > known)
        {
            var seen = Interlocked.CompareExchange(ref _knownBound, bound, known);
            if (seen == known)
            {
                return bound;
            }

            known = seen;
        }

        return known;
    }

    /// <summary>Reports a solution of the model as progress.</summary>
    public void Report(string stage, long[] values, double? boundPp) =>
        Context.Progress.Report(stage, Model.TauToPp(values[Model.Tau.GetIndex()]), values[Model.Volume.GetIndex()] * Model.Unit, boundPp);

    public void Dispose() => Solver.Dispose();

    private sealed class ProgressCallback(SplitAssembleRun run, string stage) : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback()
        {
            var model = run.Model;
            double? bound = stage == "accuracy" ? model.BoundToPp(run.NoteBound((long)Math.Ceiling(BestObjectiveBound() - 1e-9))) : null;
            run.Context.Progress.Report(stage, model.TauToPp(Value(model.Tau)), Value(model.Volume) * model.Unit, bound);
        }
    }
}
