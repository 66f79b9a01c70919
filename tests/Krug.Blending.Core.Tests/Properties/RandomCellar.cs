using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsCheck;
using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Properties;

/// <summary>
/// A random cellar and formula for property tests: 1–12 wines in one or two full tanks each, 1–16
/// empty tanks (at most 40 tanks in all), capacities in steps of 50 hL, and a formula over a
/// non-empty subset of the wines. The first empty tank has the capacity of some full tank, so a
/// plan always exists (pour that tank into it).
/// </summary>
public sealed record RandomCellar(ImmutableArray<Tank> Tanks, ImmutableArray<FormulaLine> Lines)
{
    public Cellar Cellar => new(Tanks, VolumeUnit.Hectolitres);

    public Formula Formula => new(Lines);

    public static Gen<RandomCellar> Gen { get; } =
        from wineCount in CsCheck.Gen.Int[1, 12]
        from fullSizes in CsCheck.Gen.Int[1, 20].Array[1, 2].Array[wineCount]
        from empties in CsCheck.Gen.Select(CsCheck.Gen.Int[0, 2], CsCheck.Gen.Int[0, 1000], CsCheck.Gen.Int[0, 1000], CsCheck.Gen.Int[1, 40]).Array[1, 16]
        from inFormula in CsCheck.Gen.Bool.Array[wineCount]
        from tenthsOfPercent in CsCheck.Gen.Int[1, 1000].Array[wineCount]
        select Build(fullSizes, empties, inFormula, tenthsOfPercent);

    /// <summary>
    /// A random cellar as <see cref="Gen"/> makes, plus one to three tanks of lots: each lot holds two
    /// or three of the cellar's wines (one when the cellar has one wine) in random whole percentages.
    /// Lots are named L01, L02, … so that they never share a name with a wine.
    /// </summary>
    public static Gen<RandomCellar> WithLots { get; } =
        from random in Gen
        from lots in CsCheck.Gen.Select(CsCheck.Gen.Int[1, 20], CsCheck.Gen.Int[1, 9].Array[2, 3], CsCheck.Gen.Int[0, 1000]).Array[1, 3]
        select random.AddLots(lots);

    /// <summary>The wines of the cellar (those in lots included), in the order they were generated.</summary>
    public IEnumerable<string> Wines => Tanks.Where(t => t.IsFull).SelectMany(t => t.Contents!.Shares.Keys).Distinct(StringComparer.Ordinal);

    private RandomCellar AddLots((int Size, int[] Weights, int FirstWine)[] lots)
    {
        const long Step = 50;
        var wines = Wines.ToList();
        var tanks = Tanks.ToList();
        for (var l = 0; l < lots.Length; l++)
        {
            var (size, weights, first) = lots[l];
            var count = Math.Min(weights.Length, wines.Count);
            var lot = new Lot(
                string.Create(CultureInfo.InvariantCulture, $"L{l + 1:00}"),
                Enumerable.Range(0, count).Select(i => new LotLine(wines[(first + i) % wines.Count], weights[i])));
            tanks.Add(Tank.OfLot(TankId(tanks.Count), size * Step, lot));
        }

        return this with { Tanks = [.. tanks] };
    }

    private static RandomCellar Build(int[][] fullSizes, (int Kind, int First, int Second, int Size)[] empties, bool[] inFormula, int[] tenthsOfPercent)
    {
        const long Step = 50;
        var tanks = new List<Tank>();
        for (var w = 0; w < fullSizes.Length; w++)
        {
            foreach (var size in fullSizes[w])
            {
                tanks.Add(new Tank(TankId(tanks.Count), size * Step, WineName(w)));
            }
        }

        var full = tanks.ToList();
        for (var e = 0; e < empties.Length; e++)
        {
            var (kind, first, second, size) = empties[e];
            // Kinds: a copy of a full tank (a one-transfer plan), the sum of two (an assembly), or any size.
            var capacity = (e == 0 ? 0 : kind) switch
            {
                0 => full[first % full.Count].Capacity,
                1 => full[first % full.Count].Capacity + full[second % full.Count].Capacity,
                _ => size * Step,
            };
            tanks.Add(new Tank(TankId(tanks.Count), capacity, null));
        }

        var lines = Enumerable.Range(0, fullSizes.Length)
            .Where(w => w == 0 || inFormula[w])
            .Select(w => new FormulaLine(WineName(w), tenthsOfPercent[w] / 10m))
            .ToImmutableArray();
        return new RandomCellar([.. tanks], lines);
    }

    private static string TankId(int index) => string.Create(CultureInfo.InvariantCulture, $"T{index + 1:00}");

    private static string WineName(int index) => string.Create(CultureInfo.InvariantCulture, $"W{index + 1:00}");

    /// <summary>The cellar as the two CSV files a user would write, for failure messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("tank,capacity,wine,lot\n");
        foreach (var tank in Tanks)
        {
            text.Append(CultureInfo.InvariantCulture, $"{tank.Id},{tank.Capacity},{(tank.Lot is null ? tank.Content : null)},{tank.Lot?.Name}\n");
        }

        var lots = Tanks.Select(t => t.Lot).OfType<Lot>().DistinctBy(l => l.Name).ToList();
        if (lots.Count > 0)
        {
            text.Append("lot,wine,percent\n");
            foreach (var (lot, line) in lots.SelectMany(l => l.Lines.Select(line => (l, line))))
            {
                text.Append(CultureInfo.InvariantCulture, $"{lot.Name},{line.Wine},{line.Percent}\n");
            }
        }

        text.Append("wine,percent\n");
        foreach (var line in Lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"{line.Wine},{line.Percent}\n");
        }

        return text.ToString();
    }
}
