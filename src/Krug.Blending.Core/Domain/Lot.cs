using System.Collections.Immutable;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Domain;

/// <summary>One wine of a lot and its weight as the user wrote it.</summary>
/// <param name="Wine">The wine (a wine, never another lot).</param>
/// <param name="Percent">The weight in percent; positive. Weights are normalised, so they need not add up to 100.</param>
public sealed record LotLine(string Wine, decimal Percent);

/// <summary>
/// A blend the cellar already holds and keeps as such, under a name of its own: a reserve kept as a
/// blend, last year's partial assemblage. Its make-up is exact: each wine's share is its weight
/// divided by the sum of the weights, as for a <see cref="Formula"/>. Invariants: a non-empty name,
/// at least one line, wines unique, weights positive. A lot's name and the names of wines share one
/// namespace (checked by <see cref="Cellar"/>).
/// </summary>
public sealed record Lot
{
    /// <summary>Creates a lot and checks its invariants.</summary>
    /// <exception cref="ArgumentException">An empty name, no line, a repeated or empty wine, or a weight that is not positive.</exception>
    public Lot(string name, IEnumerable<LotLine> lines)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(lines);
        Name = name;
        Lines = [.. lines];
        if (Lines.IsEmpty)
        {
            throw new ArgumentException($"Lot {name} needs at least one wine.", nameof(lines));
        }

        if (Lines.Any(l => l.Percent <= 0))
        {
            throw new ArgumentException($"Every wine of lot {name} must have a positive percentage.", nameof(lines));
        }

        Composition = Composition.FromWeights(Lines.Select(l => (l.Wine, Fraction.FromDecimal(l.Percent))));
        TotalPercent = Lines.Sum(l => l.Percent);
    }

    /// <summary>The lot's name (compared ordinally, like wine names).</summary>
    public string Name { get; }

    /// <summary>The lines, in input order.</summary>
    public ImmutableArray<LotLine> Lines { get; }

    /// <summary>Exact share of each wine in the lot (sums to 1).</summary>
    public Composition Composition { get; }

    /// <summary>The sum of the weights as written (100 for a normalised lot).</summary>
    public decimal TotalPercent { get; }

    /// <summary>Whether <paramref name="other"/> has the same name and make-up.</summary>
    public bool Equals(Lot? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Composition.Equals(other.Composition);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), Composition);
}
