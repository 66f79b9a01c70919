using System.Collections.Immutable;

namespace Krug.Blending.Domain;

/// <summary>
/// The cellar at the start of a plan: every tank with its capacity and, when full, its wine.
/// Invariants: tank ids are unique (ordinal), capacities are positive.
/// </summary>
public sealed record Cellar
{
    /// <summary>Creates a cellar and checks its invariants.</summary>
    /// <exception cref="ArgumentException">A tank id is empty or repeated, or a capacity is not positive.</exception>
    public Cellar(IEnumerable<Tank> tanks, VolumeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(tanks);
        ArgumentNullException.ThrowIfNull(unit);
        Tanks = [.. tanks];
        Unit = unit;
        var byId = new Dictionary<string, Tank>(StringComparer.Ordinal);
        foreach (var tank in Tanks)
        {
            if (string.IsNullOrEmpty(tank.Id))
            {
                throw new ArgumentException("A tank id cannot be empty.", nameof(tanks));
            }

            if (tank.Capacity <= 0)
            {
                throw new ArgumentException($"Tank {tank.Id} must have a positive capacity.", nameof(tanks));
            }

            if (tank.Wine is { Length: 0 })
            {
                throw new ArgumentException($"Tank {tank.Id} has an empty wine name; use null for an empty tank.", nameof(tanks));
            }

            if (!byId.TryAdd(tank.Id, tank))
            {
                throw new ArgumentException($"Tank id {tank.Id} appears twice.", nameof(tanks));
            }
        }

        ById = byId.ToImmutableDictionary(StringComparer.Ordinal);
        Wines = [.. Tanks.Where(t => t.Wine is not null).Select(t => t.Wine!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The tanks, in input order.</summary>
    public ImmutableArray<Tank> Tanks { get; }

    /// <summary>The unit the integer volumes are expressed in.</summary>
    public VolumeUnit Unit { get; }

    /// <summary>Tanks by id (ordinal).</summary>
    public ImmutableDictionary<string, Tank> ById { get; }

    /// <summary>The distinct wines that fill at least one tank, ordered ordinally.</summary>
    public ImmutableArray<string> Wines { get; }

    /// <summary>Total volume of wine in the cellar at the start, in volume units.</summary>
    public long TotalWine => Tanks.Where(t => t.IsFull).Sum(t => t.Capacity);

    /// <summary>Total volume of wine <paramref name="wine"/> at the start, in volume units.</summary>
    public long VolumeOf(string wine) =>
        Tanks.Where(t => string.Equals(t.Wine, wine, StringComparison.Ordinal)).Sum(t => t.Capacity);

    /// <summary>A copy without the given tanks (used for tanks under maintenance or reserved).</summary>
    public Cellar Without(IEnumerable<string> tankIds)
    {
        var excluded = tankIds.ToHashSet(StringComparer.Ordinal);
        return new Cellar(Tanks.Where(t => !excluded.Contains(t.Id)), Unit);
    }
}
