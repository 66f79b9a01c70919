using System.Globalization;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>
/// Multi-level plans: a beam search over pre-blending transfers (whole tanks poured into empty tanks
/// they fill exactly, one step each), every cellar state it reaches finished by the
/// split-then-assemble model, which accepts tanks holding blends (and, unless the request allows
/// leftovers, makes them end in the final blend). It starts from the split-then-assemble plan of the
/// untouched cellar and keeps it unless a multi-level plan ranks better, so it is never worse.
/// </summary>
internal sealed class MultiLevelStrategy : IPlanningStrategy
{
    private const int FirstLevelCandidates = 32;
    private const int BeamWidth = 3;
    private const int CandidatesPerBeamState = 10;
    private const double MinEvaluationWork = 0.02;

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

    private const string Family = "multi-level plans";

    public PlanningStrategy Kind => PlanningStrategy.MultiLevel;

    public StrategyOutcome Search(PlanningContext context)
    {
        var budget = context.Budget;
        var depth = context.Request.MaxSteps - 2;
        var root = SecondSplitRound.Applies(context)
            ? WithSecondRound(context)
            : StrategyCatalog.For(PlanningStrategy.SplitAssemble).Search(context);
        if (context.IsCancelled)
        {
            return root;
        }

        if (root.Plan is null || context.IsCancelled)
        {
            return root;
        }

        if (depth <= 0 || budget.WorkLeft < MinEvaluationWork || budget.IsSpent)
        {
            var why = depth <= 0 ? "the most steps leave no step for pre-blends" : "the searches before it used the whole budget";
            return root with { Message = root.Message + $" Multi-level search: no pre-blends tried ({why})." };
        }

        var search = new BeamSearch(context, root);
        search.Run(depth);
        if (search.Best is null || ReferenceEquals(search.Best.Value.Plan, root.Plan))
        {
            var note = string.Create(CultureInfo.InvariantCulture, $" Multi-level search: {search.Evaluated} pre-blended cellar states tried, none better.");
            return root with { Message = root.Message + note };
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"Multi-level plan: {search.ImprovedAtLevel} pre-blending transfer(s), then split-then-assemble; better than any split-then-assemble plan found ({search.Evaluated} pre-blended cellar states tried). No lower bound is known for multi-level plans.");
        return new StrategyOutcome(Kind, search.Best.Value.Plan, PlanStatus.Feasible, null, Family, message);
    }

    /// <summary>
    /// Split-then-assemble with a second round of splits inside it, after its accuracy phases and a first
    /// pass of its stages: the second round starts from that one-round plan with work of its own on top of
    /// the limit (so that split-then-assemble keeps exactly its work; the wall clock still bounds both).
    /// When it finds a plan more accurate by a step of the order, no one-round plan of that step can rank
    /// better, so the rest of the stages' work goes on the second round instead. The outcome is
    /// split-then-assemble's, or the second round's plan in its place when that ranks better.
    /// </summary>
    private static StrategyOutcome WithSecondRound(PlanningContext context)
    {
        var budget = context.Budget;
        (Plan Plan, BlendReport Blend)? twoRounds = null;

        BlendReport Verified(Plan plan)
        {
            var report = PlanVerifier.Verify(context.Request, plan);
            return report is { IsValid: true, Blend: { } blend } ? blend : throw new PlanVerificationException(PlanningStrategy.MultiLevel.Name(), report);
        }

        Fraction Accuracy(BlendReport blend) => context.Order.Key(PlanCriterion.Accuracy, blend.Score);

        var roundWork = budget.WorkLimit * SecondSplitRound.Share;
        (Plan, BlendReport)? Search(Plan? start, Func<Plan, Budget?>? more, double laterWork)
        {
            // The rest of the stages (or the second round going on with their work) comes after it.
            var own = budget.Extend(roundWork).Pace(context.PaceFor(laterWork));
            return own.WorkLeft < MinEvaluationWork || own.IsSpent || context.IsCancelled || SecondSplitRound.Find(context, own, start, more) is not { } plan
                ? null
                : (plan, Verified(plan));
        }

        bool Rival(Plan oneRound, Budget stageWork)
        {
            var shown = Accuracy(Verified(oneRound));
            twoRounds = Search(oneRound, plan => Accuracy(Verified(plan)) < shown ? stageWork.Take(stageWork.WorkLeft) : null, stageWork.WorkLeft);
            return twoRounds is { } found && Accuracy(found.Blend) < shown;
        }

        // The stages' work must not shrink by what the second round spends: split-then-assemble gets work of its own.
        var root = SplitAssembleStrategy.Search(context.With(budget.Extend(budget.WorkLeft)), Rival, roundWork);
        if (root.Plan is null)
        {
            // No one-round plan, so the rival never ran: the second round may still find one from scratch.
            twoRounds = Search(null, null, 0);
        }

        if (twoRounds is not { } best || (root.Plan is not null && !context.Order.IsBetter(best.Blend, Verified(root.Plan))))
        {
            return root with { Message = root.Message + " No plan with a second round of splits ranks better." };
        }

        context.Progress.Report("two rounds", best.Blend.MaxDeviationPp, best.Blend.Volume, null);
        var before = root.Plan is null ? string.Empty : " Split-then-assemble: " + root.Message;
        return new StrategyOutcome(PlanningStrategy.MultiLevel, best.Plan, PlanStatus.Feasible, null, Family,
            "Plan with a second round of splits (pieces into tanks the first round emptied), better than any split-then-assemble plan found; no lower bound is known for such plans." + before);
    }

    /// <summary>The beam search over cellar states, level by level, keeping the best plan under the order.</summary>
    private sealed class BeamSearch
    {
        private readonly PlanningContext _context;
        private readonly Budget _budget;
        private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
        private readonly double _lookWork;
        private readonly BlendRequest _lookRequest;
        private readonly double _evaluationWork;

        public BeamSearch(PlanningContext context, StrategyOutcome root)
        {
            _context = context;
            _budget = context.Budget;
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
                    foreach (var candidate in PreBlendCandidates.For(state, _context.Targets, limit))
                    {
                        if (Stopped)
                        {
                            break;
                        }

                        var child = state.Apply(candidate.Inputs, candidate.Outputs);
                        if (!_visited.Add(child.Key) || !SplitAssembleModel.CanRepresent(child.Full))
                        {
                            continue;
                        }

                        if (Consider(child, level) is { } report)
                        {
                            children.Add((child, report));
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
        /// A quick look (accuracy only) ranks the state; only states that could beat the best plan get
        /// the full lexicographic treatment (volume, transfers). Returns the look's report, if any.
        /// </summary>
        private BlendReport? Consider(CellarState child, int level)
        {
            var look = Evaluate(child, Math.Min(_lookWork, _budget.WorkLeft), SearchDepth.Look);
            Evaluated++;
            if (look is null)
            {
                return null;
            }

            var report = Verify(look, _lookRequest);
            if (Best is { } best && _context.Order.AccuracyKey(report.MaxDeviation) > _context.Order.AccuracyKey(best.Report.MaxDeviation))
            {
                return report;
            }

            var full = Evaluate(child, Math.Min(_evaluationWork, Math.Max(MinEvaluationWork, _budget.WorkLeft)), SearchDepth.Full);
            if (full is null)
            {
                return report;
            }

            var fullReport = Verify(full);
            if (Best is null || _context.Order.IsBetter(fullReport, Best.Value.Report))
            {
                Best = (full, fullReport);
                ImprovedAtLevel = level;
                _context.Progress.Report("multi-level", fullReport.MaxDeviationPp, fullReport.Volume, null);
            }

            return report;
        }

        private Plan? Evaluate(CellarState state, double work, SearchDepth depth)
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
            var overhead = Math.Max(MinEvaluationCost, OverheadPerTank * (state.Full.Length + state.Empty.Length));
            if (_budget.WorkLeft < overhead + MinEvaluationWork)
            {
                return null;
            }

            // A look only ranks the state, at any volume up to the band's top: with the band's floor its
            // small budget often finds no plan at all, and the state would be lost to the beam.
            var limits = AssemblyLimits.Of(depth == SearchDepth.Look ? _lookRequest : request) with { MaxTransfers = maxTransfers };
            var budget = _budget.Take(Math.Min(work, _budget.WorkLeft - overhead));
            var outcome = SplitAssembleSearch.Assemble(state.Full, state.Empty, limits, _context.With(budget), depth);
            budget.Charge(Math.Min(overhead, _budget.WorkLeft));
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
}
