using System.Numerics;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>
/// Every tank content the search meets, interned: content id 0 is the empty tank, ids 1.. are exact
/// blends. Equal blends get equal ids however they were made, which is what makes equal tanks
/// interchangeable in the state keys. Mixing is memoised on pairs so the search never repeats the
/// rational arithmetic, and each content's distance to the formula is computed once.
/// </summary>
internal sealed class BlendTable
{
    /// <summary>The id of an empty tank.</summary>
    public const int Empty = 0;

    private readonly List<Content> _contents = [null!];
    private readonly Dictionary<Content, int> _ids = [];
    private readonly Dictionary<MixKey, int> _mixes = [];
    private readonly Dictionary<string, int> _wineIndex;
    private readonly HashSet<int> _heldAtStart = [];
    private readonly Fraction[] _targets;
    private readonly Fraction _absentDeviation;
    private readonly PlanOrder _order;

    // Per content id, filled on first use: most contents are only ever parts of other mixes.
    private readonly List<Accuracy?> _accuracy = [null];
    private readonly List<double[]?> _approxShares = [null];

    // Per requirement: which wine indices it counts, and its exact bounds.
    private readonly (bool[] Counts, Fraction? Min, Fraction? Max)[] _requirements;

    // Per content id: 0 not yet checked, 1 meets every requirement, 2 breaks one.
    private readonly List<byte> _meetsRequirements = [0];

    /// <summary>
    /// A table over <paramref name="wines"/>; <paramref name="heldAtStart"/> are the contents the
    /// cellar held at the start (pure wines, lots), which may stay behind without being leftovers.
    /// Those holding a wine outside <paramref name="wines"/> can never be made, so they are skipped.
    /// Blends that end a plan must meet <paramref name="requirements"/>.
    /// </summary>
    public BlendTable(IReadOnlyList<string> wines, Formula formula, PlanOrder order, IEnumerable<Composition> heldAtStart, IReadOnlyList<ShareRequirement>? requirements = null)
    {
        _order = order;
        Wines = wines;
        _requirements = [.. (requirements ?? []).Select(r => (wines.Select(r.Wines.Contains).ToArray(), r.MinShare, r.MaxShare))];
        _wineIndex = wines.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        _targets = [.. wines.Select(formula.ShareOf)];
        var present = wines.ToHashSet(StringComparer.Ordinal);
        _absentDeviation = formula.Shares
            .Where(s => !present.Contains(s.Key))
            .Aggregate(Fraction.Zero, (max, s) => Fraction.Max(max, s.Value));
        ApproxTargets = [.. _targets.Select(t => t.ToDouble())];
        ApproxAbsentDeviation = _absentDeviation.ToDouble();
        foreach (var contents in heldAtStart.Where(c => c.Shares.Keys.All(_wineIndex.ContainsKey)))
        {
            _heldAtStart.Add(Of(contents));
        }
    }

    /// <summary>The target share of each wine index, as doubles (screening only).</summary>
    public double[] ApproxTargets { get; }

    /// <summary><see cref="AbsentDeviation"/> as a double (screening only).</summary>
    public double ApproxAbsentDeviation { get; }

    /// <summary>The wines that can appear in a content, by index.</summary>
    public IReadOnlyList<string> Wines { get; }

    /// <summary>How many contents (the empty one included) are interned.</summary>
    public int Count => _contents.Count;

    /// <summary>
    /// The largest deviation any blend must have because a formula wine is in no usable tank:
    /// a floor under every plan's L∞.
    /// </summary>
    public Fraction AbsentDeviation => _absentDeviation;

    /// <summary>The id of <paramref name="contents"/> (a pure wine, a lot), whose wines must all be in <see cref="Wines"/>.</summary>
    public int Of(Composition contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var denominator = contents.Shares.Values.Aggregate(BigInteger.One, (lcm, s) => lcm / BigInteger.GreatestCommonDivisor(lcm, s.Denominator) * s.Denominator);
        var numerators = new BigInteger[Wines.Count];
        foreach (var (wine, share) in contents.Shares)
        {
            numerators[_wineIndex[wine]] = share.Numerator * (denominator / share.Denominator);
        }

        return Intern(Content.Reduced(numerators, denominator));
    }

    /// <summary>
    /// The id of the homogeneous blend of <paramref name="volumeA"/> of content <paramref name="a"/>
    /// and <paramref name="volumeB"/> of content <paramref name="b"/> (positive volumes, non-empty contents).
    /// </summary>
    public int Mix(int a, long volumeA, int b, long volumeB)
    {
        if (a == b)
        {
            return a;
        }

        if (a > b)
        {
            (a, b) = (b, a);
            (volumeA, volumeB) = (volumeB, volumeA);
        }

        // Only the ratio of the volumes matters, so reduce it: more memo hits.
        var gcd = (long)BigInteger.GreatestCommonDivisor(volumeA, volumeB);
        var key = new MixKey(a, volumeA / gcd, b, volumeB / gcd);
        if (_mixes.TryGetValue(key, out var id))
        {
            return id;
        }

        var left = _contents[a];
        var right = _contents[b];
        var total = (BigInteger)key.VolumeA + key.VolumeB;
        var numerators = new BigInteger[Wines.Count];
        var leftScale = key.VolumeA * right.Denominator;
        var rightScale = key.VolumeB * left.Denominator;
        for (var w = 0; w < numerators.Length; w++)
        {
            numerators[w] = left.Numerators[w] * leftScale + right.Numerators[w] * rightScale;
        }

        id = Intern(Content.Reduced(numerators, left.Denominator * right.Denominator * total));
        _mixes.Add(key, id);
        return id;
    }

    /// <summary>The exact largest deviation (L∞ share) of content <paramref name="id"/> from the formula.</summary>
    public Fraction MaxDeviation(int id) => AccuracyOf(id).Max;

    /// <summary>The accuracy key the order on plans gives content <paramref name="id"/> (see <see cref="PlanOrder.AccuracyKey"/>).</summary>
    public Fraction RankedDeviation(int id) => AccuracyOf(id).Ranked;

    /// <summary>
    /// Whether content <paramref name="id"/> is something the cellar held at the start (a pure wine,
    /// a lot): pieces of it may stay behind, where any other mixture would be a leftover blend.
    /// </summary>
    public bool IsHeldAtStart(int id) => _heldAtStart.Contains(id);

    /// <summary>
    /// Each wine's share in content <paramref name="id"/> as doubles, within 1e-15 or so of the exact
    /// shares: for screening candidates, never for deciding between close ones.
    /// </summary>
    public double[] ApproxShares(int id)
    {
        if (_approxShares[id] is { } shares)
        {
            return shares;
        }

        var content = _contents[id];
        shares = new double[Wines.Count];
        for (var w = 0; w < shares.Length; w++)
        {
            shares[w] = content.Numerators[w].IsZero ? 0 : new Fraction(content.Numerators[w], content.Denominator).ToDouble();
        }

        _approxShares[id] = shares;
        return shares;
    }

    /// <summary>The accuracy key of an exact deviation under the order on plans.</summary>
    public Fraction Rank(Fraction deviation) => _order.AccuracyKey(deviation);

    /// <summary>
    /// A lower bound on the L∞ of every blend that can ever be made from the given contents: each
    /// wine's share in any blend lies between its smallest and largest share among them.
    /// </summary>
    public Fraction DeviationFloor(ReadOnlySpan<int> contentIds)
    {
        var floor = _absentDeviation;
        for (var w = 0; w < _targets.Length; w++)
        {
            var allAbove = true;
            var allBelow = true;
            foreach (var id in contentIds)
            {
                var side = AccuracyOf(id).Sides[w];
                allAbove &= side > 0;
                allBelow &= side < 0;
                if (!allAbove && !allBelow)
                {
                    break;
                }
            }

            if (!allAbove && !allBelow)
            {
                continue;
            }

            var nearest = AccuracyOf(contentIds[0]).Distances[w];
            foreach (var id in contentIds[1..])
            {
                var distance = AccuracyOf(id).Distances[w];
                if (distance < nearest)
                {
                    nearest = distance;
                }
            }

            if (nearest > floor)
            {
                floor = nearest;
            }
        }

        return floor;
    }

    /// <summary>
    /// Whether content <paramref name="id"/> meets every share requirement of the request, exactly (a
    /// final blend that does not cannot end a plan). Computed once per content.
    /// </summary>
    public bool MeetsRequirements(int id)
    {
        if (_requirements.Length == 0)
        {
            return true;
        }

        if (_meetsRequirements[id] != 0)
        {
            return _meetsRequirements[id] == 1;
        }

        var content = _contents[id];
        var meets = true;
        foreach (var (counts, min, max) in _requirements)
        {
            var numerator = BigInteger.Zero;
            for (var w = 0; w < counts.Length; w++)
            {
                if (counts[w])
                {
                    numerator += content.Numerators[w];
                }
            }

            var share = new Fraction(numerator, content.Denominator);
            if ((min is { } least && share < least) || (max is { } most && share > most))
            {
                meets = false;
                break;
            }
        }

        _meetsRequirements[id] = meets ? (byte)1 : (byte)2;
        return meets;
    }

    /// <summary>The exact share of every wine in content <paramref name="id"/>.</summary>
    public Fraction ShareOf(int id, int wine) => new(_contents[id].Numerators[wine], _contents[id].Denominator);

    private int Intern(Content content)
    {
        if (_ids.TryGetValue(content, out var id))
        {
            return id;
        }

        id = _contents.Count;
        _contents.Add(content);
        _ids.Add(content, id);
        _accuracy.Add(null);
        _approxShares.Add(null);
        _meetsRequirements.Add(0);
        return id;
    }

    private Accuracy AccuracyOf(int id)
    {
        if (_accuracy[id] is { } known)
        {
            return known;
        }

        var content = _contents[id];
        var sides = new sbyte[_targets.Length];
        var distances = new Fraction[_targets.Length];
        var max = _absentDeviation;
        for (var w = 0; w < _targets.Length; w++)
        {
            var deviation = new Fraction(content.Numerators[w], content.Denominator) - _targets[w];
            sides[w] = (sbyte)deviation.Sign;
            distances[w] = deviation.Abs();
            max = Fraction.Max(max, distances[w]);
        }

        known = new Accuracy(max, Rank(max), sides, distances);
        _accuracy[id] = known;
        return known;
    }

    /// <summary>
    /// A content's exact L∞ to the formula, the same as ranked (zero within the tolerance), and per
    /// wine the side of the target it lies on and its distance to it (for the range bound).
    /// </summary>
    private sealed record Accuracy(Fraction Max, Fraction Ranked, sbyte[] Sides, Fraction[] Distances);

    private readonly record struct MixKey(int A, long VolumeA, int B, long VolumeB);

    /// <summary>Shares <c>Numerators[w] / Denominator</c> in lowest common terms.</summary>
    private sealed class Content : IEquatable<Content>
    {
        private readonly int _hash;

        public Content(BigInteger[] numerators, BigInteger denominator)
        {
            Numerators = numerators;
            Denominator = denominator;
            var hash = default(HashCode);
            hash.Add(denominator);
            foreach (var numerator in numerators)
            {
                hash.Add(numerator);
            }

            _hash = hash.ToHashCode();
        }

        public BigInteger[] Numerators { get; }

        public BigInteger Denominator { get; }

        public static Content Reduced(BigInteger[] numerators, BigInteger denominator)
        {
            var gcd = denominator;
            foreach (var numerator in numerators)
            {
                if (gcd.IsOne)
                {
                    break;
                }

                gcd = BigInteger.GreatestCommonDivisor(gcd, numerator);
            }

            if (!gcd.IsOne)
            {
                for (var w = 0; w < numerators.Length; w++)
                {
                    numerators[w] /= gcd;
                }

                denominator /= gcd;
            }

            return new Content(numerators, denominator);
        }

        public bool Equals(Content? other) =>
            other is not null
            && _hash == other._hash
            && Denominator == other.Denominator
            && Numerators.AsSpan().SequenceEqual(other.Numerators);

        public override bool Equals(object? obj) => Equals(obj as Content);

        public override int GetHashCode() => _hash;
    }
}
