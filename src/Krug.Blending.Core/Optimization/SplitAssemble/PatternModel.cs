using System.Collections.Immutable;
using System.Numerics;
using Google.OrTools.Sat;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>The multiple-choice model: one pattern per wine, at most one split per group, tied by empty tanks and volume.</summary>
internal sealed partial class PatternModel
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

    // Per source index, what the start plan does with it (null: no start plan, or one this model cannot read).
    private readonly IReadOnlyDictionary<int, SourceMove>? _start;

    // The start plan when the model reads it: the rest of the hint.
    private readonly Plan? _startPlan;

    private readonly bool _secondRound;

    // Second round only. Per freed class: whole tanks of its capacity poured in step 1 into vessels (one
    // pre-blending transfer, all of which ends in the blend), so that second-round pieces may go into them.
    private IntVar?[] _early = [];

    // Per empty class: the tanks taking that pre-blend (they are poured into the blend in the last step).
    private IntVar?[] _vessels = [];

    // Per formula wine, what the start plan pours of it, in model units.
    private readonly Dictionary<string, long> _startPoured = new(StringComparer.Ordinal);

    /// <summary>Enumerates the options and builds the model (stopping early when <paramref name="stop"/> says so).</summary>
    /// <param name="model">The split-then-assemble model whose sources and empty classes the options use.</param>
    /// <param name="targets">The formula's shares.</param>
    /// <param name="settings">How widely options are enumerated.</param>
    /// <param name="maxTransfers">Most transfers of the plan, the blend included.</param>
    /// <param name="stop">Whether to stop enumerating (time limit or interruption).</param>
    /// <param name="secondRound">Whether splits may also put pieces into tanks the first round emptied.</param>
    /// <param name="start">
    /// A split-then-assemble plan (splits, then the blend) to start from: each wine's part of it joins
    /// that wine's options, and when the plan is a solution of this model it is CP-SAT's complete hint
    /// (its first solution), so the search begins where the plan is.
    /// </param>
    /// <param name="fillEveryTank">Whether the blend must fill every empty tank (no idle tanks), where the band allows that volume.</param>
    public PatternModel(SplitAssembleModel model, TargetShares targets, PatternSettings settings, int? maxTransfers, Func<bool> stop, bool secondRound = false, Plan? start = null, bool fillEveryTank = false)
    {
        _stop = stop;
        _model = model;
        _secondRound = secondRound;
        Classes = secondRound ? [.. model.Classes, .. FreedClasses(model, targets)] : model.Classes;
        _start = start is null ? null : StartPlan.Moves(model, start, Classes.Length);
        _startPlan = _start is null ? null : start;
        _targets = targets;
        _settings = settings;
        Full = PatternStart.FullVolume(model);
        MaxVolume = PatternStart.MaxVolume(model);
        MinVolume = fillEveryTank && MaxVolume == Full ? Full : PatternStart.MinVolume(model);
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
        AddPreBlend(options, maxTransfers);
        AddEmptyTankCounts(options);
        Model.Add(LinearExpr.WeightedSum(options.Select(o => o.Chosen), options.Select(o => o.Poured)) == Volume);
        SplitCount = LinearExpr.WeightedSum(options.Select(o => o.Chosen), options.Select(o => (long)o.Splits));
        if (maxTransfers is { } most)
        {
            Model.Add(SplitCount <= Math.Max(0, most - 1));
        }

        AddDeviation();
        Model.Minimize(Deviation);
    }

    /// <summary>The chosen options' splits: one transfer each, the plan's transfers less the blend's (and the pre-blend's).</summary>
    public LinearExpr SplitCount { get; } = null!;

    /// <summary>
    /// What the transfer stage minimises: the splits (a transfer each) first, then the tanks the step-1
    /// pre-blend pours and fills (a line of one transfer each, zero without a pre-blend). The splits' weight
    /// exceeds every pre-blend's tank count, so a split is never traded for tanks.
    /// </summary>
    public LinearExpr WorkOrderSize
    {
        get
        {
            var preBlendTanks = LinearExpr.Sum(_early.Concat(_vessels).OfType<IntVar>().Select(v => (LinearExpr)v).Append(LinearExpr.Constant(0)));
            return (SplitCount * (_model.Sources.Length + _model.Classes.Sum(c => c.TankIds.Length) + 1)) + preBlendTanks;
        }
    }

    public CpModel Model { get; } = new();

    /// <summary>The split-then-assemble model whose sources and empty classes the options use.</summary>
    public SplitAssembleModel Assembly => _model;

    /// <summary>Index of the first class of freed tanks in the option's piece counts (the number of empty classes).</summary>
    public int OriginalClasses => _model.Classes.Length;

    /// <summary>Whether a split puts a piece into a tank a first-round split emptied (so it is a second-round split).</summary>
    public bool UsesFreed(SplitPattern split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return FreedPieces(split) > 0;
    }

    private int FreedPieces(SplitPattern split)
    {
        var count = 0;
        for (var c = OriginalClasses; c < split.Pieces.Length; c++)
        {
            count += split.Pieces[c];
        }

        return count;
    }

    /// <summary>
    /// The classes a split's pieces count in: the empty classes, then (with a second round) one class
    /// per capacity of the tanks a first-round split may empty.
    /// </summary>
    public ImmutableArray<EmptyClass> Classes { get; }

    /// <summary>Per capacity of a pure formula wine's tank, a class of the tanks a first-round split may empty.</summary>
    private static IEnumerable<EmptyClass> FreedClasses(SplitAssembleModel model, TargetShares targets) =>
        model.Sources
            .Where(s => !s.IsGroup && s.Contents.IsPure && targets.PartsOf(s.Contents.Shares.Keys.First()) > 0)
            .GroupBy(s => s.Capacity)
            .OrderBy(g => g.Key)
            .Select(g => new EmptyClass(g.Key, [.. g.Select(s => s.Id)]));

    /// <summary>Per class, the tanks an option's first-round splits empty (zero for the empty classes).</summary>
    private int[] Freed(IEnumerable<SourceMove> moves) =>
        CountByFreedClass(moves.Where(m => m.Split is { } split && !UsesFreed(split)));

    /// <summary>Per class, the tanks an option pours whole (zero for the empty classes): the pre-blend may take them.</summary>
    private int[] Whole(IEnumerable<SourceMove> moves) => CountByFreedClass(moves.Where(m => m.Split is null));

    /// <summary>Per freed class (with a second round), the single tanks of <paramref name="moves"/> of its capacity.</summary>
    private int[] CountByFreedClass(IEnumerable<SourceMove> moves)
    {
        var counts = new int[Classes.Length];
        if (!_secondRound)
        {
            return counts;
        }

        foreach (var move in moves.Where(m => !_model.Sources[m.Source].IsGroup))
        {
            var capacity = _model.Sources[move.Source].Capacity;
            for (var c = OriginalClasses; c < Classes.Length; c++)
            {
                if (Classes[c].Capacity == capacity)
                {
                    counts[c]++;
                }
            }
        }

        return counts;
    }

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

    // Per empty class: the options whose pieces go into it, and how many tanks each takes (to read a solution's counts).
    private (BoolVar Chosen, long Pieces)[][] _piecesTakenBy = [];

    public long Scale => _targets.Scale;

    public int WineOptionCount => _wineOptions.Sum(w => w.Options.Count);

    public int GroupOptionCount => _groupOptions.Count;

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
        if (_startPlan is not null)
        {
            // Options, idle tanks and volume: CP-SAT's search begins at the start plan.
            var used = _startPlan.Transfers.SelectMany(t => t.To).Select(t => t.TankId).ToHashSet(StringComparer.Ordinal);
            for (var c = 0; c < _idle.Length; c++)
            {
                Model.AddHint(_idle[c]!, _model.Classes[c].TankIds.Count(id => !used.Contains(id)));
            }
        }
    }

    private IReadOnlyList<SplitPattern> Splits(long capacity)
    {
        if (!_splitsByCapacity.TryGetValue(capacity, out var splits))
        {
            // At most one emptied tank per second-round split (typically for the piece kept back): that is what
            // spares an empty tank, and more would multiply the options and their enumeration on large cellars.
            splits = [.. SplitPatterns.Splits(capacity, Classes, _settings.MaxPieces).Where(split => FreedPieces(split) <= 1)];
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
            var ways = SplitPatterns.ForWine(tanks, Splits, _settings.MaxSplitTanks, least, most, Classes.Length);
            if (ways.Count == 0)
            {
                ways = SplitPatterns.ForWine(tanks, Splits, 0, 0, long.MaxValue, Classes.Length);
            }

            var kept = ways
                .GroupBy(o => (Empties: o.Pieces.Take(OriginalClasses).Sum(), Second: o.Pieces.Skip(OriginalClasses).Any(p => p > 0)))
                .SelectMany(g => g.OrderBy(o => Math.Abs(o.Poured - wanted)).ThenBy(o => o.Poured).Take(_settings.KeptPerPieceCount))
                .ToList();
            var chosen = kept.Select(o => (o, Model.NewBoolVar("option"))).ToList();
            if (StartOption(tanks.Select(t => t.Source)) is { } startOption)
            {
                var startChoice = Model.NewBoolVar("start");
                foreach (var (_, other) in chosen)
                {
                    Model.AddHint(other, 0);
                }

                Model.AddHint(startChoice, 1);
                chosen.Add((startOption, startChoice));
                _startPoured[wine] = startOption.Poured;
            }

            Model.AddExactlyOne(chosen.Select(c => c.Item2));
            _wineOptions.Add((wine, chosen));
        }
    }

    /// <summary>The start plan's way of dealing with a wine's tanks as an option, or <see langword="null"/> without one.</summary>
    private PatternOption? StartOption(IEnumerable<int> tanks)
    {
        if (_start is null)
        {
            return null;
        }

        var moves = tanks.Where(_start.ContainsKey).Select(t => _start[t]).ToList();
        var pieces = new int[Classes.Length];
        long poured = 0;
        foreach (var move in moves)
        {
            if (move.Split is { } split)
            {
                for (var c = 0; c < split.Pieces.Length; c++)
                {
                    pieces[c] += split.Pieces[c];
                }

                poured += split.Poured;
            }
            else
            {
                poured += _model.Sources[move.Source].Capacity;
            }
        }

        return new PatternOption(poured, [.. pieces], [.. moves]);
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
                .Where(split => !UsesFreed(split))
                .Select(split => (Split: split, Misfit: Misfit(split)))
                .Where(o => o.Misfit <= groupWindow)
                .OrderBy(o => o.Misfit).ThenBy(o => o.Split.Pieces.Sum()).ThenBy(o => o.Split.Poured)
                .Take(_settings.KeptPerGroup)
                .Select(o => (g, o.Split, Model.NewBoolVar("group")))
                .ToList();
            Model.AddAtMostOne(chosen.Select(c => c.Item3));
            if (_start is not null)
            {
                // A start plan the model reads splits single tanks only: no group split.
                foreach (var (_, _, split) in chosen)
                {
                    Model.AddHint(split, 0);
                }
            }

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

    private List<ChosenOption> AllOptions() =>
    [
        .. _wineOptions.SelectMany(w => w.Options).Select(o => new ChosenOption(o.Option.Pieces, o.Option.Poured, o.Option.Splits, Freed(o.Option.Moves), Whole(o.Option.Moves), o.Chosen)),
        .. _groupOptions.Select(o => new ChosenOption(o.Split.Pieces, o.Split.Poured, 1, new int[Classes.Length], new int[Classes.Length], o.Chosen)),
    ];

    /// <summary>An option of a wine or a group, with what it takes from and gives to each class when chosen.</summary>
    /// <param name="Pieces">Per class, the tanks its pieces take.</param>
    /// <param name="Poured">What it pours into the blend, in model units.</param>
    /// <param name="Splits">Its splits (transfers).</param>
    /// <param name="Freed">Per freed class, the tanks its first-round splits empty.</param>
    /// <param name="Whole">Per freed class, the tanks it pours whole.</param>
    /// <param name="Chosen">Whether it is chosen.</param>
    private sealed record ChosenOption(ImmutableArray<int> Pieces, long Poured, int Splits, int[] Freed, int[] Whole, BoolVar Chosen);

    /// <summary>
    /// Second round only: whole tanks the options pour may instead be poured in step 1 into empty tanks
    /// they fill exactly (one pre-blending transfer, all of it poured into the blend in the last step), so
    /// that the tanks they leave take second-round pieces. Many small tanks poured into a few large ones
    /// free tanks where the cellar has too few for its pieces. Not with a transfer limit (the pre-blend is a
    /// transfer the split count does not know).
    /// </summary>
    private void AddPreBlend(List<ChosenOption> options, int? maxTransfers)
    {
        _early = new IntVar?[Classes.Length];
        _vessels = new IntVar?[OriginalClasses];
        if (!_secondRound || maxTransfers is not null)
        {
            return;
        }

        for (var c = OriginalClasses; c < Classes.Length; c++)
        {
            var pouring = options.Where(o => o.Whole[c] > 0).ToList();
            if (pouring.Count == 0)
            {
                continue;
            }

            var early = Model.NewIntVar(0, Classes[c].TankIds.Length, "early");
            Model.Add(early <= LinearExpr.WeightedSum(pouring.Select(o => o.Chosen), pouring.Select(o => (long)o.Whole[c])));
            _early[c] = early;
        }

        if (_early.All(e => e is null))
        {
            return;
        }

        for (var k = 0; k < OriginalClasses; k++)
        {
            _vessels[k] = Model.NewIntVar(0, _model.Classes[k].TankIds.Length, "vessel");
        }

        var poured = LinearExpr.WeightedSum(
            Enumerable.Range(OriginalClasses, Classes.Length - OriginalClasses).Where(c => _early[c] is not null).Select(c => _early[c]!),
            Enumerable.Range(OriginalClasses, Classes.Length - OriginalClasses).Where(c => _early[c] is not null).Select(c => Classes[c].Capacity));
        Model.Add(poured == LinearExpr.WeightedSum(_vessels.Select(v => v!), _model.Classes.Select(k => k.Capacity)));
        if (_startPlan is not null)
        {
            // A start plan has no pre-blend: the hint stays complete.
            foreach (var variable in _early.Concat(_vessels).OfType<IntVar>())
            {
                Model.AddHint(variable, 0);
            }
        }
    }

    /// <summary>The chosen patterns and the idle tanks take no more empty tanks of a class than it has.</summary>
    private void AddEmptyTankCounts(List<ChosenOption> options)
    {
        _piecesTakenBy = new (BoolVar, long)[Classes.Length][];
        for (var c = 0; c < Classes.Length; c++)
        {
            var taken = options.Where(o => o.Pieces[c] > 0).ToList();
            var piecesTaken = LinearExpr.WeightedSum(taken.Select(o => o.Chosen), taken.Select(o => (long)o.Pieces[c]));
            _piecesTakenBy[c] = [.. taken.Select(o => (o.Chosen, (long)o.Pieces[c]))];
            if (c >= OriginalClasses)
            {
                // A second-round piece goes into a tank of its capacity that a first-round split or the pre-blend emptied.
                var freeing = options.Where(o => o.Freed[c] > 0).ToList();
                var emptied = LinearExpr.WeightedSum(freeing.Select(o => o.Chosen), freeing.Select(o => (long)o.Freed[c]));
                Model.Add(piecesTaken <= (_early[c] is { } early ? emptied + early : emptied));
                continue;
            }

            if (taken.Count > 0 || _idle[c] is not null || _vessels[c] is not null)
            {
                var others = LinearExpr.Sum(new[] { _idle[c], _vessels[c] }.OfType<IntVar>().Select(v => (LinearExpr)v).Append(LinearExpr.Constant(0)));
                Model.Add(piecesTaken + others <= _model.Classes[c].TankIds.Length);
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

        if (_startPlan?.FinalTransfer is { } final)
        {
            // The start's deviation completes the hint: a complete feasible hint is CP-SAT's first solution, so
            // the search improves on the start plan from its first second (hinting the choices alone, it often
            // never got back to it). A plan of another shape than the pattern's (a split tank left empty, say)
            // is no solution of this model: its options still join, but the model gets no hint at all, because
            // CP-SAT 9.15 "repairs" an infeasible hint and that repair aborted the process (see HintCheck).
            var volume = final.VolumeFilled / _model.Unit;
            Model.AddHint(Volume, volume);
            Model.AddHint(Deviation, _targets.Parts.Max(p => Math.Abs(checked((scale * _startPoured.GetValueOrDefault(p.Key)) - (p.Value * volume)))));
            HintCheck.KeepIfFeasible(Model);
        }
    }
}
