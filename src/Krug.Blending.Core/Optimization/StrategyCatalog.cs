using Krug.Blending.Optimization.Exhaustive;
using Krug.Blending.Optimization.MultiLevel;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Optimization;

/// <summary>The names users and reports give the strategies.</summary>
public static class PlanningStrategies
{
    /// <summary>The name the docs, the command line and reports use, e.g. <c>split-assemble</c>.</summary>
    public static string Name(this PlanningStrategy strategy) => strategy switch
    {
        PlanningStrategy.Auto => "auto",
        PlanningStrategy.SplitAssemble => "split-assemble",
        PlanningStrategy.Exhaustive => "exhaustive",
        PlanningStrategy.MultiLevel => "multi-level",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    /// <summary>Every strategy, in the order the docs list them.</summary>
    public static IReadOnlyList<PlanningStrategy> All { get; } =
        [PlanningStrategy.Auto, PlanningStrategy.Exhaustive, PlanningStrategy.SplitAssemble, PlanningStrategy.MultiLevel];

    /// <summary>The strategy named <paramref name="name"/> (see <see cref="Name"/>), if any.</summary>
    public static bool TryParse(string? name, out PlanningStrategy strategy)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                strategy = candidate;
                return true;
            }
        }

        strategy = PlanningStrategy.Auto;
        return false;
    }
}

/// <summary>The one place that knows which class runs which strategy: adding a strategy is adding it here and to <see cref="PlanningStrategy"/>.</summary>
internal static class StrategyCatalog
{
    private static readonly IPlanningStrategy[] Strategies =
    [
        new AutoStrategy(),
        new ExhaustiveStrategy(),
        new SplitAssembleStrategy(),
        new MultiLevelStrategy(),
    ];

    public static IPlanningStrategy For(PlanningStrategy kind) =>
        Array.Find(Strategies, s => s.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown planning strategy.");
}

/// <summary>
/// The default: the exhaustive search where the cellar is small enough and nothing may be wasted,
/// the multi-level search otherwise, and the multi-level search on what the exhaustive search left
/// when it could not finish.
/// </summary>
internal sealed class AutoStrategy : IPlanningStrategy
{
    /// <summary>Share of the work the exhaustive search may take before the multi-level search gets the rest.</summary>
    private const double ExhaustiveShare = 0.5;

    public PlanningStrategy Kind => PlanningStrategy.Auto;

    public StrategyOutcome Search(PlanningContext context)
    {
        var multiLevel = StrategyCatalog.For(PlanningStrategy.MultiLevel);
        if (context.Request.AllowWaste || !ExhaustiveStrategy.IsSmallEnough(context.Usable))
        {
            return multiLevel.Search(context);
        }

        var exhaustive = StrategyCatalog.For(PlanningStrategy.Exhaustive).Search(context.With(context.Part(context.Budget, ExhaustiveShare)));
        if (exhaustive.Status is PlanStatus.Optimal or PlanStatus.NoPlan || context.IsCancelled || context.Budget.IsSpent)
        {
            return exhaustive;
        }

        context.Progress.Message("The exhaustive search did not finish; trying the multi-level search with the rest of the budget.");
        var fallback = multiLevel.Search(context.With(context.Budget.Slice(1)));
        return context.IsBetter(fallback.Plan, exhaustive.Plan) ? fallback : exhaustive;
    }
}
