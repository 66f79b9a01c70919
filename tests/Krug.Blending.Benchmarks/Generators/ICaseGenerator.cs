using Krug.Blending.Domain;

namespace Krug.Blending.Benchmarks.Generators;

/// <summary>
/// Draws a cellar and its formula from a size and a seed. Implementations use only
/// <c>new Random(seed)</c> and ordered collections, so a case name always gives the same cellar.
/// </summary>
internal interface ICaseGenerator
{
    /// <summary>Name in case names and filters, e.g. <c>krug-like</c>.</summary>
    string Name { get; }

    /// <summary>The cellar and formula of <paramref name="size"/> for <paramref name="seed"/>.</summary>
    (Cellar Cellar, Formula Formula) Generate(SuiteSize size, int seed);
}
