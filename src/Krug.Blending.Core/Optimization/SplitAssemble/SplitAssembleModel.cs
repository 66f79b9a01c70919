using System.Collections.Immutable;
using System.Numerics;
using Google.OrTools.Sat;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The split-then-assemble family as a CP-SAT model. Step 1: every full tank is left alone, kept
/// for the final transfer, or split into empty tanks whose capacities add up to its volume. Step 2:
/// one transfer pours whole tanks and chosen pieces into final tanks (never-used empties or tanks
/// emptied by a split) whose capacities add up to the volume poured. Volumes are divided by their
/// common divisor <see cref="Unit"/> so coefficients stay small.
/// </summary>
/// <remarks>
/// The constraints come in families, one method each (<see cref="Define"/> lists them); a new rule of
/// the cellar or limit of the request is a new family there, and the objectives the order on plans
/// needs are in <see cref="Objective"/>.
/// </remarks>
internal sealed partial class SplitAssembleModel
{
    /// <summary>
    /// Largest common denominator of one wine's shares across blended tanks the model accepts; beyond it
    /// the scaled coefficients could overflow CP-SAT's 64-bit arithmetic.
    /// </summary>
    public const long MaxShareDenominator = 100_000;

    private readonly List<IntVar> _variables = [];
    private readonly AssemblyLimits _limits;
    private readonly TargetShares _targets;

    private SplitAssembleModel(ImmutableArray<SourceTank> sources, ImmutableArray<EmptyClass> classes, long unit, AssemblyLimits limits, TargetShares targets)
    {
        Sources = sources;
        Classes = classes;
        Unit = unit;
        _limits = limits;
        _targets = targets;
    }

    public CpModel Model { get; } = new();

    public ImmutableArray<SourceTank> Sources { get; }

    public ImmutableArray<EmptyClass> Classes { get; }

    /// <summary>Volume units per model unit (the gcd of all capacities; 1 when waste is allowed).</summary>
    public long Unit { get; }

    public bool AllowWaste => _limits.AllowWaste;

    /// <summary>The volume band of the final blend, in volume units.</summary>
    public Domain.VolumeBand Band => _limits.Volume;

    /// <summary>Largest relative deviation of any wine, in parts of <see cref="TargetShares.Scale"/>, rounded up.</summary>
    public IntVar Tau { get; private set; } = null!;

    /// <summary>What the accuracy stage minimises: <see cref="Tau"/>, or the tolerance when Tau is within it.</summary>
    public IntVar AccuracyObjective { get; private set; } = null!;

    /// <summary>The tolerance in units of <see cref="Tau"/> (rounded down), or <see langword="null"/> without one.</summary>
    public long? ToleratedTau { get; private set; }

    /// <summary>Whether the request bounds the share of some sets of wines in the blend (see <see cref="AddShareRequirements"/>).</summary>
    public bool HasRequirements => !_limits.Requirements.IsDefaultOrEmpty;

    /// <summary>Blend volume in model units.</summary>
    public IntVar Volume { get; private set; } = null!;

    /// <summary>Distance of the blend volume from the request's target, in volume units (the negated volume without a target).</summary>
    public IntVar VolumeOffTarget { get; private set; } = null!;

    /// <summary>Wasted volume in model units.</summary>
    public IntVar Waste { get; private set; } = null!;

    /// <summary>Capacity left holding mixtures that are not the blend, in model units; zero unless leftovers are allowed.</summary>
    public IntVar LeftoverBlends { get; private set; } = null!;

    /// <summary>Number of split transfers (the final transfer comes on top).</summary>
    public IntVar Splits { get; private set; } = null!;

    private BoolVar[] _whole = [];
    private BoolVar[] _split = [];
    private BoolVar[] _asTarget = [];
    private IntVar?[] _draw = [];
    private IntVar?[,] _pieces = new IntVar?[0, 0];
    private IntVar?[,] _used = new IntVar?[0, 0];
    private IntVar[] _finalFromClass = [];
    private LinearExpr[] _drawnIntoBlend = [];
    private readonly List<LinearExpr> _wasteTerms = [];
    private long _maxBlend;

    // Index into Sources of each tank (not group) by id: group members are tanks too.
    private Dictionary<string, int> _tankIndex = [];

    // The groups each tank is a member of.
    private ILookup<int, int> _groupsOf = Enumerable.Empty<int>().ToLookup(i => i);

    // Whether each source is a member of some group (members are not ordered by symmetry).
    private bool[] _grouped = [];

    /// <summary>Every decision variable, for hints (CP-SAT wants a hint for each variable or none).</summary>
    public IReadOnlyList<IntVar> Variables => _variables;

    /// <summary>Whether some sources are groups of tanks poured together (see <see cref="SourceTank.Members"/>).</summary>
    public bool HasGroups => Sources.Any(t => t.IsGroup);

    /// <summary>
    /// Whether the model can hold these tanks: every wine's shares across blended tanks must have a
    /// common denominator of at most <see cref="MaxShareDenominator"/>.
    /// </summary>
    public static bool CanRepresent(IEnumerable<SourceTank> sources) => TooFinelyShared(sources) is null;

    /// <summary>
    /// The first wine (in source order) whose shares across <paramref name="sources"/> need a common
    /// denominator above <see cref="MaxShareDenominator"/>, or <see langword="null"/> when the model can hold them all.
    /// </summary>
    public static string? TooFinelyShared(IEnumerable<SourceTank> sources)
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
                    return wine;
                }

                denominators[wine] = lcm;
            }
        }

        return null;
    }

    public static SplitAssembleModel Build(
        IReadOnlyList<SourceTank> sources,
        IReadOnlyList<(string Id, long Capacity)> empties,
        TargetShares targets,
        AssemblyLimits limits)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(empties);
        ArgumentNullException.ThrowIfNull(limits);
        // Partial draws can take any volume, so the model then counts in the cellar's own units.
        var unit = limits.AllowWaste ? 1 : sources.Select(s => s.Capacity).Concat(empties.Select(e => e.Capacity)).Aggregate(0L, Gcd);
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

        var model = new SplitAssembleModel(orderedSources, classes, unit, limits, targets);
        model.Define();
        return model;
    }

    /// <summary>The constraint families, in the order they are added (the order fixes variable indices, hence hints).</summary>
    private void Define()
    {
        IndexTanksAndGroups();
        AddSourceDecisions();
        AddGroupMembership();
        AddSymmetryBreaking();
        var finalCapacity = AddEmptyTankCapacity();
        AddVolume(finalCapacity);
        AddAccuracy();
        AddShareRequirements();
        AddWaste();
        AddLeftoverRule();
        AddTransferCount();
        AddVolumeTarget();
    }

    private void IndexTanksAndGroups()
    {
        var s = Sources.Length;
        _tankIndex = Enumerable.Range(0, s).Where(t => !Sources[t].IsGroup).ToDictionary(t => Sources[t].Id, StringComparer.Ordinal);
        _groupsOf = Enumerable.Range(0, s)
            .Where(t => Sources[t].IsGroup)
            .SelectMany(g => Sources[g].Members.Select(m => (Member: _tankIndex[m.Id], Group: g)))
            .ToLookup(p => p.Member, p => p.Group);
        _grouped = [.. Enumerable.Range(0, s).Select(t => _groupsOf[t].Any())];
        var totalSource = Sources.Where(t => !t.IsGroup).Sum(t => t.Capacity);
        var totalRoom = Classes.Sum(c => c.Capacity * c.TankIds.Length) + totalSource;
        _maxBlend = Math.Min(totalSource, totalRoom);
    }

    /// <summary>
    /// What each source does: left alone, poured whole (or drawn partly, with waste), or split into
    /// pieces of the empty classes whose capacities add up to its volume; some pieces go to the blend.
    /// </summary>
    private void AddSourceDecisions()
    {
        var s = Sources.Length;
        var k = Classes.Length;
        _whole = new BoolVar[s];
        _split = new BoolVar[s];
        _asTarget = new BoolVar[s];
        _draw = new IntVar?[s];
        _pieces = new IntVar?[s, k];
        _used = new IntVar?[s, k];
        _drawnIntoBlend = new LinearExpr[s];
        for (var t = 0; t < s; t++)
        {
            var tank = Sources[t];
            _whole[t] = Bool($"whole_{t}");
            _split[t] = Bool($"split_{t}");
            _asTarget[t] = Bool($"target_{t}");
            Model.AddBoolOr([_whole[t].Not(), _split[t].Not()]);
            if (!tank.IsGroup && !_groupsOf[t].Any())
            {
                // A tank emptied by its own split may receive the blend in step 2.
                Model.AddImplication(_asTarget[t], _split[t]);
            }
            else if (tank.IsGroup)
            {
                // Pouring a group whole is pouring its members whole; its emptied members may be targets, not the group.
                Model.Add((LinearExpr)_whole[t] == 0);
                Model.Add((LinearExpr)_asTarget[t] == 0);
            }

            var inBlend = new List<LinearExpr>();
            if (AllowWaste && !tank.IsGroup)
            {
                var draw = Int(0, tank.Capacity, $"draw_{t}");
                _draw[t] = draw;
                Model.Add(draw <= tank.Capacity * (LinearExpr)_whole[t]);
                Model.Add(draw >= (LinearExpr)_whole[t]);
                inBlend.Add(draw);
                _wasteTerms.Add(tank.Capacity * (LinearExpr)_whole[t] - draw);
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
                Model.Add(used <= pieces);
                _pieces[t, c] = pieces;
                _used[t, c] = used;
                pieceVolume.Add(empty.Capacity * (LinearExpr)pieces);
                inBlend.Add(empty.Capacity * (LinearExpr)used);
            }

            var split = LinearExpr.Sum(pieceVolume);
            if (AllowWaste && !tank.IsGroup)
            {
                // A split may leave part of the tank behind (wasted), but must move something.
                Model.Add(split <= tank.Capacity * (LinearExpr)_split[t]);
                Model.Add(split >= (LinearExpr)_split[t]);
                _wasteTerms.Add(tank.Capacity * (LinearExpr)_split[t] - split);
            }
            else
            {
                Model.Add(split == tank.Capacity * (LinearExpr)_split[t]);
            }

            _drawnIntoBlend[t] = LinearExpr.Sum(inBlend);
        }
    }

    /// <summary>
    /// A group member is emptied by its own split or by one of its groups' (at most one of them, and
    /// then it is not poured whole); only then may it receive the blend.
    /// </summary>
    private void AddGroupMembership()
    {
        foreach (var t in _groupsOf.Select(g => g.Key).Order())
        {
            var emptiedBy = _groupsOf[t].Select(g => (LinearExpr)_split[g]).Append(_split[t]).ToList();
            Model.Add((LinearExpr)_asTarget[t] <= LinearExpr.Sum(emptiedBy));
            Model.Add(LinearExpr.Sum(emptiedBy) + (LinearExpr)_whole[t] <= 1);
        }
    }

    /// <summary>
    /// Identical full tanks are interchangeable: order their roles so the solver explores one of each
    /// permutation. A group's members are not interchangeable with tanks outside it.
    /// </summary>
    private void AddSymmetryBreaking()
    {
        for (var t = 1; t < Sources.Length; t++)
        {
            if (Interchangeable(t - 1, t))
            {
                Model.Add(Role(t - 1) >= Role(t));
            }
        }
    }

    /// <summary>
    /// Each empty class gives its tanks to pieces or to the final blend, never more than it has;
    /// returns the capacity the final transfer fills (final empties and split sources taken as targets).
    /// </summary>
    private List<LinearExpr> AddEmptyTankCapacity()
    {
        var k = Classes.Length;
        _finalFromClass = new IntVar[k];
        var finalCapacity = new List<LinearExpr>();
        for (var c = 0; c < k; c++)
        {
            var empty = Classes[c];
            _finalFromClass[c] = Int(0, empty.TankIds.Length, $"final_{c}");
            var taken = new List<LinearExpr> { _finalFromClass[c] };
            for (var t = 0; t < Sources.Length; t++)
            {
                if (_pieces[t, c] is { } pieces)
                {
                    taken.Add(pieces);
                }
            }

            Model.Add(LinearExpr.Sum(taken) <= empty.TankIds.Length);
            finalCapacity.Add(empty.Capacity * (LinearExpr)_finalFromClass[c]);
        }

        for (var t = 0; t < Sources.Length; t++)
        {
            finalCapacity.Add(Sources[t].Capacity * (LinearExpr)_asTarget[t]);
        }

        return finalCapacity;
    }

    /// <summary>What is poured is the blend volume, which fills the final tanks exactly and lies in the request's band.</summary>
    private void AddVolume(List<LinearExpr> finalCapacity)
    {
        var minVolume = Math.Max(1, CeilDiv(Band.Min, Unit));
        var maxVolume = Math.Min(_maxBlend, Band.Max / Unit);
        Volume = Int(0, Math.Max(0, _maxBlend), "volume");
        Model.Add(Volume >= minVolume);
        Model.Add(Volume <= maxVolume);
        Model.Add(LinearExpr.Sum(_drawnIntoBlend) == Volume);
        Model.Add(LinearExpr.Sum(finalCapacity) == Volume);
    }

    /// <summary>
    /// Every wine within τ of its share of the blend volume A: |P·a_w − q_w·A| ≤ τ·A, with τ·A one
    /// product variable, each wine's row scaled by the common denominator of its shares in blended tanks.
    /// </summary>
    private void AddAccuracy()
    {
        var s = Sources.Length;
        var scale = _targets.Scale;
        Tau = Int(0, scale, "tau");
        var allowance = Int(0, checked(scale * Math.Max(1, _maxBlend)), "tau_times_volume");
        Model.AddMultiplicationEquality(allowance, Tau, Volume);

        // Which sources hold each wine, in one pass: a cellar of 20,000 wines must not take 20,000 passes.
        var holdersOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var t = 0; t < s; t++)
        {
            foreach (var wine in Sources[t].Contents.Shares.Keys)
            {
                if (!holdersOf.TryGetValue(wine, out var list))
                {
                    holdersOf[wine] = list = [];
                }

                list.Add(t);
            }
        }

        var wines = _targets.Parts.Keys.Union(holdersOf.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var wine in wines)
        {
            var holders = holdersOf.GetValueOrDefault(wine) ?? [];
            var denominator = holders.Aggregate(BigInteger.One, (lcm, t) => Lcm(lcm, Sources[t].Contents.ShareOf(wine).Denominator));
            if (denominator > MaxShareDenominator)
            {
                throw new ArgumentException($"The blended tanks hold wine {wine} in shares too fine for the model (common denominator {denominator}).");
            }

            var multiplier = (long)denominator;
            var amount = LinearExpr.Sum(holders.Select(t =>
            {
                var share = Sources[t].Contents.ShareOf(wine);
                return share == Fraction.One && multiplier == 1
                    ? _drawnIntoBlend[t]
                    : (long)(share.Numerator * (denominator / share.Denominator)) * _drawnIntoBlend[t];
            }));
            var deviation = scale * amount - checked(_targets.PartsOf(wine) * multiplier) * (LinearExpr)Volume;
            var room = multiplier == 1 ? (LinearExpr)allowance : multiplier * (LinearExpr)allowance;
            Model.Add(deviation <= room);
            Model.Add(deviation >= -room);
        }

        if (_limits.TolerancePp is { } tolerance)
        {
            // Half a part below the tolerance: a target share is rounded by up to half a part, and a plan
            // the model counts as within the tolerance must be within it exactly.
            ToleratedTau = Math.Clamp((long)Math.Floor(tolerance / 100m * scale - 0.5m), 0, scale);
            AccuracyObjective = Int(0, scale, "accuracy");
            Model.AddMaxEquality(AccuracyObjective, [Tau, LinearExpr.Constant(ToleratedTau.Value)]);
        }
        else
        {
            AccuracyObjective = Tau;
        }
    }

    /// <summary>
    /// Each share requirement of the request: Σ_t s_t·d_t ≥ p_min·A and Σ_t s_t·d_t ≤ p_max·A, where
    /// d_t is what source t pours into the blend, s_t its share of the requirement's wines (1 or 0
    /// for a pure tank, a fraction for a blend or a group) and A the blend volume. Linear, since a
    /// source's composition is a constant. Each row is multiplied by the common denominator of its
    /// shares and bound when that is at most <see cref="TargetShares.Scale"/>, and is then exact;
    /// beyond (fine pre-blend shares), by the scale, with every coefficient rounded to the safe side
    /// (down and the bound up for a lower bound, the other way for an upper one), so a solution of the
    /// model always meets the requirement exactly and the verifier never rejects its plan. No variable
    /// is added: hints keep their indices.
    /// </summary>
    private void AddShareRequirements()
    {
        foreach (var requirement in _limits.Requirements)
        {
            var shares = Sources.Select(s => requirement.ShareIn(s.Contents)).ToArray();
            if (requirement.MinShare is { } min && !min.IsZero)
            {
                AddShareBound(shares, min, atLeast: true);
            }

            if (requirement.MaxShare is { } max && max < Fraction.One)
            {
                AddShareBound(shares, max, atLeast: false);
            }
        }
    }

    private void AddShareBound(Fraction[] shares, Fraction bound, bool atLeast)
    {
        var denominator = shares.Aggregate(bound.Denominator, (lcm, share) => Lcm(lcm, share.Denominator));
        var multiplier = denominator <= _targets.Scale ? (long)denominator : _targets.Scale;
        var terms = new List<LinearExpr>();
        for (var t = 0; t < Sources.Length; t++)
        {
            var coefficient = Scaled(shares[t], multiplier, roundUp: !atLeast);
            if (coefficient != 0)
            {
                terms.Add(coefficient * _drawnIntoBlend[t]);
            }
        }

        var poured = LinearExpr.Sum(terms);
        var limit = Scaled(bound, multiplier, roundUp: atLeast) * (LinearExpr)Volume;
        Model.Add(atLeast ? poured >= limit : poured <= limit);
    }

    /// <summary><paramref name="value"/> (0–1) times <paramref name="multiplier"/>, rounded down or up to an integer.</summary>
    private static long Scaled(Fraction value, long multiplier, bool roundUp)
    {
        var product = value.Numerator * multiplier;
        var quotient = BigInteger.DivRem(product, value.Denominator, out var remainder);
        return (long)(roundUp && !remainder.IsZero ? quotient + 1 : quotient);
    }

    /// <summary>The wine partial draws leave behind, within the request's cap.</summary>
    private void AddWaste()
    {
        Waste = Int(0, Sources.Where(t => !t.IsGroup).Sum(t => t.Capacity), "waste");
        Model.Add(Waste == LinearExpr.Sum(_wasteTerms));
        if (AllowWaste && _limits.MaxWaste is { } maxWaste)
        {
            Model.Add(Waste <= maxWaste / Unit);
        }
    }

    /// <summary>
    /// Mixtures the plan makes (a group's pieces, a pre-blend) end in the blend unless the request
    /// allows leftovers: a group's split pours all its pieces, a pre-blend is poured whole or split
    /// with every piece poured. When leftovers are allowed, their capacity is counted for the order on plans.
    /// </summary>
    private void AddLeftoverRule()
    {
        var leftover = new List<LinearExpr>();
        for (var t = 0; t < Sources.Length; t++)
        {
            var source = Sources[t];
            if (!source.LeavesMixture)
            {
                continue;
            }

            if (!_limits.AllowLeftoverBlends && source.MadeByPlan)
            {
                Model.Add((LinearExpr)_whole[t] + _split[t] == 1);
            }
            else if (source.MadeByPlan)
            {
                leftover.Add(source.Capacity * (1 - (LinearExpr)_whole[t] - _split[t]));
            }

            for (var c = 0; c < Classes.Length; c++)
            {
                if (_pieces[t, c] is not { } pieces)
                {
                    continue;
                }

                if (_limits.AllowLeftoverBlends)
                {
                    leftover.Add(Classes[c].Capacity * ((LinearExpr)pieces - _used[t, c]!));
                }
                else
                {
                    Model.Add((LinearExpr)_used[t, c]! == pieces);
                }
            }
        }

        LeftoverBlends = Int(0, Math.Max(0, Sources.Sum(t => t.Capacity)), "leftover_blends");
        Model.Add(LeftoverBlends == LinearExpr.Sum(leftover));
    }

    /// <summary>Split transfers, within the request's most transfers (the final transfer is one more).</summary>
    private void AddTransferCount()
    {
        Splits = Int(0, Sources.Length, "splits");
        Model.Add(Splits == LinearExpr.Sum(_split));
        if (_limits.MaxTransfers is { } maxTransfers)
        {
            Model.Add(Splits <= Math.Max(0, maxTransfers - 1));
        }
    }

    /// <summary>How far the volume lands from the request's target, in volume units (the negated volume without a target).</summary>
    private void AddVolumeTarget()
    {
        var most = checked(Math.Max(1, _maxBlend) * Unit);
        if (Band.Target is { } target)
        {
            VolumeOffTarget = Int(0, Math.Max(most, target), "volume_off_target");
            Model.AddAbsEquality(VolumeOffTarget, Unit * (LinearExpr)Volume - target);
        }
        else
        {
            VolumeOffTarget = Int(-most, 0, "volume_off_target");
            Model.Add(VolumeOffTarget == -Unit * (LinearExpr)Volume);
        }
    }

    private bool Interchangeable(int a, int b) =>
        Sources[a].ContentKey == Sources[b].ContentKey && Sources[a].Capacity == Sources[b].Capacity && !_grouped[a] && !_grouped[b]
        && Sources[a].MadeByPlan == Sources[b].MadeByPlan;

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

    private static long CeilDiv(long value, long divisor) => value / divisor + (value % divisor > 0 ? 1 : 0);
}
