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
/// A first plan for cellars where the blend can fill every empty tank: a multiple-choice model over
/// whole patterns. Each formula wine picks one way to deal with all of its tanks (which are poured
/// whole, which are split into which empty tanks and which pieces are poured), each group at most one
/// split; the empty tanks taken per capacity class and the blend volume tie the choices together.
/// </summary>
/// <remarks>
/// At the full volume — every empty tank's capacity — every split tank and every empty tank a piece
/// does not take receives the blend, so the final transfer's tanks need no decision: their capacities
/// add up to the volume exactly when the poured volumes do. With the volume fixed, "every wine within
/// τ of its share" is linear, and each pattern is a whole combination of pieces, so the model's linear
/// relaxation knows how many empty tanks each wine needs. The split-then-assemble model's relaxation
/// knows nearly nothing (its bound is zero), which is why its first plans on large cellars come late
/// and far off. The pattern plan is the starting point of the neighbourhood search, which may then
/// move the volume.
/// </remarks>
internal static class PatternStart
{
    /// <summary>
    /// Whether the pattern start applies: pure tanks, no waste, and a blend of every empty tank's
    /// capacity allowed by the options and the stock.
    /// </summary>
    public static bool Applies(SplitAssembleModel model, PlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var full = FullVolume(model);
        return !model.AllowWaste
            && model.Sources.All(s => s.IsGroup || s.Contents.IsPure)
            && full > 0
            && model.Sources.Where(s => !s.IsGroup).Sum(s => s.Capacity) >= full
            && (options.MaxVolume is not { } max || max / model.Unit >= full)
            && (options.MinVolume is not { } min || min <= full * model.Unit);
    }

    /// <summary>The blend volume that fills every empty tank, in model units.</summary>
    public static long FullVolume(SplitAssembleModel model) => model.Classes.Sum(c => c.Capacity * c.TankIds.Length);

    /// <summary>
    /// Solves the pattern model for at most <paramref name="seconds"/> and returns the moves of its
    /// best solution (every source not named is left alone), or <see langword="null"/> without one.
    /// </summary>
    public static IReadOnlyList<SourceMove>? Find(
        SplitAssembleModel model,
        TargetShares targets,
        PlanningOptions options,
        PatternSettings settings,
        VolumeUnit unit,
        double seconds,
        IPlanningObserver? observer,
        System.Diagnostics.Stopwatch clock,
        ref double spent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(settings);
        var full = FullVolume(model);
        var classes = model.Classes;
        var splitsByCapacity = new Dictionary<long, IReadOnlyList<SplitPattern>>();
        IReadOnlyList<SplitPattern> Splits(long capacity)
        {
            if (!splitsByCapacity.TryGetValue(capacity, out var splits))
            {
                splits = SplitPatterns.Splits(capacity, classes, settings.MaxPieces);
                splitsByCapacity[capacity] = splits;
            }

            return splits;
        }

        // On small cellars a share of the volume is less than the smallest piece: a window narrower than that holds no split.
        var smallestEmpty = classes.Min(c => c.Capacity);
        var cp = new CpModel();
        var groups = Enumerable.Range(0, model.Sources.Length).Where(s => model.Sources[s].IsGroup).ToList();
        var memberOf = groups
            .SelectMany(g => model.Sources[g].Members.Select(m => (Member: m.Id, Group: g)))
            .ToLookup(p => p.Member, p => p.Group, StringComparer.Ordinal);

        // Per wine: its options and their choice variables.
        var wineOptions = new List<(string Wine, List<(PatternOption Option, BoolVar Chosen)> Options)>();
        foreach (var (wine, parts) in targets.Parts)
        {
            var tanks = Enumerable.Range(0, model.Sources.Length)
                .Where(s => !model.Sources[s].IsGroup && model.Sources[s].Contents.ShareOf(wine) == Fraction.One)
                .Select(s => (Source: s, model.Sources[s].Capacity))
                // Of equal tanks the first act (see ForWine): tanks no group holds first, so that groups stay free.
                .OrderBy(t => memberOf[model.Sources[t.Source].Id].Any())
                .ToList();
            var wanted = (double)parts * full / targets.Scale;
            var window = Math.Max(settings.WindowPp / 100.0 * full, smallestEmpty);
            var fromGroups = tanks.Where(t => memberOf[model.Sources[t.Source].Id].Any()).Sum(t => t.Capacity);
            var least = (long)Math.Max(0, Math.Floor(wanted - window - fromGroups));
            var most = (long)Math.Ceiling(wanted + window);
            var ways = SplitPatterns.ForWine(tanks, Splits, settings.MaxSplitTanks, least, most, classes.Length);
            if (ways.Count == 0)
            {
                ways = SplitPatterns.ForWine(tanks, Splits, 0, 0, long.MaxValue, classes.Length);
            }

            var kept = ways
                .GroupBy(o => o.PieceCount)
                .SelectMany(g => g.OrderBy(o => Math.Abs(o.Poured - wanted)).ThenBy(o => o.Poured).Take(settings.KeptPerPieceCount))
                .ToList();
            var chosen = kept.Select(o => (o, cp.NewBoolVar("option"))).ToList();
            cp.AddExactlyOne(chosen.Select(c => c.Item2));
            wineOptions.Add((wine, chosen));
        }

        // What each tank's wine still wants from it: the formula's volume less any choice of its other tanks poured whole.
        var stillWanted = new Dictionary<string, double[]>(StringComparer.Ordinal);
        double[] StillWanted(SourceTank member)
        {
            if (!stillWanted.TryGetValue(member.Id, out var wants))
            {
                var wine = member.Contents.Shares.Keys.First();
                var others = model.Sources.Where(s => !s.IsGroup && s.Id != member.Id && s.Contents.ShareOf(wine) == Fraction.One).Select(s => s.Capacity).ToList();
                var sums = new HashSet<long> { 0 };
                foreach (var capacity in others)
                {
                    sums.UnionWith(sums.Select(x => x + capacity).ToList());
                }

                var wanted = (double)targets.PartsOf(wine) * full / targets.Scale;
                wants = [.. sums.Select(x => wanted - x).Where(x => x > -member.Capacity).Order()];
                stillWanted[member.Id] = wants;
            }

            return wants;
        }

        var groupWindow = settings.GroupWindowPp / 100.0 * full;
        var groupOptions = new List<(int Group, SplitPattern Split, BoolVar Chosen)>();
        foreach (var g in groups)
        {
            var group = model.Sources[g];
            double Misfit(SplitPattern split) => group.Members.Max(m =>
            {
                var brought = (double)split.Poured * m.Capacity / group.Capacity;
                return StillWanted(m).Min(w => Math.Abs(brought - w));
            });
            var chosen = Splits(group.Capacity)
                .Select(split => (Split: split, Misfit: Misfit(split)))
                .Where(o => o.Misfit <= groupWindow)
                .OrderBy(o => o.Misfit).ThenBy(o => o.Split.Pieces.Sum()).ThenBy(o => o.Split.Poured)
                .Take(settings.KeptPerGroup)
                .Select(o => (g, o.Split, cp.NewBoolVar("group")))
                .ToList();
            cp.AddAtMostOne(chosen.Select(c => c.Item3));
            groupOptions.AddRange(chosen);
        }

        // A tank is poured by its wine's option or by one of its groups, not both.
        var pourers = memberOf.ToDictionary(m => m.Key, _ => new List<ILiteral>(), StringComparer.Ordinal);
        foreach (var (option, chosen) in wineOptions.SelectMany(w => w.Options))
        {
            foreach (var move in option.Moves)
            {
                pourers.GetValueOrDefault(model.Sources[move.Source].Id)?.Add(chosen);
            }
        }

        foreach (var (group, _, chosen) in groupOptions)
        {
            foreach (var member in model.Sources[group].Members)
            {
                pourers[member.Id].Add(chosen);
            }
        }

        foreach (var (_, users) in pourers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            cp.AddAtMostOne(users);
        }

        var allOptions = wineOptions.SelectMany(w => w.Options).Select(o => (o.Option.Pieces, o.Option.Poured, o.Option.Splits, o.Chosen))
            .Concat(groupOptions.Select(o => (o.Split.Pieces, o.Split.Poured, Splits: 1, o.Chosen)))
            .ToList();
        for (var c = 0; c < classes.Length; c++)
        {
            var taken = allOptions.Where(o => o.Pieces[c] > 0).ToList();
            if (taken.Count > 0)
            {
                cp.Add(LinearExpr.WeightedSum(taken.Select(o => o.Chosen), taken.Select(o => (long)o.Pieces[c])) <= classes[c].TankIds.Length);
            }
        }

        cp.Add(LinearExpr.WeightedSum(allOptions.Select(o => o.Chosen), allOptions.Select(o => o.Poured)) == full);
        if (options.MaxTransfers is { } maxTransfers)
        {
            cp.Add(LinearExpr.WeightedSum(allOptions.Select(o => o.Chosen), allOptions.Select(o => (long)o.Splits)) <= Math.Max(0, maxTransfers - 1));
        }

        // |scale · poured(w) − parts(w) · full| ≤ deviation, each wine's row scaled by the common
        // denominator of the group shares that bring it.
        var scale = targets.Scale;
        var deviation = cp.NewIntVar(0, checked(scale * full), "deviation");
        foreach (var (wine, choices) in wineOptions)
        {
            var bringers = groupOptions.Where(o => !model.Sources[o.Group].Contents.ShareOf(wine).IsZero).ToList();
            var multiplier = (long)bringers.Aggregate(BigInteger.One, (lcm, o) => SplitAssembleModel.Lcm(lcm, model.Sources[o.Group].Contents.ShareOf(wine).Denominator));
            var terms = choices.Select(o => (Var: o.Chosen, Coefficient: checked(multiplier * scale * o.Option.Poured)))
                .Concat(bringers.Select(o =>
                {
                    var share = model.Sources[o.Group].Contents.ShareOf(wine);
                    return (Var: o.Chosen, Coefficient: checked((long)(share.Numerator * (multiplier / share.Denominator)) * scale * o.Split.Poured));
                }))
                .Where(t => t.Coefficient != 0)
                .ToList();
            var poured = LinearExpr.WeightedSum(terms.Select(t => t.Var), terms.Select(t => t.Coefficient));
            var wanted = checked(multiplier * targets.PartsOf(wine) * full);
            cp.Add(poured - wanted <= multiplier * (LinearExpr)deviation);
            cp.Add(wanted - poured <= multiplier * (LinearExpr)deviation);
        }

        cp.Minimize(deviation);
        observer?.OnMessage(FormattableString.Invariant(
            $"Pattern start: {wineOptions.Sum(w => w.Options.Count)} wine options and {groupOptions.Count} group splits for a blend of every empty tank ({unit.Format(full * model.Unit)} {unit.Label})."));

        using var solver = new CpSolver();
        if (observer is not null)
        {
            solver.SetLogCallback(line => observer.OnSolverLog(line.TrimEnd()));
        }

        solver.StringParameters = CpSatParameters.For(options, seconds, CpSatParameters.Search.Portfolio, options.Workers, options.Seed, observer is not null);
        var callback = new Progress(deviation, full, scale, model.Unit, clock, observer);
        var status = StoppableSolve.Run(solver, cp, callback, cancellationToken);
        spent += CpSatParameters.Spent(solver, options, seconds);
        if (status == CpSolverStatus.ModelInvalid)
        {
            throw new InvalidOperationException("CP-SAT rejected the pattern model: " + solver.Response?.SolutionInfo);
        }

        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            observer?.OnMessage(status == CpSolverStatus.Infeasible
                ? "Pattern start: no pattern plan fills every empty tank; solving the whole model instead."
                : "Pattern start: no plan within its budget; solving the whole model instead.");
            return null;
        }

        var moves = new List<SourceMove>();
        foreach (var (_, choices) in wineOptions)
        {
            moves.AddRange(choices.Where(o => solver.BooleanValue(o.Chosen)).SelectMany(o => o.Option.Moves));
        }

        moves.AddRange(groupOptions.Where(o => solver.BooleanValue(o.Chosen)).Select(o => new SourceMove(o.Group, o.Split)));
        return moves;
    }

    private sealed class Progress(IntVar deviation, long full, long scale, long unit, System.Diagnostics.Stopwatch clock, IPlanningObserver? observer)
        : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback() =>
            observer?.OnProgress(new PlanningProgress(clock.Elapsed, "start", Value(deviation) / (double)full / scale * 100.0, full * unit, null));
    }
}
