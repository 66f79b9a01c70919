using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Domain;

/// <summary>
/// A bound on the share of a set of wines in the final blend: "at least 35 % Chardonnay", "at least
/// 85 % of the 2019 vintage". The set is given as wines, so Core knows nothing of varieties,
/// vintages or villages: the command line resolves <c>variety=Chardonnay</c> to the wines of that
/// variety. Invariants: a non-empty label, at least one bound, bounds between 0 and 100 percent,
/// and the lower bound not above the upper one. A wine of the set absent from the blend counts 0.
/// </summary>
public sealed record ShareRequirement
{
    /// <summary>Creates a requirement and checks its invariants.</summary>
    /// <param name="label">What the set is, as the user wrote it (e.g. <c>variety=Chardonnay</c>); messages name it.</param>
    /// <param name="wines">The wines whose total share is bounded (compared ordinally); may be empty (their share is then 0).</param>
    /// <param name="minPercent">The least total share in percent, or <see langword="null"/>.</param>
    /// <param name="maxPercent">The most total share in percent, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An empty label, no bound, a bound outside 0–100, or the lower bound above the upper.</exception>
    public ShareRequirement(string label, IEnumerable<string> wines, decimal? minPercent, decimal? maxPercent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentNullException.ThrowIfNull(wines);
        if (minPercent is null && maxPercent is null)
        {
            throw new ArgumentException($"Requirement {label} needs a lower or an upper bound.", nameof(minPercent));
        }

        if (minPercent is < 0 or > 100 || maxPercent is < 0 or > 100)
        {
            throw new ArgumentException($"Requirement {label}: bounds are percentages between 0 and 100.", nameof(minPercent));
        }

        if (minPercent > maxPercent)
        {
            throw new ArgumentException($"Requirement {label}: the lower bound is above the upper bound.", nameof(minPercent));
        }

        Label = label;
        Wines = wines.ToImmutableHashSet(StringComparer.Ordinal);
        MinPercent = minPercent;
        MaxPercent = maxPercent;
    }

    /// <summary>What the set is, as the user wrote it (e.g. <c>variety=Chardonnay</c>).</summary>
    public string Label { get; }

    /// <summary>The wines whose total share of the final blend is bounded.</summary>
    public ImmutableHashSet<string> Wines { get; }

    /// <summary>The least total share, in percent (0–100), or <see langword="null"/> for none.</summary>
    public decimal? MinPercent { get; }

    /// <summary>The most total share, in percent (0–100), or <see langword="null"/> for none.</summary>
    public decimal? MaxPercent { get; }

    /// <summary>The least total share as an exact fraction of the blend (0–1), or <see langword="null"/>.</summary>
    public Fraction? MinShare => MinPercent is { } min ? Fraction.FromDecimal(min) / 100 : null;

    /// <summary>The most total share as an exact fraction of the blend (0–1), or <see langword="null"/>.</summary>
    public Fraction? MaxShare => MaxPercent is { } max ? Fraction.FromDecimal(max) / 100 : null;

    /// <summary>The exact total share of <see cref="Wines"/> in <paramref name="blend"/> (0–1).</summary>
    public Fraction ShareIn(Composition blend)
    {
        ArgumentNullException.ThrowIfNull(blend);
        var total = Fraction.Zero;
        foreach (var (wine, share) in blend.Shares)
        {
            if (Wines.Contains(wine))
            {
                total += share;
            }
        }

        return total;
    }

    /// <summary>Whether <paramref name="share"/> (an exact fraction of the blend) lies within the bounds, both included.</summary>
    public bool Admits(Fraction share) =>
        (MinShare is not { } min || share >= min) && (MaxShare is not { } max || share <= max);

    /// <summary>Whether <paramref name="blend"/> meets the requirement, exactly.</summary>
    public bool IsMetBy(Composition blend) => Admits(ShareIn(blend));

    /// <summary>The bounds in words, e.g. <c>&gt;= 35 %</c>, <c>&lt;= 10 %</c>, <c>25–40 %</c>.</summary>
    public string BoundText => (MinPercent, MaxPercent) switch
    {
        ({ } min, { } max) => Invariant($"{min:0.####}–{max:0.####} %"),
        ({ } min, null) => Invariant($">= {min:0.####} %"),
        (null, { } max) => Invariant($"<= {max:0.####} %"),
        _ => string.Empty,
    };

    /// <summary>The label and the bounds, e.g. <c>variety=Chardonnay &gt;= 35 %</c>.</summary>
    public override string ToString() => Label + " " + BoundText;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
