using System.Collections.Immutable;
using System.Numerics;
using Google.OrTools.Sat;
using Krug.Blending.Arithmetic;
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
/// come late and far off. The pattern plan is the starting point of the neighbourhood search.
/// </remarks>
/// <summary>
/// The pattern start's plan: what each source does (sources not named are left alone), and per
/// empty class how many of its tanks receive the blend.
/// </summary>
internal sealed record PatternPlan(IReadOnlyList<SourceMove> Moves, IReadOnlyList<int> FinalFromClass);

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
    private static long MinVolume(SplitAssembleModel model) => Math.Max(1, (model.Band.Min + model.Unit - 1) / model.Unit);

    /// <summary>The largest blend volume the band and every empty tank allow, in model units (below <see cref="MinVolume"/> when none).</summary>
    private static long MaxVolume(SplitAssembleModel model) => Math.Min(FullVolume(model), model.Band.Max / model.Unit);

    /// <summary>The blend volume that fills every empty tank, in model units.</summary>
    public static long FullVolume(SplitAssembleModel model) => model.Classes.Sum(c => c.Capacity * c.TankIds.Length);

    /// <summary>
    /// Solves the pattern model within <paramref name="budget"/> and returns the moves of its best
    /// solution (every source not named is left alone), or <see langword="null"/> without one.
    /// </summary>
    public static PatternPlan? Find(SplitAssembleRun run, Budget budget)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(budget);
        var context = run.Context;
        var settings = new PatternSettings();
        for (var attempt = 1; ; attempt++)
        {
            var (moves, infeasible) = Solve(run, budget, settings);
            if (!infeasible || attempt == WindowWidenings + 1 || budget.IsSpent || context.IsCancelled)
            {
                if (moves is null)
                {
                    context.Progress.Message(infeasible
                        ? "Pattern start: no pattern plan makes a blend in the volume band; solving the whole model instead."
                        : "Pattern start: no plan within its budget; solving the whole model instead.");
                }

                return moves;
            }

            // Exact sums over options near each wine's formula volume can miss every combination that fills
            // the final tanks; options further off still start far closer than the whole model finds alone.
            settings = settings with { WindowPp = settings.WindowPp * 2 };
            context.Progress.Message(FormattableString.Invariant(
                $"Pattern start: no pattern plan makes a blend in the volume band with options within {settings.WindowPp / 2:0.##} pp; trying {settings.WindowPp:0.##} pp."));
        }
    }

    /// <summary>
    /// Times the pattern start widens its window of options when no pattern plan makes a blend in the
    /// volume band (0.3, 0.6, 1.2, 2.4 pp): each infeasible model is proven so in a fraction of a second.
    /// </summary>
    private const int WindowWidenings = 3;

    /// <summary>One pattern model with <paramref name="settings"/>: its moves, or why there are none.</summary>
    private static (PatternPlan? Plan, bool Infeasible) Solve(SplitAssembleRun run, Budget budget, PatternSettings settings)
    {
        var context = run.Context;
        // Enumerating patterns takes seconds on the largest cellars (20,000 wines: 9 s): it stops when
        // the budget's time runs out or the user interrupts, and the pattern start then gives nothing.
        var pattern = new PatternModel(run.Model, context.Targets, settings, context.Request.MaxTransfers, () => budget.IsSpent || context.IsCancelled);
        if (pattern.Abandoned)
        {
            context.Progress.Message("Pattern start: stopped while enumerating patterns (time limit or interruption).");
            return (null, false);
        }

        var unit = context.Request.Cellar.Unit;
        var volumes = pattern.MinVolume == pattern.MaxVolume
            ? FormattableString.Invariant($"{unit.Format(pattern.MaxVolume * run.Model.Unit)} {unit.Label}")
            : FormattableString.Invariant($"{unit.Format(pattern.MinVolume * run.Model.Unit)}–{unit.Format(pattern.MaxVolume * run.Model.Unit)} {unit.Label}");
        context.Progress.Message(FormattableString.Invariant(
            $"Pattern start: {pattern.WineOptionCount} wine options and {pattern.GroupOptionCount} group splits for a blend of {volumes} ({unit.Format(pattern.Full * run.Model.Unit)} {unit.Label} fills every empty tank)."));

        using var solver = new CpSolver();
        if (context.Progress.Listening)
        {
            solver.SetLogCallback(line => context.Progress.SolverLog(line.TrimEnd()));
        }

        var callback = new Progress(pattern, run.Model.Unit, context.Progress);
        var status = CpSatParameters.Solve(solver, pattern.Model, budget, budget.WorkLeft, CpSatParameters.Search.Portfolio,
            context.Settings.Workers, context.Settings.Seed, callback, context.Cancellation, log: context.Progress.Listening);
        if (status == CpSolverStatus.ModelInvalid)
        {
            throw new InvalidOperationException("CP-SAT rejected the pattern model: " + solver.Response?.SolutionInfo);
        }

        return status is CpSolverStatus.Optimal or CpSolverStatus.Feasible
            ? (new PatternPlan(pattern.Moves(solver), pattern.FinalFromClass(solver)), false)
            : (null, status == CpSolverStatus.Infeasible);
    }

    /// <summary>The multiple-choice model: one pattern per wine, at most one split per group, tied by empty tanks and volume.</summary>
    private sealed class PatternModel
    {
        private readonly SplitAssembleModel _model;
        private readonly Func<bool> _stop;
        private readonly TargetShares _targets;
        private readonly PatternSettings _settings;
        private readonly Dictionary<long, IReadOnlyList<SplitPattern>> _splitsByCapacity = [];
        private readonly ILookup<string, int> _memberOf;
        private readonly List<int> _groups;
        private readonly Dictionary<string, double[]> _stillWanted = new(StringComparer.Ordinal);
        private readonly List<(string Wine, List<(PatternOption Option, BoolVar Chosen)> Options)> _wineOptions = [];
        private readonly List<(int Group, SplitPattern Split, BoolVar Chosen)> _groupOptions = [];

        public PatternModel(SplitAssembleModel model, TargetShares targets, PatternSettings settings, int? maxTransfers, Func<bool> stop)
        {
            _stop = stop;
            _model = model;
            _targets = targets;
            _settings = settings;
            Full = FullVolume(model);
            MinVolume = PatternStart.MinVolume(model);
            MaxVolume = PatternStart.MaxVolume(model);
            // Options are cut to a window around what the formula wants of the volume the user asked for.
            Reference = Math.Clamp(model.Band.Target is { } target ? target / model.Unit : MaxVolume, MinVolume, MaxVolume);
            _groups = [.. Enumerable.Range(0, model.Sources.Length).Where(s => model.Sources[s].IsGroup)];
            _memberOf = _groups
                .SelectMany(g => model.Sources[g].Members.Select(m => (Member: m.Id, Group: g)))
                .ToLookup(p => p.Member, p => p.Group, StringComparer.Ordinal);

            AddWineOptions();
            if (Abandoned)
            {
                return;
            }

            AddGroupOptions();
            AddTankConflicts();
            var options = AllOptions();
            AddVolume();
            AddEmptyTankCounts(options);
            Model.Add(LinearExpr.WeightedSum(options.Select(o => o.Chosen), options.Select(o => o.Poured)) == Volume);
            if (maxTransfers is { } most)
            {
                Model.Add(LinearExpr.WeightedSum(options.Select(o => o.Chosen), options.Select(o => (long)o.Splits)) <= Math.Max(0, most - 1));
            }

            AddDeviation();
        }

        public CpModel Model { get; } = new();

        /// <summary>Whether building stopped early (time or interruption): the model is incomplete and must not be solved.</summary>
        public bool Abandoned { get; private set; }

        /// <summary>Every empty tank's capacity, in model units: the blend volume when no empty tank stays idle.</summary>
        public long Full { get; }

        /// <summary>Smallest blend volume the band allows, in model units.</summary>
        public long MinVolume { get; }

        /// <summary>Largest blend volume the band and the empty tanks allow, in model units.</summary>
        public long MaxVolume { get; }

        /// <summary>The volume whose formula shares the options are chosen around, in model units.</summary>
        public long Reference { get; }

        /// <summary>The blend volume, in model units: every empty tank neither idle nor holding a piece, and every split tank.</summary>
        public IntVar Volume { get; private set; } = null!;

        /// <summary>Largest deviation |scale · poured − parts · volume| of any wine, in parts of the target scale times model units.</summary>
        public IntVar Deviation { get; private set; } = null!;

        // Per empty class: tanks that neither take a piece nor receive the blend (none when the volume is every empty tank's).
        private IntVar?[] _idle = [];

        // Per empty class: tanks that take a piece in the chosen options.
        private LinearExpr[] _piecesTaken = [];

        public long Scale => _targets.Scale;

        public int WineOptionCount => _wineOptions.Sum(w => w.Options.Count);

        public int GroupOptionCount => _groupOptions.Count;

        /// <summary>The moves of the solver's solution.</summary>
        public List<SourceMove> Moves(CpSolver solver)
        {
            var moves = new List<SourceMove>();
            foreach (var (_, choices) in _wineOptions)
            {
                moves.AddRange(choices.Where(o => solver.BooleanValue(o.Chosen)).SelectMany(o => o.Option.Moves));
            }

            moves.AddRange(_groupOptions.Where(o => solver.BooleanValue(o.Chosen)).Select(o => new SourceMove(o.Group, o.Split)));
            return moves;
        }

        /// <summary>Per empty class, the tanks of the solver's solution that receive the blend: neither idle nor holding a piece.</summary>
        public int[] FinalFromClass(CpSolver solver) =>
        [
            .. _model.Classes.Select((c, i) => (int)(c.TankIds.Length - solver.Value(_piecesTaken[i]) - (_idle[i] is { } idle ? solver.Value(idle) : 0))),
        ];

        /// <summary>
        /// The volume, tied to the idle empty tanks: the final tanks are every empty tank that is neither
        /// idle nor holding a piece, and every split tank; the split tanks' capacity is exactly that of
        /// their pieces, so the final tanks hold every empty tank's capacity less the idle tanks'.
        /// </summary>
        private void AddVolume()
        {
            _idle = new IntVar?[_model.Classes.Length];
            Volume = Model.NewIntVar(MinVolume, MaxVolume, "volume");
            if (MinVolume == Full)
            {
                return;
            }

            for (var c = 0; c < _idle.Length; c++)
            {
                _idle[c] = Model.NewIntVar(0, _model.Classes[c].TankIds.Length, "idle");
            }

            Model.Add(Volume + LinearExpr.WeightedSum(_idle.Select(i => i!), _model.Classes.Select(c => c.Capacity)) == Full);
        }

        private IReadOnlyList<SplitPattern> Splits(long capacity)
        {
            if (!_splitsByCapacity.TryGetValue(capacity, out var splits))
            {
                splits = SplitPatterns.Splits(capacity, _model.Classes, _settings.MaxPieces);
                _splitsByCapacity[capacity] = splits;
            }

            return splits;
        }

        /// <summary>Per formula wine: its patterns close to what the formula wants, one of which it takes.</summary>
        private void AddWineOptions()
        {
            // On small cellars a share of the volume is less than the smallest piece: a window narrower than that holds no split.
            var smallestEmpty = _model.Classes.Min(c => c.Capacity);
            // The pure tanks of each wine, in one pass over the sources (not one pass per wine).
            var pureTanks = Enumerable.Range(0, _model.Sources.Length)
                .Where(s => !_model.Sources[s].IsGroup && _model.Sources[s].Contents.IsPure)
                .ToLookup(s => _model.Sources[s].Contents.Shares.Keys.First(), StringComparer.Ordinal);
            foreach (var (wine, parts) in _targets.Parts)
            {
                if (_stop())
                {
                    Abandoned = true;
                    return;
                }

                var tanks = pureTanks[wine]
                    .Select(s => (Source: s, _model.Sources[s].Capacity))
                    // Of equal tanks the first act (see ForWine): tanks no group holds first, so that groups stay free.
                    .OrderBy(t => _memberOf[_model.Sources[t.Source].Id].Any())
                    .ToList();
                var wanted = (double)parts * Reference / _targets.Scale;
                var window = Math.Max(_settings.WindowPp / 100.0 * Reference, smallestEmpty);
                var fromGroups = tanks.Where(t => _memberOf[_model.Sources[t.Source].Id].Any()).Sum(t => t.Capacity);
                var least = (long)Math.Max(0, Math.Floor(wanted - window - fromGroups));
                var most = (long)Math.Ceiling(wanted + window);
                var ways = SplitPatterns.ForWine(tanks, Splits, _settings.MaxSplitTanks, least, most, _model.Classes.Length);
                if (ways.Count == 0)
                {
                    ways = SplitPatterns.ForWine(tanks, Splits, 0, 0, long.MaxValue, _model.Classes.Length);
                }

                var kept = ways
                    .GroupBy(o => o.PieceCount)
                    .SelectMany(g => g.OrderBy(o => Math.Abs(o.Poured - wanted)).ThenBy(o => o.Poured).Take(_settings.KeptPerPieceCount))
                    .ToList();
                var chosen = kept.Select(o => (o, Model.NewBoolVar("option"))).ToList();
                Model.AddExactlyOne(chosen.Select(c => c.Item2));
                _wineOptions.Add((wine, chosen));
            }
        }

        /// <summary>What a tank's wine still wants from it: the formula's volume less any choice of its other tanks poured whole.</summary>
        private double[] StillWanted(SourceTank member)
        {
            if (!_stillWanted.TryGetValue(member.Id, out var wants))
            {
                var wine = member.Contents.Shares.Keys.First();
                var others = _model.Sources.Where(s => !s.IsGroup && s.Id != member.Id && s.Contents.ShareOf(wine) == Fraction.One).Select(s => s.Capacity).ToList();
                var sums = new HashSet<long> { 0 };
                foreach (var capacity in others)
                {
                    sums.UnionWith(sums.Select(x => x + capacity).ToList());
                }

                var wanted = (double)_targets.PartsOf(wine) * Reference / _targets.Scale;
                wants = [.. sums.Select(x => wanted - x).Where(x => x > -member.Capacity).Order()];
                _stillWanted[member.Id] = wants;
            }

            return wants;
        }

        /// <summary>Per group: the splits that fit its members best, at most one of which it takes.</summary>
        private void AddGroupOptions()
        {
            var groupWindow = _settings.GroupWindowPp / 100.0 * Reference;
            foreach (var g in _groups)
            {
                var group = _model.Sources[g];
                double Misfit(SplitPattern split) => group.Members.Max(m =>
                {
                    var brought = (double)split.Poured * m.Capacity / group.Capacity;
                    return StillWanted(m).Min(w => Math.Abs(brought - w));
                });
                var chosen = Splits(group.Capacity)
                    .Select(split => (Split: split, Misfit: Misfit(split)))
                    .Where(o => o.Misfit <= groupWindow)
                    .OrderBy(o => o.Misfit).ThenBy(o => o.Split.Pieces.Sum()).ThenBy(o => o.Split.Poured)
                    .Take(_settings.KeptPerGroup)
                    .Select(o => (g, o.Split, Model.NewBoolVar("group")))
                    .ToList();
                Model.AddAtMostOne(chosen.Select(c => c.Item3));
                _groupOptions.AddRange(chosen);
            }
        }

        /// <summary>A tank is poured by its wine's option or by one of its groups, not both.</summary>
        private void AddTankConflicts()
        {
            var pourers = _memberOf.ToDictionary(m => m.Key, _ => new List<ILiteral>(), StringComparer.Ordinal);
            foreach (var (option, chosen) in _wineOptions.SelectMany(w => w.Options))
            {
                foreach (var move in option.Moves)
                {
                    pourers.GetValueOrDefault(_model.Sources[move.Source].Id)?.Add(chosen);
                }
            }

            foreach (var (group, _, chosen) in _groupOptions)
            {
                foreach (var member in _model.Sources[group].Members)
                {
                    pourers[member.Id].Add(chosen);
                }
            }

            foreach (var (_, users) in pourers.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Model.AddAtMostOne(users);
            }
        }

        private List<(ImmutableArray<int> Pieces, long Poured, int Splits, BoolVar Chosen)> AllOptions() =>
        [
            .. _wineOptions.SelectMany(w => w.Options).Select(o => (o.Option.Pieces, o.Option.Poured, o.Option.Splits, o.Chosen)),
            .. _groupOptions.Select(o => (o.Split.Pieces, o.Split.Poured, Splits: 1, o.Chosen)),
        ];

        /// <summary>The chosen patterns and the idle tanks take no more empty tanks of a class than it has.</summary>
        private void AddEmptyTankCounts(List<(ImmutableArray<int> Pieces, long Poured, int Splits, BoolVar Chosen)> options)
        {
            _piecesTaken = new LinearExpr[_model.Classes.Length];
            for (var c = 0; c < _model.Classes.Length; c++)
            {
                var taken = options.Where(o => o.Pieces[c] > 0).ToList();
                _piecesTaken[c] = LinearExpr.WeightedSum(taken.Select(o => o.Chosen), taken.Select(o => (long)o.Pieces[c]));
                if (taken.Count > 0 || _idle[c] is not null)
                {
                    Model.Add(_piecesTaken[c] + (_idle[c] is { } idle ? idle : LinearExpr.Constant(0)) <= _model.Classes[c].TankIds.Length);
                }
            }
        }

        /// <summary>
        /// |scale · poured(w) − parts(w) · volume| ≤ deviation, each wine's row scaled by the common
        /// denominator of the group shares that bring it.
        /// </summary>
        private void AddDeviation()
        {
            var scale = _targets.Scale;
            Deviation = Model.NewIntVar(0, checked(scale * Full), "deviation");
            foreach (var (wine, choices) in _wineOptions)
            {
                var bringers = _groupOptions.Where(o => !_model.Sources[o.Group].Contents.ShareOf(wine).IsZero).ToList();
                var multiplier = (long)bringers.Aggregate(BigInteger.One, (lcm, o) => SplitAssembleModel.Lcm(lcm, _model.Sources[o.Group].Contents.ShareOf(wine).Denominator));
                var terms = choices.Select(o => (Var: o.Chosen, Coefficient: checked(multiplier * scale * o.Option.Poured)))
                    .Concat(bringers.Select(o =>
                    {
                        var share = _model.Sources[o.Group].Contents.ShareOf(wine);
                        return (Var: o.Chosen, Coefficient: checked((long)(share.Numerator * (multiplier / share.Denominator)) * scale * o.Split.Poured));
                    }))
                    .Where(t => t.Coefficient != 0)
                    .ToList();
                var poured = LinearExpr.WeightedSum(terms.Select(t => t.Var), terms.Select(t => t.Coefficient));
                // Checked at the largest volume: the coefficients must not overflow CP-SAT's 64-bit arithmetic.
                _ = checked(multiplier * _targets.PartsOf(wine) * Full);
                var wanted = checked(multiplier * _targets.PartsOf(wine)) * (LinearExpr)Volume;
                Model.Add(poured - wanted <= multiplier * (LinearExpr)Deviation);
                Model.Add(wanted - poured <= multiplier * (LinearExpr)Deviation);
            }

            Model.Minimize(Deviation);
        }
    }

    private sealed class Progress(PatternModel pattern, long unit, ProgressReporter progress) : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback() =>
            progress.Report("start", Value(pattern.Deviation) / (double)Value(pattern.Volume) / pattern.Scale * 100.0, Value(pattern.Volume) * unit, null);
    }
}
