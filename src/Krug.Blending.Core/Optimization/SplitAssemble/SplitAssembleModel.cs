using System.Collections.Immutable;
using System.Numerics;
using Google.OrTools.Sat;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The split-then-assemble family as a CP-SAT model. Step 1: every full tank is left alone, kept
/// for the final transfer, or split into empty tanks whose capacities add up to its volume. Step 2:
/// one transfer pours whole tanks and chosen pieces into final tanks (never-used empties or tanks
/// emptied by a split) whose capacities add up to the volume poured. Volumes are divided by their
/// common divisor <see cref="Unit"/> so coefficients stay small.
/// </summary>
internal sealed partial class SplitAssembleModel
{
    /// <summary>
    /// Largest common denominator of one wine's shares across blended tanks the model accepts; beyond it
    /// the scaled coefficients could overflow CP-SAT's 64-bit arithmetic.
    /// </summary>
    public const long MaxShareDenominator = 100_000;

    private readonly List<IntVar> _variables = [];

    private SplitAssembleModel(ImmutableArray<SourceTank> sources, ImmutableArray<EmptyClass> classes, long unit, bool allowWaste)
    {
        Sources = sources;
        Classes = classes;
        Unit = unit;
        AllowWaste = allowWaste;
    }

    public CpModel Model { get; } = new();

    public ImmutableArray<SourceTank> Sources { get; }

    public ImmutableArray<EmptyClass> Classes { get; }

    /// <summary>Volume units per model unit (the gcd of all capacities; 1 when waste is allowed).</summary>
    public long Unit { get; }

    public bool AllowWaste { get; }

    /// <summary>Largest relative deviation of any wine, in parts of <see cref="TargetShares.Scale"/>, rounded up.</summary>
    public IntVar Tau { get; private set; } = null!;

    /// <summary>What the accuracy stage minimises: <see cref="Tau"/>, or the tolerance when Tau is within it.</summary>
    public IntVar AccuracyObjective { get; private set; } = null!;

    /// <summary>The tolerance in units of <see cref="Tau"/> (rounded down), or <see langword="null"/> without one.</summary>
    public long? ToleratedTau { get; private set; }

    /// <summary>Blend volume in model units.</summary>
    public IntVar Volume { get; private set; } = null!;

    /// <summary>Wasted volume in model units.</summary>
    public IntVar Waste { get; private set; } = null!;

    /// <summary>Number of split transfers (the final transfer comes on top).</summary>
    public IntVar Splits { get; private set; } = null!;

    private BoolVar[] _whole = [];
    private BoolVar[] _split = [];
    private BoolVar[] _asTarget = [];
    private IntVar?[] _draw = [];
    private IntVar?[,] _pieces = new IntVar?[0, 0];
    private IntVar?[,] _used = new IntVar?[0, 0];
    private IntVar[] _finalFromClass = [];

    // Index into Sources of each tank (not group) by id: group members are tanks too.
    private Dictionary<string, int> _tankIndex = [];

    // Whether each source is a member of some group (members are not ordered by symmetry).
    private bool[] _grouped = [];

    /// <summary>Every decision variable, for hints (CP-SAT wants a hint for each variable or none).</summary>
    public IReadOnlyList<IntVar> Variables => _variables;

    /// <summary>
    /// Whether the model can hold these tanks: every wine's shares across blended tanks must have a
    /// common denominator of at most <see cref="MaxShareDenominator"/>.
    /// </summary>
    public static bool CanRepresent(IEnumerable<SourceTank> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var denominators = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var (wine, share) in source.Contents.Shares)
            {
                var lcm = Lcm(denominators.GetValueOrDefault(wine, BigInteger.One), share.Denominator);
                if (lcm > MaxShareDenominator)
                {
                    return false;
                }

                denominators[wine] = lcm;
            }
        }

        return true;
    }

    public static SplitAssembleModel Build(
        IReadOnlyList<SourceTank> sources,
        IReadOnlyList<(string Id, long Capacity)> empties,
        TargetShares targets,
        PlanningOptions options)
    {
        var unit = options.AllowWaste ? 1 : sources.Select(s => s.Capacity).Concat(empties.Select(e => e.Capacity)).Aggregate(0L, Gcd);
        if (unit <= 0)
        {
            unit = 1;
        }

        var orderedSources = sources
            .OrderBy(s => s.ContentKey, StringComparer.Ordinal)
            .ThenBy(s => s.Capacity)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => s with { Capacity = s.Capacity / unit, Members = [.. s.Members.Select(m => m with { Capacity = m.Capacity / unit })] })
            .ToImmutableArray();
        var classes = empties
            .GroupBy(e => e.Capacity)
            .OrderBy(g => g.Key)
            .Select(g => new EmptyClass(g.Key / unit, [.. g.Select(e => e.Id).Order(StringComparer.Ordinal)]))
            .ToImmutableArray();

        var model = new SplitAssembleModel(orderedSources, classes, unit, options.AllowWaste);
        model.Define(targets, options);
        return model;
    }

    private void Define(TargetShares targets, PlanningOptions options)
    {
        var model = Model;
        var s = Sources.Length;
        var k = Classes.Length;
        _whole = new BoolVar[s];
        _split = new BoolVar[s];
        _asTarget = new BoolVar[s];
        _draw = new IntVar?[s];
        _pieces = new IntVar?[s, k];
        _used = new IntVar?[s, k];
        _finalFromClass = new IntVar[k];

        var totalSource = Sources.Where(t => !t.IsGroup).Sum(t => t.Capacity);
        _tankIndex = Enumerable.Range(0, s).Where(t => !Sources[t].IsGroup).ToDictionary(t => Sources[t].Id, StringComparer.Ordinal);
        var groupsOf = Enumerable.Range(0, s)
            .Where(t => Sources[t].IsGroup)
            .SelectMany(g => Sources[g].Members.Select(m => (Member: _tankIndex[m.Id], Group: g)))
            .ToLookup(p => p.Member, p => p.Group);
        _grouped = Enumerable.Range(0, s).Select(t => groupsOf[t].Any()).ToArray();
        var totalRoom = Classes.Sum(c => c.Capacity * c.TankIds.Length) + totalSource;
        var maxBlend = Math.Min(totalSource, totalRoom);

        var drawnIntoBlend = new LinearExpr[s];
        var waste = new List<LinearExpr>();
        for (var t = 0; t < s; t++)
        {
            var tank = Sources[t];
            _whole[t] = Bool($"whole_{t}");
            _split[t] = Bool($"split_{t}");
            _asTarget[t] = Bool($"target_{t}");
            model.AddBoolOr([_whole[t].Not(), _split[t].Not()]);
            if (!tank.IsGroup && !groupsOf[t].Any())
            {
                model.AddImplication(_asTarget[t], _split[t]);
            }
            else if (tank.IsGroup)
            {
                // Pouring a group whole is pouring its members whole; its emptied members may be targets, not the group.
                model.Add((LinearExpr)_whole[t] == 0);
                model.Add((LinearExpr)_asTarget[t] == 0);
            }

            var inBlend = new List<LinearExpr>();
            if (AllowWaste && !tank.IsGroup)
            {
                var draw = Int(0, tank.Capacity, $"draw_{t}");
                _draw[t] = draw;
                model.Add(draw <= tank.Capacity * (LinearExpr)_whole[t]);
                model.Add(draw >= (LinearExpr)_whole[t]);
                inBlend.Add(draw);
                waste.Add(tank.Capacity * (LinearExpr)_whole[t] - draw);
            }
            else
            {
                inBlend.Add(tank.Capacity * (LinearExpr)_whole[t]);
            }

            var pieceVolume = new List<LinearExpr>();
            for (var c = 0; c < k; c++)
            {
                var empty = Classes[c];
                var most = Math.Min(empty.TankIds.Length, tank.Capacity / empty.Capacity);
                if (most <= 0)
                {
                    continue;
                }

                var pieces = Int(0, most, $"pieces_{t}_{c}");
                var used = Int(0, most, $"used_{t}_{c}");
                model.Add(used <= pieces);
                _pieces[t, c] = pieces;
                _used[t, c] = used;
                pieceVolume.Add(empty.Capacity * (LinearExpr)pieces);
                inBlend.Add(empty.Capacity * (LinearExpr)used);
            }

            var split = LinearExpr.Sum(pieceVolume);
            if (AllowWaste && !tank.IsGroup)
            {
                // A split may leave part of the tank behind (wasted), but must move something.
                model.Add(split <= tank.Capacity * (LinearExpr)_split[t]);
                model.Add(split >= (LinearExpr)_split[t]);
                waste.Add(tank.Capacity * (LinearExpr)_split[t] - split);
            }
            else
            {
                model.Add(split == tank.Capacity * (LinearExpr)_split[t]);
            }

            drawnIntoBlend[t] = LinearExpr.Sum(inBlend);
        }

        // A group member is emptied by its own split or by one of its groups' (at most one of them, and
        // then it is not poured whole); only then may it receive the blend.
        foreach (var t in groupsOf.Select(g => g.Key).Order())
        {
            var emptiedBy = groupsOf[t].Select(g => (LinearExpr)_split[g]).Append(_split[t]).ToList();
            model.Add((LinearExpr)_asTarget[t] <= LinearExpr.Sum(emptiedBy));
            model.Add(LinearExpr.Sum(emptiedBy) + (LinearExpr)_whole[t] <= 1);
        }

        // Identical full tanks are interchangeable: order their roles so the solver explores one of each
        // permutation. A group's members are not interchangeable with tanks outside it.
        for (var t = 1; t < s; t++)
        {
            if (Interchangeable(t - 1, t))
            {
                model.Add(Role(t - 1) >= Role(t));
            }
        }

        var finalCapacity = new List<LinearExpr>();
        for (var c = 0; c < k; c++)
        {
            var empty = Classes[c];
            _finalFromClass[c] = Int(0, empty.TankIds.Length, $"final_{c}");
            var taken = new List<LinearExpr> { _finalFromClass[c] };
            for (var t = 0; t < s; t++)
            {
                if (_pieces[t, c] is { } pieces)
                {
                    taken.Add(pieces);
                }
            }

            model.Add(LinearExpr.Sum(taken) <= empty.TankIds.Length);
            finalCapacity.Add(empty.Capacity * (LinearExpr)_finalFromClass[c]);
        }

        for (var t = 0; t < s; t++)
        {
            finalCapacity.Add(Sources[t].Capacity * (LinearExpr)_asTarget[t]);
        }

        var minVolume = Math.Max(1, CeilDiv(options.MinVolume ?? 1, Unit));
        var maxVolume = options.MaxVolume is { } max ? Math.Min(maxBlend, max / Unit) : maxBlend;
        Volume = Int(0, Math.Max(0, maxBlend), "volume");
        model.Add(Volume >= minVolume);
        model.Add(Volume <= maxVolume);
        model.Add(LinearExpr.Sum(drawnIntoBlend) == Volume);
        model.Add(LinearExpr.Sum(finalCapacity) == Volume);

        var scale = targets.Scale;
        Tau = Int(0, scale, "tau");
        var allowance = Int(0, checked(scale * Math.Max(1, maxBlend)), "tau_times_volume");
        model.AddMultiplicationEquality(allowance, Tau, Volume);

        var wines = targets.Parts.Keys.Union(Sources.SelectMany(t => t.Contents.Shares.Keys), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var wine in wines)
        {
            // A blended tank holds a fraction of the wine: scale this wine's constraint by the common
            // denominator so that every coefficient stays an integer.
            var holders = Enumerable.Range(0, s).Where(t => !Sources[t].Contents.ShareOf(wine).IsZero).ToList();
            var denominator = holders.Aggregate(BigInteger.One, (lcm, t) => Lcm(lcm, Sources[t].Contents.ShareOf(wine).Denominator));
            if (denominator > MaxShareDenominator)
            {
                throw new ArgumentException($"The blended tanks hold wine {wine} in shares too fine for the model (common denominator {denominator}).", nameof(options));
            }

            var multiplier = (long)denominator;
            var amount = LinearExpr.Sum(holders.Select(t =>
            {
                var share = Sources[t].Contents.ShareOf(wine);
                return share == Fraction.One && multiplier == 1
                    ? drawnIntoBlend[t]
                    : (long)(share.Numerator * (denominator / share.Denominator)) * drawnIntoBlend[t];
            }));
            var deviation = scale * amount - checked(targets.PartsOf(wine) * multiplier) * (LinearExpr)Volume;
            var room = multiplier == 1 ? (LinearExpr)allowance : multiplier * (LinearExpr)allowance;
            model.Add(deviation <= room);
            model.Add(deviation >= -room);
        }

        if (options.TolerancePp is { } tolerance)
        {
            ToleratedTau = Math.Min(scale, (long)Math.Floor(tolerance / 100m * scale));
            AccuracyObjective = Int(0, scale, "accuracy");
            model.AddMaxEquality(AccuracyObjective, [Tau, LinearExpr.Constant(ToleratedTau.Value)]);
        }
        else
        {
            AccuracyObjective = Tau;
        }

        Waste = Int(0, totalSource, "waste");
        model.Add(Waste == LinearExpr.Sum(waste));
        if (AllowWaste && options.MaxWaste is { } maxWaste)
        {
            model.Add(Waste <= maxWaste / Unit);
        }

        Splits = Int(0, s, "splits");
        model.Add(Splits == LinearExpr.Sum(_split));
        if (options.MaxTransfers is { } maxTransfers)
        {
            model.Add(Splits <= Math.Max(0, maxTransfers - 1));
        }
    }

    private bool Interchangeable(int a, int b) =>
        Sources[a].ContentKey == Sources[b].ContentKey && Sources[a].Capacity == Sources[b].Capacity && !_grouped[a] && !_grouped[b];

    private LinearExpr Role(int t) => (LinearExpr)_whole[t] + 2 * (LinearExpr)_split[t] + (LinearExpr)_asTarget[t];

    private BoolVar Bool(string name)
    {
        var variable = Model.NewBoolVar(name);
        _variables.Add(variable);
        return variable;
    }

    private IntVar Int(long lower, long upper, string name)
    {
        var variable = Model.NewIntVar(lower, upper, name);
        _variables.Add(variable);
        return variable;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return Math.Abs(a);
    }

    /// <summary>Least common multiple of two positive integers (share denominators).</summary>
    internal static BigInteger Lcm(BigInteger a, BigInteger b) => a / BigInteger.GreatestCommonDivisor(a, b) * b;

    private static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;
}
