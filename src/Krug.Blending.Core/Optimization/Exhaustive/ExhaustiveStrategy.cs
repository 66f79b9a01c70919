using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>
/// The exact planner for small cellars: a breadth-first search, one level per step, over cellar
/// states with exact rational contents, where tanks of equal capacity and equal content are
/// interchangeable. It considers every plan of at most the request's most steps
/// in which each transfer empties whole full tanks into empty tanks of exactly the same total
/// capacity (any number of each), and returns the best under <see cref="PlanOrder"/>; it is also
/// the test oracle for the other strategies. Unless the request allows leftover blends, a final
/// transfer must pour every tank holding a mixture the plan made; a final transfer whose exact blend
/// breaks a share requirement of the request cannot end a plan.
/// </summary>
/// <remarks>
/// <para>
/// Limits. Waste is not searched: partial draws are never used (auto never runs it when waste is
/// allowed), so a complete search is optimal among waste-free plans. The number of transfers needs no separate bound: a step holds at
/// most half as many transfers as there are tanks. The search stops, incomplete and with the best
/// plan so far, at its budget's work limit (<see cref="UnitsPerWork"/> search units per work unit),
/// at <see cref="MaxStates"/> stored states, on cancellation, or at the budget's deadline (noted as a
/// wall-clock cut-in). Unless the deadline cuts in, neither the order of the search nor its result
/// depends on time.
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
/// into steps. With a large the request's most steps the search ends when no state
/// improves, so a complete result is then optimal for any number of steps.
/// </para>
/// <para>
/// Only the request's usable tanks take part. Its volume band bounds the final blend's volume, and
/// its most transfers the transfers of the plan (final one included); a complete search is then
/// optimal within those bounds too.
/// </para>
/// </remarks>
internal sealed class ExhaustiveStrategy : IPlanningStrategy
{
    /// <summary>
    /// Search units (cellar states generated, transfers scored, source and target sets enumerated)
    /// per work unit of the budget. Measured on the 2-core reference machine (Release): 4–8 million
    /// units per second on random 9–10 tank cellars, slower as the state table grows; with 3 million,
    /// searches cut by the limit took at most 0.65 of the time asked for.
    /// </summary>
    public const long UnitsPerWork = 3_000_000;

    /// <summary>
    /// Most cellar states the search stores; it stops incomplete beyond. Measured peak memory on
    /// 10-tank cellars that reach the cap: about 1.8 GB, interned contents included.
    /// </summary>
    public const int MaxStates = 4_000_000;

    /// <summary>
    /// Most usable tanks the search accepts at all: a state lists every subset of its full tanks and
    /// of its empty tanks (up to 2^20 each here), and beyond this even that table outgrows memory; it
    /// reports so instead of searching.
    /// </summary>
    public const int MaxTanks = 20;

    /// <summary>
    /// Most usable tanks for which <see cref="IsSmallEnough"/> holds. Measured (Release, 2 cores,
    /// 6 steps, random capacities 2–12, 30–100 cellars per mix): 8 tanks (3 wines, 5 empties) at
    /// most 0.1 s; 9 tanks at most 2.2 s whatever the split between full and empty tanks; 10 tanks
    /// up to 11 s, and with 5 full tanks of 10 some searches fill the state table.
    /// </summary>
    public const int SmallCellarTanks = 9;

    public PlanningStrategy Kind => PlanningStrategy.Exhaustive;

    /// <summary>Whether the usable cellar is small enough for the search to complete within a few seconds; auto uses it.</summary>
    public static bool IsSmallEnough(UsableCellar usable) => usable.Count <= SmallCellarTanks;

    public StrategyOutcome Search(PlanningContext context)
    {
        var request = context.Request;
        var family = Invariant($"waste-free plans of at most {request.MaxSteps} steps");
        var tanks = request.UsableTanks.ToList();
        if (tanks.Count > MaxTanks)
        {
            return new StrategyOutcome(Kind, null, PlanStatus.TimeoutWithoutPlan, null, family, Invariant(
                $"The cellar has {tanks.Count} usable tanks; the exhaustive planner searches at most {MaxTanks}."));
        }

        var wines = tanks.Where(t => t.IsFull).SelectMany(t => t.Contents!.Shares.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        // The verifier's "held at the start" is the whole cellar's, excluded tanks included.
        var table = new BlendTable(wines, request.Formula, context.Order, request.Cellar.Tanks.Where(t => t.IsFull).Select(t => t.Contents!), request.Requirements);
        var budget = context.Budget;
        var search = new CellarSearch(tanks, table, request, context.Order, budget, WorkLimit(budget.WorkLeft), MaxStates, context.Progress, context.Cancellation);
        search.Run();
        budget.Charge(Math.Min(budget.WorkLeft, search.Work / (double)UnitsPerWork));

        var sequence = search.BestSequence();
        var plan = sequence is null ? null : PlanAssembly.Build(tanks, sequence);
        if (plan is not null)
        {
            CheckAgainstReplay(context, plan, search.Belief!);
        }

        var complete = search.Stop == SearchStop.None;
        var message = complete
            ? plan is null
                ? Invariant($"No plan of at most {request.MaxSteps} steps makes a blend in the volume asked for{(request.Requirements.IsDefaultOrEmpty ? string.Empty : " that meets the share requirements")}: searched {search.StatesExplored} cellar states.")
                : Invariant($"Exhaustive search complete: {search.StatesExplored} cellar states, every waste-free plan of at most {request.MaxSteps} steps considered; the plan is the best of them.")
            : Invariant($"Exhaustive search stopped ({StopWords(search.Stop)}) after {search.StatesExplored} cellar states, with {search.LevelsSearched} of {request.MaxSteps} step levels complete; ") +
              (plan is null ? "no plan found so far." : "the plan is the best found so far, not proven best.");
        context.Progress.Message(message);
        var status = (complete, plan is null) switch
        {
            (true, true) => PlanStatus.NoPlan,
            (true, false) => PlanStatus.Optimal,
            (false, true) => PlanStatus.TimeoutWithoutPlan,
            (false, false) => PlanStatus.Feasible,
        };

        // A complete search is exact: its bound is the plan's own accuracy, which the pipeline takes from the verified report.
        return new StrategyOutcome(Kind, plan, status, null, family, message);
    }

    private static long WorkLimit(double work)
    {
        if (double.IsNaN(work) || work <= 0)
        {
            return 1;
        }

        var units = work * UnitsPerWork;
        return units >= long.MaxValue ? long.MaxValue : Math.Max(1, (long)units);
    }

    /// <summary>
    /// Replays the plan: it must be valid, and its blend must be the one the search scored. A
    /// mismatch is a bug in the search, never a user error.
    /// </summary>
    private static void CheckAgainstReplay(PlanningContext context, Plan plan, SearchBelief belief)
    {
        var report = PlanVerifier.Verify(context.Request, plan);
        if (!report.IsValid)
        {
            throw new PlanVerificationException(PlanningStrategy.Exhaustive.Name(), report);
        }

        var blend = report.Blend!;
        if (blend.MaxDeviation != belief.MaxDeviation || blend.Volume != belief.Volume
            || blend.Transfers > belief.Transfers || blend.Steps > belief.Steps
            || blend.After.LeftoverBlendVolume > belief.LeftoverBlends)
        {
            throw new InvalidOperationException(Invariant(
                $"The exhaustive search scored its plan at L∞ {belief.MaxDeviation}, volume {belief.Volume}, but the replay gives L∞ {blend.MaxDeviation}, volume {blend.Volume} (a bug)."));
        }
    }

    private static string StopWords(SearchStop stop) => stop switch
    {
        SearchStop.WorkLimit => "work limit of the budget reached",
        SearchStop.WallClock => "time limit reached",
        SearchStop.Cancelled => "cancelled",
        SearchStop.StateLimit => Invariant($"state table full at {MaxStates} states"),
        _ => "complete",
    };

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
