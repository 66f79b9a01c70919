using Google.OrTools.Sat;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

public class NeighbourhoodSearchTests
{
    // One worker and small deterministic budgets: fast, and reproducible by construction.
    private static readonly SolverSettings Options = Some.Settings(PlanningStrategy.SplitAssemble);

    private static readonly NeighbourhoodSettings SmallRounds = new() { RoundSeconds = 0.1 };

    private const double Work = 0.2;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FromAFirstSolutionTheSearchFindsAMoreAccuratePlanThatVerifies(int seed)
    {
        var (cellar, formula) = MidSizeCellar(seed);
        var (model, targets) = Model(cellar, formula);
        var first = FirstSolution(model);

        var search = new NeighbourhoodSearch(model, targets, Options, SmallRounds);
        var outcome = search.Improve(first, 0, Some.Work(Work), null, CancellationToken.None);

        var before = Replay(cellar, formula, model, first);
        var after = Replay(cellar, formula, model, outcome.Best);
        after.MaxDeviationPp.Should().BeLessThan(before.MaxDeviationPp);
        search.Improvements.Should().BePositive();
        outcome.Proven.Should().BeFalse("rounds that free a tenth of the wines prove nothing about the whole model");

        // Tau is the deviation rounded up to a part per million, on shares rounded to a part per million.
        var tauPp = outcome.Best[model.Tau.GetIndex()] / (double)targets.Scale * 100.0;
        after.MaxDeviationPp.Should().BeInRange(tauPp - 0.0002, tauPp + 0.0002);
    }

    [Fact]
    public void EveryImprovementReportedIsStrictlyBetterThanTheOneBefore()
    {
        var (cellar, formula) = MidSizeCellar(3);
        var (model, targets) = Model(cellar, formula);
        var first = FirstSolution(model);
        var reported = new List<long>();

        var outcome = new NeighbourhoodSearch(model, targets, Options, SmallRounds)
            .Improve(first, 0, Some.Work(Work), values => reported.Add(values[model.AccuracyObjective.GetIndex()]), CancellationToken.None);

        reported.Should().NotBeEmpty();
        reported.Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        reported[0].Should().BeLessThan(first[model.AccuracyObjective.GetIndex()]);
        reported[^1].Should().Be(outcome.Best[model.AccuracyObjective.GetIndex()]);
    }

    [Fact]
    public void TheSameStartAndOptionsGiveTheSameSolution()
    {
        var (cellar, formula) = MidSizeCellar(1);

        (NeighbourhoodOutcome Outcome, double Spent) Run()
        {
            var (model, targets) = Model(cellar, formula);
            var budget = Some.Work(Work);
            var outcome = new NeighbourhoodSearch(model, targets, Options, SmallRounds).Improve(FirstSolution(model), 0, budget, null, CancellationToken.None);
            return (outcome, budget.WorkSpent);
        }

        var first = Run();
        var second = Run();

        second.Outcome.Best.Should().Equal(first.Outcome.Best);
        second.Spent.Should().Be(first.Spent);
    }

    [Fact]
    public void TheModelIsLeftAsItWasFound()
    {
        var (cellar, formula) = MidSizeCellar(1);
        var (model, targets) = Model(cellar, formula);
        var first = FirstSolution(model);
        var domains = model.Model.Model.Variables.Select(v => v.Domain.ToArray()).ToList();
        var constraints = model.Model.Model.Constraints.Count;

        new NeighbourhoodSearch(model, targets, Options, SmallRounds).Improve(first, 0, Some.Work(Work), null, CancellationToken.None);

        model.Model.Model.Variables.Select(v => v.Domain.ToArray()).Should().BeEquivalentTo(domains, o => o.WithStrictOrdering());
        model.Model.Model.Constraints.Should().HaveCount(constraints);
        model.Model.Model.SolutionHint.Should().BeNull("a hint left behind would steer the later stages");
    }

    [Fact]
    public void AnIncumbentAtTheProvenBoundIsNotSearchedFurther()
    {
        var (cellar, formula) = MidSizeCellar(1);
        var (model, targets) = Model(cellar, formula);
        var first = FirstSolution(model);
        var search = new NeighbourhoodSearch(model, targets, Options, SmallRounds);

        var budget = Some.Work(Work);
        var outcome = search.Improve(first, first[model.AccuracyObjective.GetIndex()], budget, null, CancellationToken.None);

        search.Rounds.Should().Be(0);
        outcome.Best.Should().Equal(first);
        budget.WorkSpent.Should().Be(0);
    }

    [Fact]
    public void ACancelledSearchReturnsTheIncumbentWithoutARound()
    {
        var (cellar, formula) = MidSizeCellar(1);
        var (model, targets) = Model(cellar, formula);
        var first = FirstSolution(model);
        var search = new NeighbourhoodSearch(model, targets, Options, SmallRounds);

        var outcome = search.Improve(first, 0, Some.Work(Work), null, new CancellationToken(canceled: true));

        search.Rounds.Should().Be(0);
        outcome.Best.Should().Equal(first);
    }

    [Fact]
    public void WhenARoundFreesEveryWineItProvesTheOptimumOfTheWholeModel()
    {
        var cellar = new CellarBuilder()
            .Full("A1", 300, "A").Full("B1", 500, "B").Full("C1", 400, "C")
            .Empty("E1", 100).Empty("E2", 100).Empty("E3", 200).Empty("E4", 250).Empty("E5", 600).Empty("E6", 50)
            .Build();
        var formula = Some.Formula(("A", 17m), ("B", 41m), ("C", 42m));
        var (model, targets) = Model(cellar, formula);
        var first = FirstSolution(model);
        var optimum = Optimum(Model(cellar, formula).Model);
        first[model.AccuracyObjective.GetIndex()].Should().BeGreaterThan(optimum, "the test needs a first solution to improve on");

        var outcome = new NeighbourhoodSearch(model, targets, Options, new NeighbourhoodSettings { RoundSeconds = 5, FewestFreed = 3 })
            .Improve(first, 0, Some.Work(10), null, CancellationToken.None);

        outcome.Proven.Should().BeTrue();
        outcome.Best[model.AccuracyObjective.GetIndex()].Should().Be(optimum);
    }

    private static (SplitAssembleModel Model, TargetShares Targets) Model(Cellar cellar, Formula formula)
    {
        var targets = TargetShares.From(formula, TargetShares.PartsPerMillion);
        var sources = cellar.Tanks.Where(t => t.IsFull).Select(t => new SourceTank(t.Id, t.Capacity, t.Contents!)).ToList();
        var empties = cellar.Tanks.Where(t => !t.IsFull).Select(t => (t.Id, t.Capacity)).ToList();
        var model = SplitAssembleModel.Build(sources, empties, targets, AssemblyLimits.Of(Some.Request(cellar, formula)));
        model.Model.Minimize(model.AccuracyObjective);
        return (model, targets);
    }

    private static long[] FirstSolution(SplitAssembleModel model)
    {
        using var solver = new CpSolver { StringParameters = "num_workers:1 random_seed:1 stop_after_first_solution:true" };
        solver.Solve(model.Model).Should().BeOneOf(CpSolverStatus.Feasible, CpSolverStatus.Optimal);
        var values = new long[model.Variables.Max(v => v.GetIndex()) + 1];
        foreach (var variable in model.Variables)
        {
            values[variable.GetIndex()] = solver.Value(variable);
        }

        return values;
    }

    private static long Optimum(SplitAssembleModel model)
    {
        using var solver = new CpSolver { StringParameters = "num_workers:1 random_seed:1" };
        solver.Solve(model.Model).Should().Be(CpSolverStatus.Optimal);
        return solver.Value(model.AccuracyObjective);
    }

    private static BlendReport Replay(Cellar cellar, Formula formula, SplitAssembleModel model, long[] values)
    {
        var report = PlanVerifier.Verify(Some.Request(cellar, formula), model.Decode(v => values[v.GetIndex()]));
        report.Violations.Should().BeEmpty();
        return report.Blend!;
    }

    /// <summary>
    /// Twenty wines in hL tanks of the usual sizes, some in two tanks, 30 empties, and a formula near
    /// the stock with a few wines asked for much less: too big for a first solution to be optimal.
    /// </summary>
    private static (Cellar Cellar, Formula Formula) MidSizeCellar(int seed)
    {
        long[] sizes = [25, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 300, 400, 500];
        var random = new Random(seed);
        var builder = new CellarBuilder();
        var stock = new long[20];
        for (var i = 0; i < 24; i++)
        {
            var wine = i < stock.Length ? i : random.Next(stock.Length);
            var capacity = sizes[random.Next(sizes.Length)];
            stock[wine] += capacity;
            builder.Full($"F{i + 1:00}", capacity, $"W{wine + 1:00}");
        }

        for (var i = 0; i < 30; i++)
        {
            builder.Empty($"E{i + 1:00}", sizes[random.Next(sizes.Length)]);
        }

        var weights = stock.Select(s => s * (random.Next(5) == 0 ? 0.2 : 0.8)).ToArray();
        var total = weights.Sum();
        var lines = weights.Select((w, i) => new FormulaLine($"W{i + 1:00}", Math.Round((decimal)(w * 100 / total), 3))).ToList();
        return (builder.Build(), new Formula(lines));
    }
}
