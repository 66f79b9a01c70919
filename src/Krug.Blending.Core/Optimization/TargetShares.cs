using System.Collections.Immutable;
using System.Numerics;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Optimization;

/// <summary>
/// Target shares as integers out of <see cref="Scale"/> (parts per million by default), summing to
/// exactly <see cref="Scale"/>, for integer solvers. Rounded by largest remainder, so each differs
/// from the exact share by less than one part.
/// </summary>
internal sealed class TargetShares
{
    private TargetShares(long scale, ImmutableSortedDictionary<string, long> parts)
    {
        Scale = scale;
        Parts = parts;
    }

    /// <summary>Parts per whole the integer models use: accuracy is resolved to 0.0001 percentage point.</summary>
    public const long PartsPerMillion = 1_000_000;

    /// <summary>Parts in the whole, e.g. 1 000 000.</summary>
    public long Scale { get; }

    /// <summary>Parts of each formula wine (wines not listed have 0).</summary>
    public ImmutableSortedDictionary<string, long> Parts { get; }

    public long PartsOf(string wine) => Parts.TryGetValue(wine, out var parts) ? parts : 0;

    public static TargetShares From(Formula formula, long scale)
    {
        var floors = new List<(string Wine, long Floor, Fraction Remainder)>();
        foreach (var (wine, share) in formula.Shares)
        {
            var exact = share * scale;
            var floor = (long)BigInteger.Divide(exact.Numerator, exact.Denominator);
            floors.Add((wine, floor, exact - floor));
        }

        var missing = scale - floors.Sum(f => f.Floor);
        var roundedUp = floors
            .OrderByDescending(f => f.Remainder)
            .ThenBy(f => f.Wine, StringComparer.Ordinal)
            .Take((int)missing)
            .Select(f => f.Wine)
            .ToHashSet(StringComparer.Ordinal);

        var parts = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var (wine, floor, _) in floors)
        {
            parts[wine] = floor + (roundedUp.Contains(wine) ? 1 : 0);
        }

        return new TargetShares(scale, parts.ToImmutable());
    }
}
