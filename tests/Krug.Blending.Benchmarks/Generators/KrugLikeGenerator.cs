using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks.Generators;

/// <summary>
/// A Grande Cuvée-like cellar, drawn formula first: a few wines over 5 % (3 at 20 wines, 4 at 150,
/// 5 at 400, together 94 %, 55 % and 40 %) and many small ones, most under 0.5 %, named by grape,
/// village and one of 20 vintages (2004–2023, e.g. <c>Chardonnay Avize 2012</c>). The stock then
/// follows the formula, as in a house that keeps reserves for it: the stock is drawn for a blend of
/// 80–130 % of the empty room, each wine holding its share of that blend divided by the part a
/// cellar master uses (80–100 % for the large wines, 50–100 % for the others), in whole tanks of
/// 25 … 500 hL (large wines in several 200–500 hL tanks). Unlike the other generators, shares span
/// three orders of magnitude and the formula-limited volume is about the empty room, so the empty
/// tanks are scarce at every size; full tanks: about 48 at 20x50, 200 at 150in330, 480 at 400x300.
/// </summary>
internal sealed class KrugLikeGenerator : ICaseGenerator
{
    private static readonly (string Grape, string Village)[] Plots =
    [
        ("Chardonnay", "Avize"), ("Chardonnay", "Le Mesnil"), ("Chardonnay", "Oger"), ("Chardonnay", "Cramant"),
        ("Chardonnay", "Chouilly"), ("Chardonnay", "Vertus"), ("Chardonnay", "Villers-Marmery"), ("Chardonnay", "Trépail"),
        ("Chardonnay", "Cuis"), ("Chardonnay", "Montgueux"),
        ("Pinot Noir", "Aÿ"), ("Pinot Noir", "Bouzy"), ("Pinot Noir", "Ambonnay"), ("Pinot Noir", "Verzenay"),
        ("Pinot Noir", "Mailly"), ("Pinot Noir", "Mareuil"), ("Pinot Noir", "Verzy"), ("Pinot Noir", "Les Riceys"),
        ("Meunier", "Leuvrigny"), ("Meunier", "Sainte-Gemme"), ("Meunier", "Festigny"), ("Meunier", "Villevenard"),
        ("Meunier", "Mardeuil"), ("Meunier", "Damery"),
    ];

    private static readonly int[] Vintages = [.. Enumerable.Range(2004, 20)];

    private static readonly long[] LargeSizes = [.. CellarGenerator.Sizes.Where(s => s >= 200)];

    public string Name => "krug-like";

    public (Cellar Cellar, Formula Formula) Generate(SuiteSize size, int seed)
    {
        if (size.Wines > Plots.Length * Vintages.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size.Wines, "More wines than grape, village and vintage combinations.");
        }

        var random = new Random(seed);
        var names = WineNames(size.Wines, random);
        var tanks = new List<(long Capacity, string? Wine)>();
        for (var i = 0; i < size.EmptyTanks; i++)
        {
            tanks.Add((GeneratedCellar.AnySize(random), null));
        }

        var emptyRoom = tanks.Sum(t => t.Capacity);
        var large = LargeWines(size.Wines);
        var shares = Shares(size.Wines, large, random);
        var blend = emptyRoom * (0.8 + 0.5 * random.NextDouble());
        for (var w = 0; w < size.Wines; w++)
        {
            var used = w < large ? 0.8 + 0.2 * random.NextDouble() : 0.5 + 0.5 * random.NextDouble();
            var remaining = shares[w] * blend / used;
            do
            {
                var capacity = remaining > CellarGenerator.Sizes[^1]
                    ? LargeSizes[random.Next(LargeSizes.Length)]
                    : CellarGenerator.Sizes.First(s => s >= remaining);
                tanks.Add((capacity, names[w]));
                remaining -= capacity;
            }
            while (remaining > 0);
        }

        return (GeneratedCellar.Build(tanks, random), GeneratedCellar.Normalise([.. names.Select((n, w) => (n, shares[w]))]));
    }

    // 0.3 % on average keeps most small shares under 0.5 % as in a Grande Cuvée; the 60 % cap leaves room for large wines at 400 wines.
    private static double SmallTotal(int wines) => Math.Min(0.60, wines * 0.003);

    // Few enough large wines that each stays well over 5 % (about 8 % before jitter) whatever the small ones take.
    private static int LargeWines(int wines) => Math.Max(1, Math.Min((int)((1 - SmallTotal(wines)) / 0.08), 3 + wines / 100));

    /// <summary>
    /// Shares summing to 1: the first <paramref name="large"/> wines share what the small ones leave
    /// (weights 0.75–1.25); the small ones have a cubic weight (0.02 + u³), so that their median is
    /// about half their mean and the largest some 50 times the smallest. Only multiplications: the
    /// draw is the same on every machine.
    /// </summary>
    private static double[] Shares(int wines, int large, Random random)
    {
        var smallTotal = SmallTotal(wines);
        var weights = new double[wines];
        for (var w = 0; w < wines; w++)
        {
            var u = random.NextDouble();
            weights[w] = w < large ? 0.75 + 0.5 * u : 0.02 + u * u * u;
        }

        var largeWeight = weights.Take(large).Sum();
        var smallWeight = weights.Skip(large).Sum();
        return [.. weights.Select((x, w) => w < large ? x * (1 - smallTotal) / largeWeight : x * smallTotal / smallWeight)];
    }

    /// <summary>
    /// Distinct names, spread over the vintages first (wine i takes vintage i mod 20 of a shuffled
    /// list), so that even 20 wines come from 20 vintages, and a shuffled plot within the vintage.
    /// </summary>
    private static string[] WineNames(int wines, Random random)
    {
        var vintages = Vintages.ToArray();
        random.Shuffle(vintages);
        var plots = vintages.Select(_ =>
        {
            var order = Plots.ToArray();
            random.Shuffle(order);
            return order;
        }).ToArray();
        return [.. Enumerable.Range(0, wines).Select(i =>
        {
            var (grape, village) = plots[i % vintages.Length][i / vintages.Length];
            return $"{grape} {village} {vintages[i % vintages.Length]}";
        })];
    }
}
