using System.Collections.Immutable;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Domain;

/// <summary>
/// The cellar at the start of a plan: every tank with its capacity and, when full, its wine or lot.
/// Invariants: tank ids are unique (ordinal), capacities are positive, every tank naming a lot holds
/// the same make-up of it, and no name is both a lot and a wine.
/// </summary>
public sealed record Cellar
{
    /// <summary>Creates a cellar and checks its invariants.</summary>
    /// <exception cref="ArgumentException">
    /// A tank id is empty or repeated, a capacity is not positive, a lot has two make-ups, or a name
    /// is both a lot and a wine.
    /// </exception>
    public Cellar(IEnumerable<Tank> tanks, VolumeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(tanks);
        ArgumentNullException.ThrowIfNull(unit);
        Tanks = [.. tanks];
        Unit = unit;
        var byId = new Dictionary<string, Tank>(StringComparer.Ordinal);
        var lots = ImmutableSortedDictionary.CreateBuilder<string, Lot>(StringComparer.Ordinal);
        var wines = new SortedSet<string>(StringComparer.Ordinal);
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

            if (tank.Content is { Length: 0 })
            {
                throw new ArgumentException($"Tank {tank.Id} has an empty wine name; use null for an empty tank.", nameof(tanks));
            }

            if (!byId.TryAdd(tank.Id, tank))
            {
                throw new ArgumentException($"Tank id {tank.Id} appears twice.", nameof(tanks));
            }

            if (tank.Lot is { } lot)
            {
                if (!string.Equals(tank.Content, lot.Name, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Tank {tank.Id} names {tank.Content} but holds lot {lot.Name}.", nameof(tanks));
                }

                if (lots.TryGetValue(lot.Name, out var known) && !known.Equals(lot))
                {
                    throw new ArgumentException($"Lot {lot.Name} has two different make-ups.", nameof(tanks));
                }

                lots[lot.Name] = lot;
                wines.UnionWith(lot.Composition.Shares.Keys);
            }
            else if (tank.Content is { } wine)
            {
                wines.Add(wine);
            }
        }

        // Reports name a tank's contents by one name, so a name must say unambiguously what it is.
        if (lots.Keys.FirstOrDefault(wines.Contains) is { } clash)
        {
            throw new ArgumentException($"{clash} is both a lot and a wine; lots and wines need different names.", nameof(tanks));
        }

        ById = byId.ToImmutableDictionary(StringComparer.Ordinal);
        Lots = lots.ToImmutable();
        Wines = [.. wines];
    }

    /// <summary>The tanks, in input order.</summary>
    public ImmutableArray<Tank> Tanks { get; }

    /// <summary>The unit the integer volumes are expressed in.</summary>
    public VolumeUnit Unit { get; }

    /// <summary>Tanks by id (ordinal).</summary>
    public ImmutableDictionary<string, Tank> ById { get; }

    /// <summary>The lots some tank holds, by name (ordinal).</summary>
    public ImmutableSortedDictionary<string, Lot> Lots { get; }

    /// <summary>The distinct wines the cellar holds, alone in a tank or as part of a lot, ordered ordinally.</summary>
    public ImmutableArray<string> Wines { get; }

    /// <summary>Total volume of wine in the cellar at the start, in volume units.</summary>
    public long TotalWine => Tanks.Where(t => t.IsFull).Sum(t => t.Capacity);

    /// <summary>
    /// Total volume of wine <paramref name="wine"/> at the start, in volume units, exact: its tanks'
    /// capacities plus its share of every tank of a lot holding it (a fraction of a unit, possibly).
    /// </summary>
    public Fraction VolumeOf(string wine) =>
        Tanks.Where(t => t.IsFull).Aggregate(Fraction.Zero, (sum, t) => sum + t.Contents!.ShareOf(wine) * t.Capacity);

    /// <summary>
    /// The name of <paramref name="contents"/> in this cellar: the wine of a pure content, the name
    /// of the lot it equals (the first by name when several lots have that make-up), or
    /// <see langword="null"/> for any other mixture.
    /// </summary>
    public string? NameOf(Composition contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return contents.IsPure
            ? contents.Shares.Keys.First()
            : Lots.Values.FirstOrDefault(l => l.Composition.Equals(contents))?.Name;
    }

    /// <summary>A copy without the given tanks (used for tanks under maintenance or reserved).</summary>
    public Cellar Without(IEnumerable<string> tankIds)
    {
        var excluded = tankIds.ToHashSet(StringComparer.Ordinal);
        return new Cellar(Tanks.Where(t => !excluded.Contains(t.Id)), Unit);
    }
}
