using System.Collections.Immutable;
using System.Text;

namespace Krug.Blending.Arithmetic;

/// <summary>
/// The exact make-up of a homogeneous blend: for each wine, its share of the volume as a
/// <see cref="Fraction"/>. Invariants: every share is positive and the shares add up to exactly 1.
/// Two compositions are equal when they hold the same wines in the same shares.
/// </summary>
public sealed class Composition : IEquatable<Composition>
{
    private readonly int _hash;

    private Composition(ImmutableSortedDictionary<string, Fraction> shares)
    {
        Shares = shares;
        var hash = default(HashCode);
        foreach (var (wine, share) in shares)
        {
            hash.Add(wine, StringComparer.Ordinal);
            hash.Add(share);
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>Share of each wine (positive, summing to 1), ordered by wine name (ordinal).</summary>
    public ImmutableSortedDictionary<string, Fraction> Shares { get; }

    /// <summary>Whether the blend holds a single wine.</summary>
    public bool IsPure => Shares.Count == 1;

    /// <summary>The composition of a tank holding only <paramref name="wine"/>.</summary>
    public static Composition Pure(string wine)
    {
        ArgumentException.ThrowIfNullOrEmpty(wine);
        return new Composition(ImmutableSortedDictionary.CreateRange(
            StringComparer.Ordinal, [new KeyValuePair<string, Fraction>(wine, Fraction.One)]));
    }

    /// <summary>
    /// The composition whose shares are the given weights normalised to add up to 1 (each share is
    /// its weight divided by the sum of the weights, exactly), e.g. a lot's percentages.
    /// </summary>
    /// <exception cref="ArgumentException">No weight, an empty wine name, a repeated wine, or a weight that is not positive.</exception>
    public static Composition FromWeights(IEnumerable<(string Wine, Fraction Weight)> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var list = weights.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A composition needs at least one wine.", nameof(weights));
        }

        var total = Fraction.Zero;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (wine, weight) in list)
        {
            if (string.IsNullOrEmpty(wine))
            {
                throw new ArgumentException("A wine name cannot be empty.", nameof(weights));
            }

            if (weight.Sign <= 0)
            {
                throw new ArgumentException($"Wine {wine} must have a positive weight.", nameof(weights));
            }

            if (!seen.Add(wine))
            {
                throw new ArgumentException($"Wine {wine} appears twice.", nameof(weights));
            }

            total += weight;
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, Fraction>(StringComparer.Ordinal);
        foreach (var (wine, weight) in list)
        {
            builder[wine] = weight / total;
        }

        return new Composition(builder.ToImmutable());
    }

    /// <summary>
    /// The homogeneous blend of the given parts, each a composition and the volume of it poured
    /// (any positive integer unit, the same for all parts).
    /// </summary>
    /// <exception cref="ArgumentException">No part has a positive volume, or a volume is negative.</exception>
    public static Composition Mix(IEnumerable<(Composition Composition, long Volume)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var amounts = new SortedDictionary<string, Fraction>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (composition, volume) in parts)
        {
            if (volume < 0)
            {
                throw new ArgumentException("A part cannot have a negative volume.", nameof(parts));
            }

            if (volume == 0)
            {
                continue;
            }

            total = checked(total + volume);
            foreach (var (wine, share) in composition.Shares)
            {
                amounts[wine] = amounts.TryGetValue(wine, out var sum) ? sum + share * volume : share * volume;
            }
        }

        if (total == 0)
        {
            throw new ArgumentException("A blend needs at least one part with a positive volume.", nameof(parts));
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, Fraction>(StringComparer.Ordinal);
        foreach (var (wine, amount) in amounts)
        {
            builder[wine] = amount / total;
        }

        return new Composition(builder.ToImmutable());
    }

    /// <summary>The share of <paramref name="wine"/>, zero when absent.</summary>
    public Fraction ShareOf(string wine) => Shares.TryGetValue(wine, out var share) ? share : Fraction.Zero;

    /// <inheritdoc />
    public bool Equals(Composition? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (_hash != other._hash || Shares.Count != other.Shares.Count)
        {
            return false;
        }

        foreach (var (wine, share) in Shares)
        {
            if (!other.Shares.TryGetValue(wine, out var otherShare) || otherShare != share)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Composition);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Readable form, e.g. <c>A 1/3 + B 2/3</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (wine, share) in Shares)
        {
            if (text.Length > 0)
            {
                text.Append(" + ");
            }

            text.Append(wine).Append(' ').Append(share.ToString());
        }

        return text.ToString();
    }
}
