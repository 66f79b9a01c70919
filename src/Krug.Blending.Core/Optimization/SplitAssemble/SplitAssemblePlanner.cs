using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>What the split-then-assemble search found, before verification.</summary>
/// <param name="Plan">Best plan found, or <see langword="null"/>.</param>
/// <param name="Status">Optimal when the accuracy stage was proven within the family.</param>
/// <param name="BoundPp">Proven lower bound on the largest deviation in percentage points, when known.</param>
/// <param name="Message">What was proven or why there is no plan.</param>
/// <param name="Interrupted">Whether cancellation stopped the search.</param>
/// <param name="SpentSeconds">Budget used, in the seconds the options count (deterministic unless wall-clock).</param>
internal sealed record SearchOutcome(Plan? Plan, PlanStatus Status, double? BoundPp, string Message, bool Interrupted, double SpentSeconds = 0);

/// <summary>
/// Solves the split-then-assemble model in lexicographic stages: accuracy, then waste, then volume,
/// then transfers, each stage keeping the previous ones' optimum (accuracy with a small slack) and
/// starting from the previous solution.
/// </summary>
internal static partial class SplitAssemblePlanner
{
    /// <summary>Parts per whole of the target shares: accuracy is resolved to 0.0001 percentage point.</summary>
    public const long ShareScale = 1_000_000;

    private const double AccuracyShareOfBudget = 0.7;

    // Budget of the solve that turns the pattern start's moves into a solution of the model (all decisions fixed).
    private const double CompletionSeconds = 5;

    public static SearchOutcome Search(
        Cellar cellar,
        Formula formula,
        PlanningOptions options,
        IPlanningObserver? observer,
        CancellationToken cancellationToken)
    {
        var (sources, empties) = UsableTanks(cellar, options);
        if (options.GroupSplits)
        {
            sources.AddRange(GroupCandidates.For(sources, empties.Count, TargetShares.From(formula, ShareScale)));
        }

        return Search(sources, empties, cellar.Unit, formula, options, observer, cancellationToken);
    }

    /// <summary>
    /// The full tanks a plan may draw from and the empty tanks it may fill: every tank but the
    /// excluded ones, and no tank of a kept wine.
    /// </summary>
    public static (List<SourceTank> Sources, List<(string Id, long Capacity)> Empties) UsableTanks(Cellar cellar, PlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(options);
        var usable = cellar.Tanks.Where(t => !options.ExcludedTanks.Contains(t.Id)).ToList();
        var sources = usable
            .Where(t => t.Wine is not null && !options.KeptWines.Contains(t.Wine))
            .Select(t => new SourceTank(t.Id, t.Capacity, t.Wine!))
            .ToList();
        var empties = usable.Where(t => t.Wine is null).Select(t => (t.Id, t.Capacity)).ToList();
        return (sources, empties);
    }

    /// <summary>
    /// Plans from an arbitrary cellar state: <paramref name="sources"/> may hold blends made by earlier
    /// steps. Excluded tanks and kept wines must already be left out of both lists. With
    /// <paramref name="accuracyOnly"/> only the accuracy stage runs (a quick look at a state). With
    /// <paramref name="singleThread"/> CP-SAT runs one sequential worker, which is deterministic too and
    /// much faster on small models than the interleaved portfolio (no batches of subsolvers, no LP
    /// relaxation, whose bound is zero in this model anyway).
    /// </summary>
    public static SearchOutcome Search(
        IReadOnlyList<SourceTank> sources,
        IReadOnlyList<(string Id, long Capacity)> empties,
        VolumeUnit unit,
        Formula formula,
        PlanningOptions options,
        IPlanningObserver? observer,
        CancellationToken cancellationToken,
        bool accuracyOnly = false,
        bool singleThread = false)
    {
        var clock = Stopwatch.StartNew();
        if (sources.Count == 0)
        {
            return new SearchOutcome(null, PlanStatus.NoPlan, null, "No full tank can be used: every tank with wine is excluded or kept.", false);
        }

        if (empties.Count == 0)
        {
            return new SearchOutcome(null, PlanStatus.NoPlan, null, "There is no empty tank to blend into (after excluded tanks).", false);
        }

        var targets = TargetShares.From(formula, ShareScale);
        var model = SplitAssembleModel.Build(sources, empties, targets, options);
        observer?.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"Split-then-assemble model: {model.Sources.Count(t => !t.IsGroup)} full tanks, {empties.Count} empty tanks in {model.Classes.Length} capacity classes, {model.Sources.Count(t => t.IsGroup)} groups of tanks a split may pour together, {model.Variables.Count} variables."));

        using var solver = new CpSolver();
        if (observer is not null)
        {
            solver.SetLogCallback(line => observer.OnSolverLog(line.TrimEnd()));
        }

        var budget = Math.Max(0.1, options.TimeLimitSeconds);
        var spent = 0.0;

        // Stage 1: accuracy.
        var accuracyCallback = new ProgressCallback(model, targets.Scale, clock, observer, "accuracy");
        model.Model.Minimize(model.AccuracyObjective);
        var accuracyBudget = budget * AccuracyShareOfBudget;
        var settings = new NeighbourhoodSettings();

        // A single-thread quick look (multi-level search) spends its whole accuracy budget in one solve.
        var firstBudget = singleThread
            ? accuracyBudget
            : Math.Min(accuracyBudget, Math.Max(settings.FirstSolveFloorSeconds, accuracyBudget * settings.FirstSolveShare));
        // Where empty tanks are scarce (groups are offered) and the blend can fill them all, the pattern
        // start's plan replaces the first solve: on such cellars the first solve spends its budget on
        // plans far off the formula, and its bound is the plain family's anyway.
        var start = !singleThread && model.HasGroups && settings.PatternShare > 0 && PatternStart.Applies(model, options)
            ? StartFromPatterns(solver, model, targets, unit, options, accuracyBudget * settings.PatternShare, clock, observer, ref spent, cancellationToken)
            : null;

        long[] best;
        bool proven;
        long boundTau;
        var interrupted = cancellationToken.IsCancellationRequested;
        if (start is not null)
        {
            (best, proven, boundTau) = (start, false, 0);
        }
        else
        {
            CpSolverStatus status;
            using (var plain = new DomainRestriction())
            {
                // The first solve runs without group splits: the plain model, half the size, finds its first
                // plans much sooner, and its bound is the plain family's. The later searches may use groups.
                model.WithoutGroups(plain);
                status = Solve(solver, model, options, Math.Min(firstBudget, Math.Max(0.1, accuracyBudget - spent)), accuracyCallback, observer is not null, singleThread, ref spent, cancellationToken);
            }

            interrupted = cancellationToken.IsCancellationRequested;
            if (status == CpSolverStatus.Infeasible)
            {
                return new SearchOutcome(null, PlanStatus.NoPlan, null, ExplainInfeasible(unit, model, options), false, spent);
            }

            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                if (status == CpSolverStatus.ModelInvalid)
                {
                    throw new InvalidOperationException("CP-SAT rejected the split-then-assemble model: " + solver.Response?.SolutionInfo);
                }

                return new SearchOutcome(null, PlanStatus.TimeoutWithoutPlan, null,
                    interrupted ? "Interrupted before any plan was found." : "The time limit ran out before any plan was found.", interrupted, spent);
            }

            proven = status == CpSolverStatus.Optimal;
            best = model.Snapshot(solver);
            boundTau = proven ? best[model.AccuracyObjective.GetIndex()] : (long)Math.Ceiling(solver.BestObjectiveBound - 1e-9);
        }

        var accuracy = best[model.AccuracyObjective.GetIndex()];
        if ((start is not null || (proven && model.HasGroups)) && !interrupted && !singleThread && accuracyBudget - spent >= 0.05)
        {
            // Two cases solve the whole model from the plan so far. The plain family's optimum is proven, and
            // pouring tanks together may still beat it: "optimal" then needs this solve's proof too, and its
            // bound (at most the plain optimum) is the one to report. Or the pattern model ended early (it proved
            // its optimum at the full volume): the whole model may move the volume or use splits the enumeration
            // left out (the neighbourhood search found nothing there: 0 better plans in 257 rounds on the house cellar).
            (best, var whole) = SolveFrom(solver, model, options, best, accuracyBudget - spent, accuracyCallback, observer is not null, ref spent, cancellationToken);
            if (whole == CpSolverStatus.Optimal)
            {
                proven = true;
                boundTau = best[model.AccuracyObjective.GetIndex()];
            }
            else if (whole == CpSolverStatus.Feasible)
            {
                proven = false;
                boundTau = (long)Math.Ceiling(solver.BestObjectiveBound - 1e-9);
            }

            accuracy = best[model.AccuracyObjective.GetIndex()];
            interrupted = cancellationToken.IsCancellationRequested;
        }
        else if (!proven && !interrupted && !singleThread)
        {
            (best, boundTau, proven) = ImproveAccuracy(solver, model, targets, options, settings, best, boundTau, accuracyBudget, accuracyCallback, clock, observer, ref spent, cancellationToken);
            accuracy = best[model.AccuracyObjective.GetIndex()];
            interrupted = cancellationToken.IsCancellationRequested;
        }

        // Later stages keep the accuracy within a small slack so that they have room to move.
        var slack = model.ToleratedTau is { } tolerated && accuracy <= tolerated
            ? 0
            : (long)Math.Floor(options.AccuracySlackPp / 100m * targets.Scale);
        model.Model.Add(model.AccuracyObjective <= accuracy + slack);

        var remaining = Math.Max(0.0, budget - spent);
        var stages = new List<(string Name, IntVar Objective, bool Maximize)>();
        if (!accuracyOnly)
        {
            if (model.AllowWaste)
            {
                stages.Add(("waste", model.Waste, false));
            }

            stages.Add(("volume", model.Volume, true));
            stages.Add(("transfers", model.Splits, false));
        }

        // Groups serve accuracy: the later stages keep the ones the best plan splits and drop the rest,
        // which brings the model back near its plain size (and its deterministic time near wall time).
        using var unusedGroups = new DomainRestriction();
        model.WithoutGroups(unusedGroups, except: best);
        for (var i = 0; i < stages.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var (name, objective, maximize) = stages[i];
            var stageBudget = remaining / (stages.Count - i);
            var before = spent;
            model.Hint(best);
            if (maximize)
            {
                model.Model.Maximize(objective);
            }
            else
            {
                model.Model.Minimize(objective);
            }

            var stageStatus = Solve(solver, model, options, stageBudget, new ProgressCallback(model, targets.Scale, clock, observer, name), observer is not null, singleThread, ref spent, cancellationToken);
            remaining = Math.Max(0.0, remaining - (spent - before));
            if (stageStatus is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                best = model.Snapshot(solver);
            }

            var achieved = best[objective.GetIndex()];
            model.Model.Add(maximize ? objective >= achieved : objective <= achieved);
        }

        interrupted |= cancellationToken.IsCancellationRequested;
        var plan = model.Decode(v => best[v.GetIndex()]);
        // A plan with group splits may beat the plain family's bound; the bound reported never exceeds the plan.
        // A search that started from the pattern plan may have proven nothing: no bound then, rather than 0.
        double? bound = proven || boundTau > 0 ? Math.Max(0.0, (Math.Min(boundTau, accuracy) - 1.5) / targets.Scale * 100.0) : null;
        var message = proven
            ? "Proven the most accurate split-then-assemble plan (one step of splits, then one assembling transfer)."
            : bound is { } proof
                ? string.Create(CultureInfo.InvariantCulture, $"Best split-then-assemble plan found within the budget; no such plan can be closer than {proof:0.####} pp.")
                : "Best split-then-assemble plan found within the budget; no lower bound on its deviation was proven.";
        return new SearchOutcome(plan, proven ? PlanStatus.Optimal : PlanStatus.Feasible, bound, message, interrupted, spent);
    }

    private static CpSolverStatus Solve(CpSolver solver, SplitAssembleModel model, PlanningOptions options, double seconds, ProgressCallback callback, bool log, bool singleThread, ref double spent, CancellationToken cancellationToken)
    {
        var search = singleThread ? CpSatParameters.Search.Sequential : CpSatParameters.Search.Portfolio;
        solver.StringParameters = CpSatParameters.For(options, seconds, search, options.Workers, options.Seed, log);
        var status = StoppableSolve.Run(solver, model.Model, callback, cancellationToken);
        spent += CpSatParameters.Spent(solver, options, seconds);
        return status;
    }



    private static string ExplainInfeasible(VolumeUnit unit, SplitAssembleModel model, PlanningOptions options)
    {
        var smallestEmpty = model.Classes.Min(c => c.Capacity) * model.Unit;
        var totalWine = model.Sources.Sum(s => s.Capacity) * model.Unit;
        if (options.MinVolume is { } min && min > totalWine)
        {
            return $"No plan: --min-volume {unit.Format(min)} {unit.Label} is more than all the usable wine ({unit.Format(totalWine)} {unit.Label}).";
        }

        return $"No plan: no set of empty tanks (smallest {unit.Format(smallestEmpty)} {unit.Label}) can be filled exactly by whole tanks or exact splits of them" +
               (options.MinVolume is not null || options.MaxVolume is not null ? " within the volume bounds." : ".") +
               (options.AllowWaste ? string.Empty : " Allowing waste (--allow-waste) may make a plan possible.");
    }

    private sealed class ProgressCallback(SplitAssembleModel model, long scale, Stopwatch clock, IPlanningObserver? observer, string stage)
        : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback()
        {
            if (observer is null)
            {
                return;
            }

            var tau = Value(model.Tau);
            var volume = Value(model.Volume) * model.Unit;
            double? bound = stage == "accuracy" ? Math.Max(0.0, (BestObjectiveBound() - 1.5) / scale * 100.0) : null;
            observer.OnProgress(new PlanningProgress(clock.Elapsed, stage, tau / (double)scale * 100.0, volume, bound));
        }
    }
}
