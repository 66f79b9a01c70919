using Krug.Blending.Arithmetic;

namespace Krug.Blending.Verification;

/// <summary>
/// What the order on plans looks at, taken from a replay (or, inside a search, from what the search
/// knows of a plan it has not built yet). Volumes are in the cellar's volume units.
/// </summary>
/// <param name="MaxDeviation">Largest absolute deviation of any wine from the formula, as an exact share (L∞).</param>
/// <param name="Wasted">Wine lost to partial draws.</param>
/// <param name="LeftoverBlends">Capacity of the tanks left holding a mixture that is not the final blend.</param>
/// <param name="Volume">Volume of the final blend.</param>
/// <param name="Transfers">Number of transfers, the final one included.</param>
/// <param name="Steps">Number of steps.</param>
public sealed record PlanScore(Fraction MaxDeviation, long Wasted, long LeftoverBlends, long Volume, int Transfers, int Steps);
