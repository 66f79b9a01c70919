using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Domain;

/// <summary>
/// What limits the volume of a blend of the formula from the usable tanks of a request, in the
/// cellar's integer volume units.
/// </summary>
/// <param name="FormulaLimited">
/// The largest volume the formula can be met at exactly from the stock: the least, over formula
/// wines in stock, of stock ÷ share (exact; a wine's stock includes its share of every lot holding it). Beyond it the <paramref name="LimitingWine"/> runs
/// short and the blend must deviate.
/// </param>
/// <param name="LimitingWine">The formula wine that runs out first (ties broken by name), or <see langword="null"/> when no formula wine is in stock.</param>
/// <param name="EmptyRoom">Total capacity of the usable empty tanks.</param>
/// <param name="UsableWine">Total volume of wine in the usable full tanks.</param>
/// <param name="MissingWines">Formula wines no usable tank holds: every blend misses them.</param>
public sealed record VolumeLimits(Fraction FormulaLimited, string? LimitingWine, long EmptyRoom, long UsableWine, ImmutableArray<string> MissingWines)
{
    /// <summary>Computes the limits of <paramref name="request"/> (its volume band plays no part).</summary>
    public static VolumeLimits Of(BlendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A lot counts towards each of its wines by its share: exact, so a fraction of a unit at times.
        var stock = new Dictionary<string, Fraction>(StringComparer.Ordinal);
        long room = 0;
        long wine = 0;
        foreach (var tank in request.UsableTanks)
        {
            if (tank.Contents is not { } contents)
            {
                room = checked(room + tank.Capacity);
                continue;
            }

            wine = checked(wine + tank.Capacity);
            foreach (var (name, share) in contents.Shares)
            {
                stock[name] = stock.GetValueOrDefault(name, Fraction.Zero) + share * tank.Capacity;
            }
        }

        Fraction? least = null;
        string? limiting = null;
        var missing = ImmutableArray.CreateBuilder<string>();
        foreach (var (name, share) in request.Formula.Shares)
        {
            if (!stock.TryGetValue(name, out var volume))
            {
                missing.Add(name);
                continue;
            }

            var limit = volume / share;
            if (least is null || limit < least.Value)
            {
                (least, limiting) = (limit, name);
            }
        }

        return new VolumeLimits(least ?? Fraction.Zero, limiting, room, wine, missing.ToImmutable());
    }

    /// <summary>The formula-limited volume rounded down to whole volume units.</summary>
    public long FormulaLimitedFloor => (long)BigInteger.Divide(FormulaLimited.Numerator, FormulaLimited.Denominator);

    /// <summary>
    /// The volume a cellar master would make when they name none: the largest the formula allows
    /// from the stock, or the capacity of the empty tanks when that is smaller (the blend has to go
    /// somewhere); at least 1.
    /// </summary>
    public long DefaultTarget => Math.Max(1, Math.Min(FormulaLimitedFloor, EmptyRoom > 0 ? EmptyRoom : FormulaLimitedFloor));

    /// <summary>Whether the empty tanks, not the stock, set <see cref="DefaultTarget"/>.</summary>
    public bool RoomLimits => EmptyRoom > 0 && EmptyRoom < FormulaLimitedFloor;

    /// <summary>
    /// The band planned for when the user names no volume: <see cref="VolumeBand.Around"/> the
    /// <see cref="DefaultTarget"/>, as <c>--volume</c> would give it. Not less: a blend much smaller
    /// than the cellar can make is not what was asked; not more: beyond the formula-limited volume
    /// some wine must fall short, a trade the cellar master makes by asking for a volume.
    /// </summary>
    public VolumeBand DefaultBand() => VolumeBand.Around(DefaultTarget);

    /// <summary>One line for the user: what limits the volume, in <paramref name="unit"/>.</summary>
    public string Describe(VolumeUnit unit, Formula formula)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(formula);
        string Volume(long volume) => string.Create(CultureInfo.InvariantCulture, $"{unit.Format(volume)} {unit.Label}");
        if (LimitingWine is null)
        {
            return "No formula wine is in a usable tank: no blend can come near the formula.";
        }

        var share = (formula.ShareOf(LimitingWine) * 100).ToDouble().ToString("0.###", CultureInfo.InvariantCulture);
        var stockOfLimiting = FormulaLimited * formula.ShareOf(LimitingWine);
        var text = $"The formula can be met up to {Volume(FormulaLimitedFloor)}: {LimitingWine} ({share} % of it) runs out first with {unit.Format(stockOfLimiting)} {unit.Label} in stock; " +
                   $"the empty tanks hold {Volume(EmptyRoom)}.";
        if (!MissingWines.IsEmpty)
        {
            text += $" Not in any usable tank: {string.Join(", ", MissingWines)}.";
        }

        return text;
    }
}
