using System.Collections.Immutable;
using System.Text;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>
/// The usable part of the cellar after some pre-blending transfers: full tanks (pure or blended,
/// always completely full) and empty tanks. Excluded tanks and tanks of kept wines are not in it.
/// </summary>
/// <param name="Full">Full tanks, whose contents are exact compositions.</param>
/// <param name="Empty">Empty tanks, by id and capacity.</param>
/// <param name="Transfers">The pre-blending transfers that led here, in order (one per step until compacted).</param>
internal sealed record CellarState(
    ImmutableArray<SourceTank> Full,
    ImmutableArray<(string Id, long Capacity)> Empty,
    ImmutableArray<Transfer> Transfers)
{
    /// <summary>
    /// Identifies states that differ only by which of several interchangeable tanks holds what:
    /// the multiset of (capacity, contents) of the full tanks and of capacities of the empty ones.
    /// </summary>
    public string Key
    {
        get
        {
            var key = new StringBuilder();
            foreach (var full in Full.Select(f => $"{f.Capacity}:{f.ContentKey}").Order(StringComparer.Ordinal))
            {
                key.Append(full).Append('|');
            }

            key.Append('#');
            foreach (var capacity in Empty.Select(e => e.Capacity).Order())
            {
                key.Append(capacity).Append(',');
            }

            return key.ToString();
        }
    }

    /// <summary>The starting state: every usable tank of the cellar as it is.</summary>
    public static CellarState Initial(UsableCellar usable)
    {
        ArgumentNullException.ThrowIfNull(usable);
        return new CellarState(
            [.. usable.Full.Select(t => new SourceTank(t.Id, t.Capacity, t.Contents!))],
            [.. usable.Empty.Select(t => (t.Id, t.Capacity))],
            []);
    }

    /// <summary>
    /// Pours the whole of <paramref name="inputs"/> into <paramref name="outputs"/> (whose capacities
    /// must add up to the volume poured): the inputs become empty, the outputs full of the blend.
    /// </summary>
    public CellarState Apply(IReadOnlyList<SourceTank> inputs, IReadOnlyList<(string Id, long Capacity)> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Sum(i => i.Capacity) != outputs.Sum(o => o.Capacity))
        {
            throw new ArgumentException("A pre-blend must fill its outputs exactly.", nameof(outputs));
        }

        var blend = Composition.Mix(inputs.Select(i => (i.Contents, i.Capacity)));
        var inputIds = inputs.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var outputIds = outputs.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var full = Full.Where(f => !inputIds.Contains(f.Id))
            .Concat(outputs.Select(o => new SourceTank(o.Id, o.Capacity, blend) { MadeByPlan = true }))
            .ToImmutableArray();
        var empty = Empty.Where(e => !outputIds.Contains(e.Id))
            .Concat(inputs.Select(i => (i.Id, i.Capacity)))
            .ToImmutableArray();
        var transfer = new Transfer(
            Transfers.Length + 1,
            [.. inputs.Select(i => new TankVolume(i.Id, i.Capacity)).OrderBy(t => t.TankId, StringComparer.Ordinal)],
            [.. outputs.Select(o => new TankVolume(o.Id, o.Capacity)).OrderBy(t => t.TankId, StringComparer.Ordinal)]);
        return new CellarState(full, empty, Transfers.Add(transfer));
    }
}
