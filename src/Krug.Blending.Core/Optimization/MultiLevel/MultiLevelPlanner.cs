using System.Diagnostics;
using System.Globalization;
using Krug.Blending.Domain;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>
/// Multi-level plans: a beam search over pre-blending transfers (whole tanks poured into empty tanks
/// they fill exactly, one step each), every cellar state it reaches finished by the
/// split-then-assemble model, which accepts tanks holding blends. It starts from the
/// split-then-assemble plan of the untouched cellar and keeps it unless a multi-level plan ranks
/// better, so it is never worse. Budgets are deterministic, so the same input gives the same plan.
/// </summary>
internal static class MultiLevelPlanner
{
    private const int FirstLevelCandidates = 32;
    private const int BeamWidth = 3;
    private const int CandidatesPerBeamState = 10;
    private const double MinEvaluationSeconds = 0.02;

    /// <summary>
    /// Evaluating a state costs at least this much of the budget: CP-SAT reports almost no
    /// deterministic time for small models, while building, presolving and verifying still take
    /// wall-clock time (measured: 0.05–0.25 s per look on 24-tank cellars, 2 cores).
    /// </summary>
    private const double MinEvaluationCost = 0.03;

    /// <summary>
    /// Budget seconds charged per tank of the state on top of CP-SAT's deterministic time, so that the
    /// deterministic budget tracks wall-clock time: building the model, presolve and decoding are not
    /// in CP-SAT's count (measured on 2 cores: looks at 70-tank states took about det + 0.3 s,
    /// at 350-tank states det + 1.3 s).
    /// </summary>
    private const double OverheadPerTank = 0.004;

    public static SearchOutcome Search(
        Cellar cellar,
        Formula formula,
        PlanningOptions options,
        IPlanningObserver? observer,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var root = SplitAssemblePlanner.Search(cellar, formula, options, observer, cancellationToken);
        var budget = Math.Max(0.1, options.TimeLimitSeconds);
        var remaining = budget - root.SpentSeconds;
        var depth = options.MaxSteps - 2;
        if (root.Interrupted || cancellationToken.IsCancellationRequested || root.Status == PlanStatus.TimeoutWithoutPlan)
        {
            return root;
        }

        if (depth <= 0 || remaining < MinEvaluationSeconds)
        {
            var why = depth <= 0 ? "--max-steps leaves no step for pre-blends" : "split-then-assemble used the whole budget";
            return root with { Message = root.Message + $" Multi-level search: no pre-blends tried ({why})." };
        }

        var verification = options.ToVerificationOptions();
        var targets = TargetShares.From(formula, SplitAssemblePlanner.ShareScale);
        (Plan Plan, BlendReport Report)? best = root.Plan is null ? null : (root.Plan, Verify(cellar, formula, root.Plan, verification));
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var initial = CellarState.Initial(cellar, options);
        visited.Add(initial.Key);
        var beam = new List<CellarState> { initial };
        var evaluated = 0;
        var improvedAtLevel = 0;
        // A look at a state gets a fraction of what the untouched cellar took; a full evaluation as much.
        var evaluationBudget = Math.Clamp(root.SpentSeconds, MinEvaluationSeconds, Math.Max(MinEvaluationSeconds, remaining / 4));
        var lookBudget = Math.Clamp(root.SpentSeconds / 4, MinEvaluationSeconds, Math.Max(MinEvaluationSeconds, remaining / 16));
        observer?.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"Multi-level search: pre-blends of up to {depth} steps, {remaining:0.##} s of budget left after split-then-assemble."));

        for (var level = 1; level <= depth && beam.Count > 0; level++)
        {
            var children = new List<(CellarState State, Plan Plan, BlendReport Report)>();
            var limit = level == 1 ? FirstLevelCandidates : CandidatesPerBeamState;
            foreach (var state in beam)
            {
                foreach (var candidate in PreBlendCandidates.For(state, targets, limit))
                {
                    if (remaining < MinEvaluationSeconds || cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    var child = state.Apply(candidate.Inputs, candidate.Outputs);
                    if (!visited.Add(child.Key) || !SplitAssembleModel.CanRepresent(child.Full))
                    {
                        continue;
                    }

                    // A quick look (accuracy only) ranks the state; only states that could beat the best
                    // plan get the full lexicographic treatment (volume, transfers).
                    var look = Evaluate(child, cellar, formula, options, Math.Min(lookBudget, remaining), accuracyOnly: true, cancellationToken);
                    remaining -= look.Spent;
                    evaluated++;
                    if (look.Plan is null)
                    {
                        continue;
                    }

                    var report = Verify(cellar, formula, look.Plan, verification);
                    children.Add((child, look.Plan, report));
                    if (best is not null && PlanRanking.Accuracy(report, options) > PlanRanking.Accuracy(best.Value.Report, options))
                    {
                        continue;
                    }

                    var full = Evaluate(child, cellar, formula, options, Math.Min(evaluationBudget, Math.Max(MinEvaluationSeconds, remaining)), accuracyOnly: false, cancellationToken);
                    remaining -= full.Spent;
                    if (full.Plan is null)
                    {
                        continue;
                    }

                    var fullReport = Verify(cellar, formula, full.Plan, verification);
                    if (best is null || PlanRanking.Compare(fullReport, best.Value.Report, options) < 0)
                    {
                        best = (full.Plan, fullReport);
                        improvedAtLevel = level;
                        observer?.OnProgress(new PlanningProgress(clock.Elapsed, "multi-level", fullReport.MaxDeviationPp, fullReport.Volume, null));
                    }
                }
            }

            beam = [.. children
                .OrderBy(c => c.Report, Comparer<BlendReport>.Create((a, b) => PlanRanking.Compare(a, b, options)))
                .ThenBy(c => c.State.Key, StringComparer.Ordinal)
                .Take(BeamWidth)
                .Select(c => c.State)];
        }

        var interrupted = root.Interrupted || cancellationToken.IsCancellationRequested;
        var spent = budget - remaining;
        if (best is null || ReferenceEquals(best.Value.Plan, root.Plan))
        {
            var note = string.Create(CultureInfo.InvariantCulture, $" Multi-level search: {evaluated} pre-blended cellar states tried, none better.");
            return root with { Message = root.Message + note, Interrupted = interrupted, SpentSeconds = spent };
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"Multi-level plan: {improvedAtLevel} pre-blending transfer(s), then split-then-assemble; better than any split-then-assemble plan found ({evaluated} pre-blended cellar states tried). No lower bound is known for multi-level plans.");
        return new SearchOutcome(best.Value.Plan, PlanStatus.Feasible, null, message, interrupted, spent);
    }

    private static (Plan? Plan, double Spent) Evaluate(
        CellarState state,
        Cellar cellar,
        Formula formula,
        PlanningOptions options,
        double seconds,
        bool accuracyOnly,
        CancellationToken cancellationToken)
    {
        var prefix = state.Transfers.Length;
        int? maxTransfers = options.MaxTransfers is { } max ? max - prefix : null;
        if (maxTransfers is < 1)
        {
            return (null, 0);
        }

        var stateOptions = options with { TimeLimitSeconds = seconds, MaxTransfers = maxTransfers };
        var clock = Stopwatch.StartNew();
        var outcome = SplitAssemblePlanner.Search(state.Full, state.Empty, cellar.Unit, formula, stateOptions, null, cancellationToken, accuracyOnly, singleThread: true);
        // Under a wall-clock limit the whole evaluation counts, not only CP-SAT's own time.
        var spent = options.WallClockLimit
            ? clock.Elapsed.TotalSeconds
            : Math.Max(MinEvaluationCost, outcome.SpentSeconds + OverheadPerTank * (state.Full.Length + state.Empty.Length));
        if (outcome.Plan is null)
        {
            return (null, spent);
        }

        var steps = state.Transfers.Select((t, i) => new PlanStep(i + 1, [t]))
            .Concat(outcome.Plan.Steps.Select(s => s with { Number = s.Number + prefix }))
            .ToList();
        return (StepCompaction.Compact(new Plan([.. steps])), spent);
    }

    private static BlendReport Verify(Cellar cellar, Formula formula, Plan plan, VerificationOptions verification)
    {
        var report = PlanVerifier.Verify(cellar, formula, plan, verification);
        if (!report.IsValid || report.Blend is null)
        {
            throw new PlanVerificationException(BlendPlanner.StrategyName(PlanningStrategy.MultiLevel), report);
        }

        return report.Blend;
    }
}
