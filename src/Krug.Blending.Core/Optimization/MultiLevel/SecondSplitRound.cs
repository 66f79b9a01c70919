using Krug.Blending.Domain;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>
/// Plans with a second round of splits: step 1 splits tanks into empty tanks, step 2 splits more
/// tanks into tanks that step 1 emptied (and empty ones), step 3 assembles the blend. On cellars
/// with fewer empty tanks than wines the pieces a split keeps back (pure wine, left in the cellar)
/// take empty tanks that the pieces the blend needs would want; a second round puts them into the
/// tanks the first round emptied instead.
/// </summary>
/// <remarks>
/// The plans come from the pattern model (<see cref="PatternStart"/>) with one more capacity class
/// per size of the formula wines' tanks, counted against the first-round splits of that size; the
/// volume stays every empty tank's capacity less the idle ones', so "every wine within a deviation"
/// stays linear. The second-round split tanks and the emptied tanks no second-round piece went into
/// receive the blend, so no mixture is left behind and the kept pieces are pure wine.
/// </remarks>
internal static class SecondSplitRound
{
    /// <summary>
    /// Work the second round gets on top of the work limit, as a share of it (6 units at the default
    /// limit). It starts from the split-then-assemble plan as a first solution and improves on it for as
    /// long as it has: on the generator suite's 150-wine cellars 20 % gave a geometric mean of 0.3040 pp
    /// (seeds 1–2) where 10 % gave 0.3212 pp, for a few seconds more. Once its plan wins, it also gets
    /// what the split-then-assemble stages had left (see <see cref="MultiLevelStrategy"/>).
    /// </summary>
    public const double Share = 0.2;

    /// <summary>
    /// Whether the request allows such plans at all: three steps, no waste, no share requirement
    /// (the pattern model's options are cut to a window around each wine's formula volume, see
    /// <see cref="PatternStart.Applies"/>), and tanks of pure wines only.
    /// </summary>
    public static bool Applies(PlanningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return request.MaxSteps >= 3
            && request.MaxTransfers is null or >= 3
            && !request.AllowWaste
            && request.Requirements.IsDefaultOrEmpty
            && context.Usable.Full.Length > 0
            && context.Usable.Empty.Length > 0
            && context.Usable.Full.All(t => t.Contents is { IsPure: true });
    }

    /// <summary>
    /// The most accurate plan with a second round of splits found within <paramref name="budget"/>,
    /// or <see langword="null"/> when the pattern model finds none or its best uses no second round
    /// (it is then a split-then-assemble plan, which that search covers).
    /// </summary>
    /// <param name="context">The run: request, targets, progress.</param>
    /// <param name="budget">The work and time this search may spend.</param>
    /// <param name="start">The best split-then-assemble plan so far: the search begins from it.</param>
    /// <param name="more">Shown a plan with a second round found within <paramref name="budget"/>; the
    /// search goes on from it with the budget this gives, if any.</param>
    public static Plan? Find(PlanningContext context, Budget budget, Plan? start, Func<Plan, Budget?>? more = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(budget);
        var (sources, empties) = SplitAssembleStrategy.Tanks(context);
        if (sources.Count == 0 || empties.Count == 0 || !SplitAssembleModel.CanRepresent(sources))
        {
            return null;
        }

        var model = SplitAssembleModel.Build(sources, empties, context.Targets, AssemblyLimits.Of(context.Request));
        if (!PatternStart.Applies(model))
        {
            return null;
        }

        var pattern = PatternStart.Find(model, context, budget, secondRound: true, start, more);
        return pattern is { SecondRound: true } ? pattern.Plan : null;
    }
}
