using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks.Generators;

/// <summary>
/// Today's benchmark cellars (<see cref="CellarGenerator"/>), kept so that results stay comparable:
/// one tank per wine plus extra tanks repeating random wines, and a formula drawn from the stock
/// (most wines at 60–100 % of it, one in five at 10–40 %). The formula follows the stock, so the
/// formula-limited volume is most of the wine and every wine can give about its share.
/// </summary>
internal sealed class AroundStockGenerator : ICaseGenerator
{
    public string Name => "around-stock";

    public (Cellar Cellar, Formula Formula) Generate(SuiteSize size, int seed)
    {
        var drawn = CellarGenerator.Generate(Name, size.Wines, size.FullTanks, size.EmptyTanks, seed);
        return (drawn.Cellar, drawn.Formula);
    }
}
