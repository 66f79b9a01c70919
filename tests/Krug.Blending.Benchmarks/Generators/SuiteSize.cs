namespace Krug.Blending.Benchmarks.Generators;

/// <summary>
/// A size of the generator suite. <see cref="Wines"/> and <see cref="EmptyTanks"/> hold for every
/// generator; <see cref="FullTanks"/> is the nominal count, which generators that derive their tanks
/// from stock (<see cref="KrugLikeGenerator"/>, <see cref="SpreadGenerator"/>) do not follow.
/// </summary>
/// <param name="Name">Name in case names and filters, e.g. <c>150in330</c>.</param>
/// <param name="Wines">Distinct wines, every one of them in the formula.</param>
/// <param name="FullTanks">Nominal full tanks (at least <paramref name="Wines"/>).</param>
/// <param name="EmptyTanks">Empty tanks.</param>
internal sealed record SuiteSize(string Name, int Wines, int FullTanks, int EmptyTanks)
{
    /// <summary>
    /// The suite's sizes: a small cellar with plenty of empty tanks, Krug's 330-tank winery with
    /// fewer empty tanks than wines (as the house case), and the specification's largest cellar.
    /// </summary>
    public static readonly IReadOnlyList<SuiteSize> All =
    [
        new("20x50", Wines: 20, FullTanks: 20, EmptyTanks: 50),
        new("150in330", Wines: 150, FullTanks: 200, EmptyTanks: 130),
        new("400x300", Wines: 400, FullTanks: 400, EmptyTanks: 300),
    ];
}
