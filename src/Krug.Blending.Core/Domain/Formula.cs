using System.Collections.Immutable;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Domain;

/// <summary>One wine of a formula and its weight as the user wrote it.</summary>
/// <param name="Wine">The wine (matched ordinally against the cellar's wines).</param>
/// <param name="Percent">The weight in percent; positive. Weights are normalised, so they need not add up to 100.</param>
public sealed record FormulaLine(string Wine, decimal Percent);

/// <summary>
/// The target blend: each wine's share of the final blend. Shares are the exact normalised
/// weights <c>Percent / Σ Percent</c>; wines not named have a target share of zero.
/// Invariants: at least one line, wines unique, weights positive.
/// </summary>
public sealed record Formula
{
    /// <summary>Creates a formula and checks its invariants.</summary>
    /// <exception cref="ArgumentException">No line, a repeated wine, or a weight that is not positive.</exception>
    public Formula(IEnumerable<FormulaLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Lines = [.. lines];
        if (Lines.IsEmpty)
        {
            throw new ArgumentException("A formula needs at least one wine.", nameof(lines));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = Fraction.Zero;
        foreach (var line in Lines)
        {
            if (string.IsNullOrEmpty(line.Wine))
            {
                throw new ArgumentException("A formula wine cannot be empty.", nameof(lines));
            }

            if (line.Percent <= 0)
            {
                throw new ArgumentException($"Wine {line.Wine} must have a positive percentage.", nameof(lines));
            }

            if (!seen.Add(line.Wine))
            {
                throw new ArgumentException($"Wine {line.Wine} appears twice in the formula.", nameof(lines));
            }

            total += Fraction.FromDecimal(line.Percent);
        }

        var shares = ImmutableSortedDictionary.CreateBuilder<string, Fraction>(StringComparer.Ordinal);
        foreach (var line in Lines)
        {
            shares[line.Wine] = Fraction.FromDecimal(line.Percent) / total;
        }

        Shares = shares.ToImmutable();
        TotalPercent = Lines.Sum(l => l.Percent);
    }

    /// <summary>The lines, in input order.</summary>
    public ImmutableArray<FormulaLine> Lines { get; }

    /// <summary>Exact target share of each wine (sums to 1), ordered ordinally by wine.</summary>
    public ImmutableSortedDictionary<string, Fraction> Shares { get; }

    /// <summary>The sum of the weights as written (100 for a normalised formula).</summary>
    public decimal TotalPercent { get; }

    /// <summary>The target share of <paramref name="wine"/>: zero for a wine not in the formula.</summary>
    public Fraction ShareOf(string wine) => Shares.TryGetValue(wine, out var share) ? share : Fraction.Zero;
}
