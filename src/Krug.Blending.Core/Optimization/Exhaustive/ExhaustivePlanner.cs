using System.Globalization;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>
/// The exact planner for small cellars: a breadth-first search, one level per step, over cellar
/// states with exact rational contents, where tanks of equal capacity and equal content are
/// interchangeable. It considers every plan of at most <see cref="PlanningOptions.MaxSteps"/> steps
/// in which each transfer empties whole full tanks into empty tanks of exactly the same total
/// capacity (any number of each), and returns the best under <see cref="PlanRanking"/>; it is also
/// the test oracle for the other strategies.
/// </summary>
/// <remarks>
/// <para>
/// Limits. Waste is not searched: partial draws are never used, even when
/// <see cref="PlanningOptions.AllowWaste"/> is set (the message says so), so a complete search is
/// optimal among waste-free plans. The number of transfers needs no separate bound: a step holds at
/// most half as many transfers as there are tanks. The search stops, with <c>Complete = false</c> and
/// the best plan so far, at a deterministic work limit of <see cref="WorkUnitsPerSecond"/> ×
/// <see cref="PlanningOptions.TimeLimitSeconds"/> units, at <see cref="MaxStates"/> stored states, on
/// cancellation, or (only with <see cref="PlanningOptions.WallClockLimit"/>) at the wall-clock limit.
/// Without a wall-clock limit, neither the order of the search nor its result depends on time.
/// </para>
/// <para>
/// How. Level k of the search holds the cellar states reached in k steps with fewer transfers than
/// any earlier arrival; a state is the content of every usable tank, with tanks of equal capacity
/// sorted by content so that equal tanks are interchangeable, and contents are exact blends
/// interned once. From each state every transfer is scored as the final one, and every set of
/// transfers on disjoint tanks (equal tanks taken by count) is applied as the next step. A state
/// is not expanded when no blend it can lead to beats the best plan: each wine's share in any such
/// blend lies between its least and greatest share among the state's full tanks. The plan is
/// rebuilt from the path, stripped of transfers the final blend does not depend on, and layered
/// into steps. With a large <see cref="PlanningOptions.MaxSteps"/> the search ends when no state
/// improves, so a complete result is then optimal for any number of steps.
/// </para>
/// <para>
/// Tanks excluded by <see cref="PlanningOptions.ExcludedTanks"/> and tanks holding a wine of
/// <see cref="PlanningOptions.KeptWines"/> are left out of the search entirely.
/// <see cref="PlanningOptions.MinVolume"/> and <see cref="PlanningOptions.MaxVolume"/> bound the
/// final blend's volume, and <see cref="PlanningOptions.MaxTransfers"/> the transfers of the plan
/// (final one included); <c>Complete</c> then means optimal within those bounds too.
/// </para>
/// </remarks>
public static class ExhaustivePlanner
{
    /// <summary>
    /// Work units (cellar states generated, transfers scored, source and target sets enumerated)
    /// the search gets per second of <see cref="PlanningOptions.TimeLimitSeconds"/>. Measured on
    /// the 2-core reference machine (Release): 4–8 million units per second on random 9–10 tank
    /// cellars, slower as the state table grows; with 3 million, searches cut by the limit took at
    /// most 0.65, 0.65 and 0.62 of the 2, 5 and 10 seconds asked for.
    /// </summary>
    public const long WorkUnitsPerSecond = 3_000_000;

    /// <summary>
    /// Most cellar states the search stores; it stops incomplete beyond. Measured peak memory on
    /// 10-tank cellars that reach the cap: about 1.8 GB, interned contents included.
    /// </summary>
    public const int MaxStates = 4_000_000;

    /// <summary>
    /// Most usable tanks <see cref="Search"/> accepts at all: a state lists every subset of its
    /// full tanks and of its empty tanks (up to 2^20 each here), and beyond this even that table
    /// outgrows memory; it reports so instead of searching.
    /// </summary>
    public const int MaxTanks = 20;

    /// <summary>
    /// Most usable tanks for which <see cref="IsSmallEnough"/> holds. Measured (Release, 2 cores,
    /// 6 steps, random capacities 2–12, 30–100 cellars per mix): 8 tanks (3 wines, 5 empties) at
    /// most 0.1 s; 9 tanks at most 2.2 s whatever the split between full and empty tanks; 10 tanks
    /// up to 11 s, and with 5 full tanks of 10 some searches fill the state table.
    /// </summary>
    public const int SmallCellarTanks = 9;

    /// <summary>
    /// Whether the cellar, once tanks excluded by <paramref name="options"/> and tanks of kept
    /// wines are left out, is small enough for <see cref="Search"/> to complete within a few
    /// seconds (at most <see cref="SmallCellarTanks"/> usable tanks). <see cref="PlanningStrategy.Auto"/> uses it.
    /// </summary>
    public static bool IsSmallEnough(Cellar cellar, PlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(options);
        return UsableTanks(cellar, options).Count <= SmallCellarTanks;
    }

    /// <summary>
    /// Searches every waste-free plan of at most <see cref="PlanningOptions.MaxSteps"/> steps and
    /// returns the best under <see cref="PlanRanking"/>: the same input and options always give the
    /// same plan unless <see cref="PlanningOptions.WallClockLimit"/> is set. Cancellation is not an
    /// error: the best plan so far comes back with <c>Complete = false</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PlanningOptions.MaxSteps"/> is less than 1.</exception>
    public static ExhaustiveResult Search(
        Cellar cellar,
        Formula formula,
        PlanningOptions options,
        IPlanningObserver? observer,
        CancellationToken cancellationToken) =>
        Run(cellar, formula, options, observer, cancellationToken).Result;

    /// <summary>The search and what it believed of its plan (for tests that check belief against replay).</summary>
    internal static (ExhaustiveResult Result, SearchBelief? Belief) Run(
        Cellar cellar,
        Formula formula,
        PlanningOptions options,
        IPlanningObserver? observer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSteps, 1, nameof(options));

        var wasteNote = options.AllowWaste ? " Waste is not searched: every source is drawn whole." : string.Empty;
        var tanks = UsableTanks(cellar, options);
        if (tanks.Count > MaxTanks)
        {
            return (new ExhaustiveResult(null, false, 0, Invariant(
                $"The cellar has {tanks.Count} usable tanks; the exhaustive planner searches at most {MaxTanks}.")), null);
        }

        var wines = tanks.Where(t => t.IsFull).Select(t => t.Wine!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var table = new BlendTable(wines, formula, options.TolerancePp);
        var search = new CellarSearch(tanks, table, options, WorkLimit(options.TimeLimitSeconds), MaxStates, observer, cancellationToken);
        search.Run();

        var sequence = search.BestSequence();
        var plan = sequence is null ? null : PlanAssembly.Build(tanks, sequence);
        var belief = search.Belief;
        if (plan is not null)
        {
            CheckAgainstReplay(cellar, formula, options, plan, belief!);
        }

        var complete = search.Stop == SearchStop.None;
        var message = complete
            ? plan is null
                ? Invariant($"No plan of at most {options.MaxSteps} steps makes a blend{VolumeWords(options)}: searched {search.StatesExplored} cellar states.")
                : Invariant($"Exhaustive search complete: {search.StatesExplored} cellar states, every waste-free plan of at most {options.MaxSteps} steps considered; the plan is the best of them.")
            : Invariant($"Exhaustive search stopped ({StopWords(search.Stop)}) after {search.StatesExplored} cellar states, with {search.LevelsSearched} of {options.MaxSteps} step levels complete; ") +
              (plan is null ? "no plan found so far." : "the plan is the best found so far, not proven best.");
        observer?.OnMessage(message + wasteNote);
        return (new ExhaustiveResult(plan, complete, search.StatesExplored, message + wasteNote), belief);
    }

    private static List<Tank> UsableTanks(Cellar cellar, PlanningOptions options) =>
        [.. cellar.Tanks.Where(t =>
            !options.ExcludedTanks.Contains(t.Id) && (t.Wine is null || !options.KeptWines.Contains(t.Wine)))];

    private static long WorkLimit(double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0)
        {
            return 1;
        }

        var units = seconds * WorkUnitsPerSecond;
        return units >= long.MaxValue ? long.MaxValue : Math.Max(1, (long)units);
    }

    /// <summary>
    /// Replays the plan: it must be valid, and its blend must be the one the search scored. A
    /// mismatch is a bug in the search, never a user error.
    /// </summary>
    private static void CheckAgainstReplay(Cellar cellar, Formula formula, PlanningOptions options, Plan plan, SearchBelief belief)
    {
        var report = PlanVerifier.Verify(cellar, formula, plan, options.ToVerificationOptions());
        if (!report.IsValid)
        {
            throw new PlanVerificationException(BlendPlanner.StrategyName(PlanningStrategy.Exhaustive), report);
        }

        var blend = report.Blend!;
        if (blend.MaxDeviation != belief.MaxDeviation || blend.Volume != belief.Volume
            || blend.Transfers > belief.Transfers || blend.Steps > belief.Steps)
        {
            throw new InvalidOperationException(Invariant(
                $"The exhaustive search scored its plan at L∞ {belief.MaxDeviation}, volume {belief.Volume}, but the replay gives L∞ {blend.MaxDeviation}, volume {blend.Volume} (a bug)."));
        }
    }

    private static string VolumeWords(PlanningOptions options) => (options.MinVolume, options.MaxVolume) switch
    {
        ({ } min, { } max) => Invariant($" of {min} to {max} volume units"),
        ({ } min, null) => Invariant($" of at least {min} volume units"),
        (null, { } max) => Invariant($" of at most {max} volume units"),
        _ => string.Empty,
    };

    private static string StopWords(SearchStop stop) => stop switch
    {
        SearchStop.WorkLimit => "work limit of the time budget reached",
        SearchStop.WallClock => "wall-clock limit reached",
        SearchStop.Cancelled => "cancelled",
        SearchStop.StateLimit => Invariant($"state table full at {MaxStates} states"),
        _ => "complete",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
