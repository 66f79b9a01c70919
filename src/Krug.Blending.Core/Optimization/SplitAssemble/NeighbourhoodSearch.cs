using System.Globalization;
using Google.OrTools.Sat;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>How the accuracy stage spends its budget around the neighbourhood search; the defaults were measured on the benchmark cellars (tests/Krug.Blending.Benchmarks).</summary>
internal sealed record NeighbourhoodSettings
{
    /// <summary>
    /// Share of the accuracy budget for the pattern start (see <see cref="PatternStart"/>), where it
    /// applies; its plan then replaces the first solve, and what it leaves goes to a solve of the
    /// whole model from its plan (0 turns the pattern start off). Not all of it: when the pattern
    /// model finds no plan, the whole model still needs work for a first one.
    /// </summary>
    public double PatternShare { get; init; } = 0.6;

    /// <summary>Share of the accuracy budget for the first solve of the whole model (it gives the first plan and the bound).</summary>
    public double FirstSolveShare { get; init; } = 0.4;

    /// <summary>
    /// Least budget of the first solve, in seconds, when the accuracy budget allows: below a few
    /// seconds the largest cellars may have no plan yet (400 × 300: first plan after about 2 s).
    /// </summary>
    public double FirstSolveFloorSeconds { get; init; } = 5;

    /// <summary>
    /// Share of the accuracy budget kept at the end for a second solve of the whole model, hinted
    /// with the search's best, when a proof is within reach (see <see cref="ProofGap"/>).
    /// </summary>
    public double ProofShare { get; init; } = 0.5;

    /// <summary>
    /// A proof is within reach when the proven bound is at least this share of the best accuracy;
    /// otherwise the neighbourhood search keeps the whole budget.
    /// </summary>
    public double ProofGap { get; init; } = 0.5;

    /// <summary>Budget of one round, in work units.</summary>
    public double RoundSeconds { get; init; } = 0.1;

    /// <summary>Solver workers per round.</summary>
    public int RoundWorkers { get; init; } = 1;

    /// <summary>Wines freed in the first round, as a share of the wines that have a full tank.</summary>
    public double FirstFreedShare { get; init; } = 0.1;

    /// <summary>Fewest wines a round frees.</summary>
    public int FewestFreed { get; init; } = 4;

    /// <summary>Share of the freed wines taken from the worst deviations; the rest are drawn at random.</summary>
    public double WorstShare { get; init; } = 0.5;
}

/// <summary>What one call of <see cref="NeighbourhoodSearch.Improve"/> ended with.</summary>
/// <param name="Best">Values of every model variable, by variable index, of the best solution (the incumbent if nothing better was found).</param>
/// <param name="Proven">Whether a round freed every wine and proved that nothing beats <paramref name="Best"/>.</param>
internal sealed record NeighbourhoodOutcome(long[] Best, bool Proven);

/// <summary>
/// Improves an accuracy-stage solution of the split-then-assemble model by large-neighbourhood
/// search: each round keeps what most full tanks do in the incumbent, frees the tanks of a few
/// wines — the worst-placed ones and some drawn at random — and lets CP-SAT re-decide those with a
/// small budget. CP-SAT's own neighbourhoods are generic; freeing by wine goes straight at the
/// wines that set the largest deviation.
/// </summary>
/// <remarks>
/// Deterministic: rounds are charged their solver-reported deterministic time, the random draws
/// come from <see cref="SolverSettings.Seed"/>, and a round only replaces the incumbent when it is
/// strictly more accurate, so the same model, incumbent and options give the same result. The
/// neighbourhood size and the random draws carry over from one call of <see cref="Improve"/> to the next.
/// </remarks>
internal sealed class NeighbourhoodSearch
{
    private const double GrowFactor = 1.25;
    private const double ShrinkFactor = 0.8;

    // A round shorter than this spends its time in presolve and finds nothing.
    private const double ShortestRound = 0.05;

    private const double LeastCharge = 0.01;

    private readonly SplitAssembleModel _model;
    private readonly TargetShares _targets;
    private readonly SolverSettings _solver;
    private readonly NeighbourhoodSettings _settings;
    // Tanks of one content (a pure wine, or one blend) are freed or kept together; "wine" below means such a content.
    private readonly (Composition Contents, int[] Sources)[] _wines;
    private readonly Random _random;
    private readonly int _fewestFreed;
    private int _freed;

    /// <param name="model">The model, with the accuracy objective set; every round puts its variable domains back as they were.</param>
    /// <param name="targets">Target shares the model was built with.</param>
    /// <param name="solver">The seed.</param>
    /// <param name="settings">Round sizes and budgets.</param>
    public NeighbourhoodSearch(SplitAssembleModel model, TargetShares targets, SolverSettings solver, NeighbourhoodSettings settings)
    {
        _model = model;
        _targets = targets;
        _solver = solver;
        _settings = settings;
        _wines = model.Sources
            .Select((source, index) => (source.ContentKey, source.Contents, index))
            .GroupBy(s => s.ContentKey, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.First().Contents, g.Select(s => s.index).ToArray()))
            .ToArray();
        _random = new Random(solver.Seed);
        _fewestFreed = Math.Min(settings.FewestFreed, _wines.Length);
        _freed = Math.Clamp((int)Math.Ceiling(settings.FirstFreedShare * _wines.Length), _fewestFreed, _wines.Length);
    }

    /// <summary>Rounds solved so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>Rounds so far that found a strictly more accurate solution.</summary>
    public int Improvements { get; private set; }

    /// <summary>Searches neighbourhoods of <paramref name="incumbent"/> until <paramref name="budget"/> is spent.</summary>
    /// <param name="incumbent">Values of every model variable, by variable index.</param>
    /// <param name="boundAccuracy">Proven lower bound on the accuracy objective: reaching it ends the search.</param>
    /// <param name="budget">What the search may spend; it stops when the work or the time is spent.</param>
    /// <param name="onImprovement">Called with each strictly better solution.</param>
    /// <param name="cancellationToken">Stops the running round and the search.</param>
    public NeighbourhoodOutcome Improve(long[] incumbent, long boundAccuracy, Budget budget, Action<long[]>? onImprovement, CancellationToken cancellationToken)
    {
        var objective = _model.AccuracyObjective;
        var best = incumbent;
        using var solver = new CpSolver();
        while (_wines.Length > 0 && !cancellationToken.IsCancellationRequested && best[objective.GetIndex()] > boundAccuracy && !budget.IsSpent)
        {
            var roundBudget = Math.Min(_settings.RoundSeconds, budget.WorkLeft);
            if (roundBudget < ShortestRound)
            {
                break;
            }

            var free = ChooseWines(best);
            CpSolverStatus status;
            using (var restriction = new DomainRestriction())
            {
                for (var w = 0; w < _wines.Length; w++)
                {
                    if (free.Contains(w))
                    {
                        continue;
                    }

                    foreach (var variable in _wines[w].Sources.SelectMany(_model.SourceVariables))
                    {
                        restriction.Fix(variable, best[variable.GetIndex()]);
                    }
                }

                // Only strictly better plans matter, but the incumbent must stay feasible so that its hint is complete.
                restriction.Cap(objective, best[objective.GetIndex()]);
                _model.Hint(best);
                status = CpSatParameters.Solve(solver, _model.Model, budget, roundBudget, CpSatParameters.Search.Portfolio, _settings.RoundWorkers, _solver.Seed + Rounds, null, cancellationToken);
                _model.Model.ClearHints();
            }

            if (status == CpSolverStatus.ModelInvalid)
            {
                throw new InvalidOperationException("CP-SAT rejected a neighbourhood of the split-then-assemble model: " + solver.Response?.SolutionInfo);
            }

            // A round that presolve settles costs next to no deterministic time; charging a little bounds the number of rounds.
            var used = solver.Response?.DeterministicTime ?? 0;
            if (used < LeastCharge)
            {
                budget.Charge(LeastCharge - used);
            }

            Rounds++;
            if (status is (CpSolverStatus.Optimal or CpSolverStatus.Feasible) && solver.Value(objective) < best[objective.GetIndex()])
            {
                best = _model.Snapshot(solver);
                Improvements++;
                onImprovement?.Invoke(best);
            }
            else if (status == CpSolverStatus.Optimal)
            {
                if (free.Count == _wines.Length)
                {
                    // Every tank was free: the round solved the whole model.
                    return new NeighbourhoodOutcome(best, Proven: true);
                }

                // Nothing better next to the incumbent: look further.
                _freed = Math.Min(_wines.Length, (int)Math.Ceiling(_freed * GrowFactor));
            }
            else
            {
                // The round ran out of time: smaller neighbourhoods are searched more thoroughly.
                _freed = Math.Max(_fewestFreed, (int)Math.Floor(_freed * ShrinkFactor));
            }
        }

        return new NeighbourhoodOutcome(best, Proven: false);
    }

    /// <summary>
    /// The worst-placed wines of <paramref name="solution"/> (largest deviation from their share of
    /// its volume), then wines drawn at random from the rest; indices into the wine list.
    /// </summary>
    private HashSet<int> ChooseWines(long[] solution)
    {
        long Value(IntVar variable) => solution[variable.GetIndex()];
        var volume = Value(_model.Volume);

        // Every deviation is relative to the same volume, so the numerators order the wines. For pure
        // wines they are integers well below 2^53, hence exact in double.
        var amounts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (contents, sources) in _wines)
        {
            var poured = (double)sources.Sum(s => _model.InBlend(s, Value));
            foreach (var (wine, share) in contents.Shares)
            {
                amounts[wine] = amounts.GetValueOrDefault(wine) + (contents.IsPure ? poured : share.ToDouble() * poured);
            }
        }

        double Deviation(string wine) => Math.Abs(_targets.Scale * amounts[wine] - (double)_targets.PartsOf(wine) * volume);
        var byDeviation = _wines
            .Select((w, index) => (Index: index, Deviation: w.Contents.Shares.Keys.Max(Deviation)))
            .OrderByDescending(d => d.Deviation)
            .ThenBy(d => d.Index)
            .Select(d => d.Index)
            .ToList();

        var worst = Math.Min(_freed, (int)Math.Ceiling(_freed * _settings.WorstShare));
        var chosen = byDeviation.Take(worst).ToHashSet();
        var rest = byDeviation.Skip(worst).Order().ToList();
        for (var i = 0; chosen.Count < _freed && i < rest.Count; i++)
        {
            var pick = _random.Next(i, rest.Count);
            (rest[i], rest[pick]) = (rest[pick], rest[i]);
            chosen.Add(rest[i]);
        }

        // A freed wine's tanks are only free if the groups that could pour them are too, and the other way round.
        var wines = chosen.SelectMany(w => _wines[w].Contents.Shares.Keys).ToHashSet(StringComparer.Ordinal);
        for (var w = 0; w < _wines.Length; w++)
        {
            if (!chosen.Contains(w) && _wines[w].Contents.Shares.Keys.Any(wines.Contains))
            {
                chosen.Add(w);
            }
        }

        return chosen;
    }
}
