using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Core.Tests.Support;

/// <summary>Test data: the client's example, formulas and plans written the way a cellar master says them.</summary>
public static class Some
{
    /// <summary>
    /// A time limit no test run reaches on any machine: tests are bounded by their work limit, which
    /// keeps them deterministic (the clock never cuts a search short) and keeps timing out of assertions.
    /// </summary>
    public static readonly TimeSpan NeverReached = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Split-then-assemble on one worker with a fixed seed and exact accuracy comparison, so that a
    /// proven optimum is the plan's exact accuracy.
    /// </summary>
    public static SolverSettings ExactSplitAssemble { get; } = new()
    {
        Strategy = PlanningStrategy.SplitAssemble,
        Workers = 1,
        Seed = 1,
        AccuracyResolutionPp = 0m,
    };

    /// <summary>One worker, fixed seed, the given strategy (auto by default): reproducible on any machine.</summary>
    public static SolverSettings Settings(PlanningStrategy strategy = PlanningStrategy.Auto) => new() { Strategy = strategy, Workers = 1, Seed = 1 };

    /// <summary>A budget of <paramref name="work"/> work units (20 by default, far more than small cellars need) and a time limit no test reaches.</summary>
    public static Budget Work(double work = 20) => new(NeverReached, work);

    /// <summary>The request for <paramref name="formula"/> in <paramref name="cellar"/>, any volume, no other limit.</summary>
    public static BlendRequest Request(Cellar cellar, Formula formula) => new(cellar, formula);

    /// <summary>The split-then-assemble model of the request's whole cellar: every full tank a source, every empty tank a target.</summary>
    internal static SplitAssembleModel AssemblyModel(BlendRequest request, TargetShares targets) =>
        SplitAssembleModel.Build(
            [.. request.Cellar.Tanks.Where(t => t.IsFull).Select(t => new SourceTank(t.Id, t.Capacity, t.Contents!))],
            [.. request.Cellar.Tanks.Where(t => !t.IsFull).Select(t => (t.Id, t.Capacity))],
            targets,
            AssemblyLimits.Of(request));

    /// <summary>The client's example as a request: any volume.</summary>
    public static BlendRequest SpecRequest() => Request(SpecCellar(), SpecFormula());

    /// <summary>Plans <paramref name="request"/> through the product's pipeline with <paramref name="settings"/> and <paramref name="work"/> units.</summary>
    public static PlanningResult Plan(BlendRequest request, SolverSettings? settings = null, double work = 20, IPlanningObserver? observer = null) =>
        BlendPlanner.Plan(request, settings ?? Settings(), Work(work), observer);

    /// <summary>
    /// The specification's example: three wines in 1250, 2500 and 3750 hL, empties of 1875, 1875 and 4375 hL.
    /// </summary>
    public static Cellar SpecCellar() => new CellarBuilder()
        .Full("C001", 1250, "A")
        .Full("C002", 2500, "B")
        .Full("C003", 3750, "C")
        .Empty("C004", 1875)
        .Empty("C005", 1875)
        .Empty("C006", 4375)
        .Build();

    /// <summary>The example's formula: 20 % A, 40 % B, 40 % C.</summary>
    public static Formula SpecFormula() => Formula(("A", 20m), ("B", 40m), ("C", 40m));

    public static Formula Formula(params (string Wine, decimal Percent)[] lines) =>
        new(lines.Select(l => new FormulaLine(l.Wine, l.Percent)));

    /// <summary>A lot as lots.csv gives it: its name, then each wine and its percent.</summary>
    public static Lot Lot(string name, params (string Wine, decimal Percent)[] lines) =>
        new(name, lines.Select(l => new LotLine(l.Wine, l.Percent)));

    /// <summary>
    /// A plan from one string per step. Transfers of a step are separated by <c>|</c>; each reads
    /// <c>SOURCES -> TARGETS</c> with tank ids separated by spaces. A tank id alone moves its capacity;
    /// <c>ID:VOLUME</c> gives the volume explicitly (partial draws, deliberate mistakes); a tank not in the cellar
    /// without a volume moves 1. Steps and
    /// transfers are numbered 1, 2, 3, … in reading order.
    /// </summary>
    /// <example><c>Some.Plan(cellar, "C003 -> C004 C005", "C001 C004 -> C006")</c></example>
    public static Plan Plan(Cellar cellar, params string[] steps)
    {
        var transferNumber = 0;
        var planSteps = new List<PlanStep>();
        for (var s = 0; s < steps.Length; s++)
        {
            var transfers = new List<Transfer>();
            foreach (var text in steps[s].Split('|'))
            {
                var sides = text.Split("->");
                if (sides.Length != 2)
                {
                    throw new ArgumentException($"'{text}' is not of the form 'SOURCES -> TARGETS'.", nameof(steps));
                }

                transfers.Add(new Transfer(++transferNumber, Legs(cellar, sides[0]), Legs(cellar, sides[1])));
            }

            planSteps.Add(new PlanStep(s + 1, [.. transfers]));
        }

        return new Plan([.. planSteps]);
    }

    private static ImmutableArray<TankVolume> Legs(Cellar cellar, string side) =>
    [
        .. side.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(token =>
        {
            var parts = token.Split(':');
            var volume = parts.Length == 2
                ? long.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                : cellar.ById.TryGetValue(parts[0], out var tank) ? tank.Capacity : 1;
            return new TankVolume(parts[0], volume);
        }),
    ];
}
