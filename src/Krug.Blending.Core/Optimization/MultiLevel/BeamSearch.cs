using System.Globalization;
using System.Runtime.ExceptionServices;
using Krug.Blending.Domain;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>The beam search over cellar states, level by level, keeping the best plan under the order.</summary>
internal sealed class BeamSearch
{
    private const int FirstLevelCandidates = 32;
    private const int BeamWidth = 3;
    private const int CandidatesPerBeamState = 10;

    /// <summary>Least work units worth starting a search of a state (or the second round) with.</summary>
    public const double MinEvaluationWork = 0.02;

    /// <summary>
    /// Evaluating a state costs at least this much work: CP-SAT reports almost no deterministic time
    /// for small models, while building, presolving and verifying still take wall-clock time
    /// (measured: 0.05–0.25 s per look on 24-tank cellars, 2 cores).
    /// </summary>
    private const double MinEvaluationCost = 0.03;

    /// <summary>
    /// Work charged per tank of the state on top of CP-SAT's deterministic time, so that the work
    /// limit tracks wall-clock time: building the model, presolve and decoding are not in CP-SAT's
    /// count (measured on 2 cores: looks at 70-tank states took about det + 0.3 s, at 350-tank
    /// states det + 1.3 s).
    /// </summary>
    private const double OverheadPerTank = 0.004;

    private readonly PlanningContext _context;
    private readonly Budget _budget;
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly double _lookWork;
    private readonly BlendRequest _lookRequest;
    private readonly double _evaluationWork;
    private readonly int _lookers;
    private readonly List<(CellarState State, int Level)> _ties = [];

    public BeamSearch(PlanningContext context, StrategyOutcome root)
    {
        _context = context;
        _budget = context.Budget;
        _lookers = Math.Max(1, context.Settings.Workers);
        _lookRequest = context.Request with { Volume = new VolumeBand(1, context.Request.Volume.Max, null) };
        Best = root.Plan is null ? null : (root.Plan, Verify(root.Plan));
        // A look at a state gets a fraction of what the untouched cellar took; a full evaluation as much.
        var rootWork = _budget.WorkSpent;
        var remaining = _budget.WorkLeft;
        _evaluationWork = Math.Clamp(rootWork, MinEvaluationWork, Math.Max(MinEvaluationWork, remaining / 4));
        _lookWork = Math.Clamp(rootWork / 4, MinEvaluationWork, Math.Max(MinEvaluationWork, remaining / 16));
        _context.Progress.Message(string.Create(CultureInfo.InvariantCulture,
            $"Multi-level search: pre-blends of up to {context.Request.MaxSteps - 2} steps, {remaining:0.##} work units left after split-then-assemble."));
    }

    public (Plan Plan, BlendReport Report)? Best { get; private set; }

    public int Evaluated { get; private set; }

    public int ImprovedAtLevel { get; private set; }

    private bool Stopped => _context.IsCancelled || _budget.WorkLeft < MinEvaluationWork || _budget.IsSpent;

    public void Run(int depth)
    {
        var initial = CellarState.Initial(_context.Usable);
        _visited.Add(initial.Key);
        var beam = new List<CellarState> { initial };
        for (var level = 1; level <= depth && beam.Count > 0 && !Stopped; level++)
        {
            var children = new List<(CellarState State, BlendReport Report)>();
            var limit = level == 1 ? FirstLevelCandidates : CandidatesPerBeamState;
            foreach (var state in beam)
            {
                var fresh = PreBlendCandidates.For(state, _context.Targets, limit)
                    .Select(candidate => state.Apply(candidate.Inputs, candidate.Outputs))
                    .Where(child => _visited.Add(child.Key) && SplitAssembleModel.CanRepresent(child.Full))
                    .ToList();
                for (var first = 0; first < fresh.Count && !Stopped; first += _lookers)
                {
                    var batch = fresh.GetRange(first, Math.Min(_lookers, fresh.Count - first));
                    var looks = Look(batch);
                    for (var i = 0; i < batch.Count && !_context.IsCancelled; i++)
                    {
                        if (Consider(batch[i], looks[i], level) is { } report)
                        {
                            children.Add((batch[i], report));
                        }
                    }
                }
            }

            beam = [.. children
                .OrderBy(c => c.Report, Comparer<BlendReport>.Create(_context.Order.Compare))
                .ThenBy(c => c.State.Key, StringComparer.Ordinal)
                .Take(BeamWidth)
                .Select(c => c.State)];
        }
    }

    /// <summary>
    /// Quick looks (accuracy only, any volume up to the band's top) at a batch of states, side by side:
    /// one single-threaded solve per worker. Each gets the same work of its own, fixed before any
    /// starts, and the batch is charged its longest look's work (they overlap in time), so the looks'
    /// plans do not depend on the threads' timing and the work limit still tracks the elapsed search.
    /// </summary>
    /// <remarks>
    /// A look's solve is single-threaded, so one at a time left the second core idle for most of the
    /// search (measured on 20x50: looks took 1.5-2 s of wall-clock time each, a 0.53-unit look 2.1 s).
    /// </remarks>
    private Plan?[] Look(List<CellarState> batch)
    {
        var work = Math.Min(_lookWork, _budget.WorkLeft);
        var branches = batch.Select(state => _budget.Branch(work + Overhead(state))).ToArray();
        var plans = new Plan?[batch.Count];
        if (batch.Count == 1)
        {
            plans[0] = Evaluate(batch[0], branches[0], work, SearchDepth.Look);
        }
        else
        {
            var tasks = batch.Select((state, i) => Task.Run(() => plans[i] = Evaluate(state, branches[i], work, SearchDepth.Look))).ToArray();
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException failure) when (failure.InnerExceptions.Count > 0)
            {
                // A bug in one look is that bug, not an aggregate of threads.
                ExceptionDispatchInfo.Capture(failure.InnerExceptions[0]).Throw();
            }
        }

        _budget.Charge(branches.Max(b => b.WorkSpent));
        Evaluated += batch.Count;
        return plans;
    }

    /// <summary>
    /// Ranks a state by its look; a state whose look is more accurate than the best plan gets the full
    /// lexicographic treatment (volume band, transfers) at once. Returns the look's report, if any.
    /// </summary>
    /// <remarks>
    /// A look that only ties the best plan's accuracy can still lead to a plan that ranks better on
    /// volume or transfers, but rarely a more accurate one: on 20x50 none of the eight full evaluations
    /// of such looks did, and each took 4-5 s of wall-clock time, a third of the search's minute. Those
    /// states are evaluated in full after the beam search, with the work it left (see
    /// <see cref="EvaluateTies"/>); the look's own plan competes at once when it is in the volume band.
    /// </remarks>
    private BlendReport? Consider(CellarState child, Plan? look, int level)
    {
        if (look is null)
        {
            return null;
        }

        var report = Verify(look, _lookRequest);
        if (Best is { } best)
        {
            var accuracy = _context.Order.AccuracyKey(report.MaxDeviation);
            var bestAccuracy = _context.Order.AccuracyKey(best.Report.MaxDeviation);
            if (accuracy > bestAccuracy)
            {
                return report;
            }

            if (accuracy == bestAccuracy)
            {
                _ties.Add((child, level));
                if (PlanVerifier.Verify(_context.Request, look) is { IsValid: true, Blend: { } inBand } && _context.Order.IsBetter(inBand, best.Report))
                {
                    Improve(look, inBand, level);
                }

                return report;
            }
        }

        EvaluateInFull(child, level);
        return report;
    }

    /// <summary>
    /// The states whose looks tied the best plan's accuracy, evaluated in full in the order they were
    /// looked at, while the work the beam search left lasts.
    /// </summary>
    public void EvaluateTies()
    {
        foreach (var (state, level) in _ties)
        {
            if (Stopped)
            {
                return;
            }

            EvaluateInFull(state, level);
        }
    }

    private void EvaluateInFull(CellarState state, int level)
    {
        var work = Math.Min(_evaluationWork, Math.Max(MinEvaluationWork, _budget.WorkLeft));
        var full = Stopped ? null : Evaluate(state, _budget, work, SearchDepth.Full);
        if (full is null)
        {
            return;
        }

        var report = Verify(full);
        if (Best is null || _context.Order.IsBetter(report, Best.Value.Report))
        {
            Improve(full, report, level);
        }
    }

    private void Improve(Plan plan, BlendReport report, int level)
    {
        Best = (plan, report);
        ImprovedAtLevel = level;
        _context.Progress.Report("multi-level", report.MaxDeviationPp, report.Volume, null);
    }

    private static double Overhead(CellarState state) => Math.Max(MinEvaluationCost, OverheadPerTank * (state.Full.Length + state.Empty.Length));

    /// <summary>Finishes <paramref name="state"/> by split-then-assemble with at most <paramref name="work"/> units of <paramref name="budget"/>.</summary>
    private Plan? Evaluate(CellarState state, Budget budget, double work, SearchDepth depth)
    {
        var prefix = state.Transfers.Length;
        var request = _context.Request;
        int? maxTransfers = request.MaxTransfers is { } max ? max - prefix : null;
        if (maxTransfers is < 1)
        {
            return null;
        }

        // Building the model, presolve and decoding are not in CP-SAT's count: they are charged
        // below, so a state is only started when the budget can pay for them too.
        var overhead = Overhead(state);
        if (budget.WorkLeft < overhead + MinEvaluationWork)
        {
            return null;
        }

        // A look only ranks the state, at any volume up to the band's top: with the band's floor its
        // small budget often finds no plan at all, and the state would be lost to the beam.
        var limits = AssemblyLimits.Of(depth == SearchDepth.Look ? _lookRequest : request) with { MaxTransfers = maxTransfers };
        var own = budget.Take(Math.Min(work, budget.WorkLeft - overhead));
        var outcome = SplitAssembleSearch.Assemble(state.Full, state.Empty, limits, _context.With(own), depth);
        own.Charge(Math.Min(overhead, budget.WorkLeft));
        if (outcome.Plan is null)
        {
            return null;
        }

        var steps = state.Transfers.Select((t, i) => new PlanStep(i + 1, [t]))
            .Concat(outcome.Plan.Steps.Select(s => s with { Number = s.Number + prefix }))
            .ToList();
        return StepCompaction.Compact(new Plan([.. steps]));
    }

    private BlendReport Verify(Plan plan, BlendRequest? request = null)
    {
        var report = PlanVerifier.Verify(request ?? _context.Request, plan);
        if (!report.IsValid || report.Blend is null)
        {
            throw new PlanVerificationException(PlanningStrategy.MultiLevel.Name(), report);
        }

        return report.Blend;
    }
}
