using System.Collections.Immutable;
using CsCheck;
using Google.OrTools.Sat;
using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Properties;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

/// <summary>The pattern start: whole ways to deal with each wine's tanks, chosen together at the full volume.</summary>
public sealed class PatternStartTests
{
    private static readonly SolverSettings Exact = Some.ExactSplitAssemble;

    // The pattern start serves cellars where groups are offered, which needs leftover blends allowed.
    private static BlendRequest Leftovers(Cellar cellar, Formula formula) => Some.Request(cellar, formula) with { AllowLeftoverBlends = true };

    private static readonly ImmutableArray<EmptyClass> QuartersAndHalves =
    [
        new EmptyClass(25, ["Q1", "Q2", "Q3", "Q4"]),
        new EmptyClass(50, ["H1", "H2"]),
        new EmptyClass(75, ["T1"]),
    ];

    [Fact]
    public void EverySplitFillsItsEmptyTanksExactlyAndPoursSomeButNotAllOfThem()
    {
        var splits = SplitPatterns.Splits(100, QuartersAndHalves, maxPieces: 3);

        // By hand: 50+50 pours 50; 75+25 pours 25 or 75; 50+25+25 pours 25, 50 or 75 (25×4 is four pieces).
        splits.Should().HaveCount(6);
        foreach (var split in splits)
        {
            split.Pieces.Select((n, c) => n * QuartersAndHalves[c].Capacity).Sum().Should().Be(100);
            split.Used.Select((n, c) => n * QuartersAndHalves[c].Capacity).Sum().Should().Be(split.Poured);
            split.Used.Zip(split.Pieces).Should().OnlyContain(p => p.First <= p.Second);
            split.Poured.Should().BeInRange(1, 99);
            split.Pieces.Sum().Should().BeInRange(2, 3);
        }

        splits.GroupBy(s => string.Join(',', s.Pieces)).Should().OnlyContain(g => g.Select(s => s.Poured).Distinct().Count() == g.Count());
    }

    [Fact]
    public void ASplitNeverTakesMoreEmptyTanksOfAClassThanTheCellarHas()
    {
        ImmutableArray<EmptyClass> oneHalf = [new EmptyClass(50, ["H1"])];

        SplitPatterns.Splits(100, oneHalf, maxPieces: 3).Should().BeEmpty();
    }

    [Fact]
    public void AWinesOptionsPourWithinTheirWindowAndAddUpTheirMoves()
    {
        var sources = new List<(int Source, long Capacity)> { (0, 100), (1, 75) };
        var splits = new Dictionary<long, IReadOnlyList<SplitPattern>>
        {
            [100] = SplitPatterns.Splits(100, QuartersAndHalves, 3),
            [75] = SplitPatterns.Splits(75, QuartersAndHalves, 3),
        };

        var options = SplitPatterns.ForWine(sources, c => splits[c], maxSplitTanks: 2, least: 60, most: 130, QuartersAndHalves.Length);

        options.Should().NotBeEmpty();
        options.Select(o => o.Poured).Should().OnlyContain(p => p >= 60 && p <= 130);
        options.Select(o => o.Poured).Should().Contain([75, 100, 125]);
        foreach (var option in options)
        {
            option.Poured.Should().Be(option.Moves.Sum(m => m.Split?.Poured ?? sources[m.Source].Capacity));
            option.Pieces.Should().Equal(Enumerable.Range(0, QuartersAndHalves.Length).Select(c => option.Moves.Sum(m => m.Split?.Pieces[c] ?? 0)));
            option.Moves.Select(m => m.Source).Should().OnlyHaveUniqueItems();
        }

        options.Select(o => (o.Poured, string.Join(',', o.Pieces))).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void AWineInManyEqualTanksCountsThemInsteadOfTryingEverySubset()
    {
        // 40 tanks of 100 hL: trying every subset of ten would take 847 million visits.
        var sources = Enumerable.Range(0, 40).Select(i => (i, 100L)).ToList();
        var splits = SplitPatterns.Splits(100, QuartersAndHalves, 3);

        var options = SplitPatterns.ForWine(sources, _ => splits, maxSplitTanks: 2, least: 1000, most: 1000, QuartersAndHalves.Length);

        // Ten whole; or nine whole and two splits pouring 50 + 50 or 25 + 75, in the pieces they take.
        options.Should().ContainSingle(o => o.PieceCount == 0)
            .Which.Moves.Select(m => m.Source).Should().Equal(Enumerable.Range(0, 10));
        options.Should().OnlyContain(o => o.Poured == 1000 && o.Splits <= 2);
        options.Where(o => o.Splits == 2).Should().NotBeEmpty()
            .And.OnlyContain(o => o.Moves.Count(m => m.Split == null) == 9);
    }

    [Fact]
    public void TheMovesOfInterchangeableTanksAreReorderedToTheModelsSymmetryOrder()
    {
        // A1 and A2 are identical: the model only accepts "the first one acts"; the moves name the second.
        var cellar = new CellarBuilder()
            .Full("A1", 100, "A").Full("A2", 100, "A").Full("B", 100, "B")
            .Empty("E100", 100).Empty("E50a", 50).Empty("E50b", 50)
            .Build();
        var formula = Some.Formula(("A", 50m), ("B", 50m));
        var targets = TargetShares.From(formula, TargetShares.PartsPerMillion);
        var model = Some.AssemblyModel(Some.Request(cellar, formula), targets);
        var a2 = model.Sources.IndexOf(model.Sources.Single(s => s.Id == "A2"));
        var b = model.Sources.IndexOf(model.Sources.Single(s => s.Id == "B"));
        model.Model.Minimize(model.AccuracyObjective);

        using var restriction = new DomainRestriction();
        model.Fix(restriction, [new SourceMove(a2, null), new SourceMove(b, null)]);
        using var solver = new CpSolver { StringParameters = "num_workers:1 random_seed:1" };

        solver.Solve(model.Model).Should().Be(CpSolverStatus.Optimal);
        var report = PlanVerifier.Verify(Some.Request(cellar, formula), model.Decode(solver.Value));
        report.Violations.Should().BeEmpty();
        report.Blend!.MaxDeviation.Should().Be(Fraction.Zero);
        report.Blend.Volume.Should().Be(200);
    }

    [Fact]
    public void ThePatternStartFillsEveryEmptyTankAndAGroupSplitHitsTheFormulaExactly()
    {
        // A and B are wanted at two thirds of their stock (40 of 60, 60 of 90 hL at the full 200 hL):
        // A + B poured into 100 + 50 gives 40 A + 60 B in the 100 hL piece; C whole is the other 100 hL.
        var cellar = GroupSplitCellar();
        var formula = Some.Formula(("A", 20m), ("B", 30m), ("C", 50m));
        var observer = new RecordingObserver();

        var request = Leftovers(cellar, formula);
        var outcome = Some.Plan(request, Exact, observer: observer);

        observer.Messages.Should().Contain(m => m.StartsWith("Pattern start:", StringComparison.Ordinal));
        observer.Progress.Should().Contain(p => p.Stage == "start");
        var report = PlanVerifier.Verify(request, outcome.Plan!);
        report.Violations.Should().BeEmpty();
        report.Blend!.MaxDeviation.Should().Be(Fraction.Zero);
        report.Blend.Volume.Should().Be(200);
        outcome.Plan!.Steps[0].Transfers.Should().Contain(t => t.From.Select(f => f.TankId).SequenceEqual(new[] { "A", "B" }));
    }

    [Fact]
    public void ThePatternStartAlsoPlansBlendsSmallerThanEveryEmptyTankAndFindsTheOptimum()
    {
        // 150 hL of wine against 200 hL of empty tanks: the full volume is out of reach, so one empty
        // tank stays idle. 60 A + 90 B is exactly 40/60 and fills E100 and one E50.
        var cellar = new CellarBuilder()
            .Full("A", 60, "A").Full("B", 90, "B")
            .Empty("E100", 100).Empty("E50a", 50).Empty("E50b", 50)
            .Build();
        var observer = new RecordingObserver();
        var request = Leftovers(cellar, Some.Formula(("A", 40m), ("B", 60m)));

        var outcome = Some.Plan(request, Exact, observer: observer);

        observer.Messages.Should().Contain(m => m.StartsWith("Pattern start:", StringComparison.Ordinal) && m.Contains("for a blend of 10–200 hL", StringComparison.Ordinal));
        outcome.Status.Should().Be(PlanStatus.Optimal);
        var report = PlanVerifier.Verify(request, outcome.Plan!);
        report.IsValid.Should().BeTrue();
        report.Blend!.MaxDeviation.Should().Be(Fraction.Zero);
        report.Blend.Volume.Should().Be(150);
    }

    [Fact]
    public void WithTwoWorkersTheBlendFillingEveryTankRacesTheOneLeavingTanksIdleAndTheSamePlanComesBack()
    {
        // The band reaches every empty tank (200 hL) and goes below it, so both models apply; the exact
        // plan fills every tank, and on a tie the fuller blend is kept.
        var cellar = GroupSplitCellar();
        var request = Leftovers(cellar, Some.Formula(("A", 20m), ("B", 30m), ("C", 50m)));
        var twoWorkers = Exact with { Workers = 2 };
        var observer = new RecordingObserver();

        var first = Some.Plan(request, twoWorkers, work: 5, observer: observer);
        var second = Some.Plan(request, twoWorkers, work: 5);

        observer.Messages.Should().Contain(m => m.Contains("side by side", StringComparison.Ordinal));
        observer.Messages.Should().Contain(m => m.StartsWith("Pattern start: filling every empty tank 0.0000 pp at 200 hL; leaving tanks idle 0.0000 pp", StringComparison.Ordinal));
        var report = PlanVerifier.Verify(request, first.Plan!);
        report.Violations.Should().BeEmpty();
        report.Blend!.MaxDeviation.Should().Be(Fraction.Zero);
        report.Blend.Volume.Should().Be(200);
        second.Plan.Should().BeEquivalentTo(first.Plan, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void OnOneWorkerOrWithoutGroupSplitsOnlyTheModelLeavingTanksIdleIsSolved(int workers, bool leftovers)
    {
        var cellar = GroupSplitCellar();
        var request = Some.Request(cellar, Some.Formula(("A", 20m), ("B", 30m), ("C", 50m))) with { AllowLeftoverBlends = leftovers };
        var observer = new RecordingObserver();

        var outcome = Some.Plan(request, Exact with { Workers = workers }, work: 5, observer: observer);

        observer.Messages.Should().Contain(m => m.StartsWith("Pattern start:", StringComparison.Ordinal));
        observer.Messages.Should().NotContain(m => m.Contains("side by side", StringComparison.Ordinal));
        PlanVerifier.Verify(request, outcome.Plan!).Violations.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null, null, null, null, -1)]
    [InlineData(null, null, 9L, 1000L, 1)]
    [InlineData(10L, 1000L, null, null, 0)]
    [InlineData(10L, 1000L, 9L, 1000L, 1)]
    [InlineData(12L, 1200L, 11L, 1000L, 0)]
    [InlineData(10L, 1000L, 9L, 900L, 0)]
    [InlineData(5L, 500L, 10L, 1000L, 1)]
    public void TheRaceKeepsTheSolutionCloserByDeviationOverVolumeAndTheFullerBlendOnATie(long? fillingDeviation, long? fillingVolume, long? idleDeviation, long? idleVolume, int expected)
    {
        PatternRace.RaceResult? filling = fillingDeviation is { } fd ? new(fd, fillingVolume!.Value) : null;
        PatternRace.RaceResult? idle = idleDeviation is { } id ? new(id, idleVolume!.Value) : null;

        PatternRace.Winner(filling, idle).Should().Be(expected);
    }

    [Fact]
    public void ThePatternStartIsLeftOutWhenTheBandAsksForMoreThanEveryEmptyTank()
    {
        // 300 hL of wine; at least 250 hL asked, but the empty tanks hold 200 hL: only tanks vacated by splits could take more.
        var cellar = new CellarBuilder()
            .Full("A", 120, "A").Full("B", 180, "B")
            .Empty("E100", 100).Empty("E50a", 50).Empty("E50b", 50)
            .Build();
        var observer = new RecordingObserver();
        var request = Leftovers(cellar, Some.Formula(("A", 40m), ("B", 60m))) with { Volume = new VolumeBand(250, 300, null) };

        Some.Plan(request, Exact, observer: observer);

        observer.Messages.Should().NotContain(m => m.StartsWith("Pattern start:", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameScarceCellarAndOptionsGiveTheSamePlan()
    {
        var cellar = ScarceCellar();
        var formula = Some.Formula(("W1", 10m), ("W2", 15m), ("W3", 25m), ("W4", 12m), ("W5", 8m), ("W6", 30m));
        var observer = new RecordingObserver();

        var request = Leftovers(cellar, formula);
        var first = Some.Plan(request, Exact, work: 5, observer: observer);
        var second = Some.Plan(request, Exact, work: 5);

        observer.Messages.Should().Contain(m => m.StartsWith("Pattern start:", StringComparison.Ordinal));
        PlanVerifier.Verify(request, first.Plan!).Violations.Should().BeEmpty();
        second.Plan.Should().BeEquivalentTo(first.Plan, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithGroupSplitsThePatternPlanIsImprovedByNeighbourhoodsAndWithoutThemByTheWholeModel(bool leftovers)
    {
        var cellar = ScarceCellar();
        var formula = Some.Formula(("W1", 10m), ("W2", 15m), ("W3", 25m), ("W4", 12m), ("W5", 8m), ("W6", 30m));
        var observer = new RecordingObserver();
        var request = Some.Request(cellar, formula) with { AllowLeftoverBlends = leftovers };

        var outcome = Some.Plan(request, Exact, work: 5, observer: observer);

        observer.Messages.Should().Contain(m => m.StartsWith("Pattern start:", StringComparison.Ordinal));
        observer.Messages.Should().Contain(m => m.StartsWith("Split-then-assemble model:", StringComparison.Ordinal)
            && m.Contains(" 0 groups", StringComparison.Ordinal) != leftovers);
        observer.Messages.Any(m => m.StartsWith("Neighbourhood search:", StringComparison.Ordinal)).Should().Be(leftovers);
        PlanVerifier.Verify(request, outcome.Plan!).Violations.Should().BeEmpty();
    }

    [Fact]
    public void OnRandomScarceCellarsAPlanFromThePatternStartVerifiesAndEndsNoWorseThanItStarted()
    {
        var started = 0;
        ScarceCellars.Check(
            random =>
            {
                var (cellar, formula) = random;
                var observer = new RecordingObserver();
                var request = Leftovers(cellar, formula);
                var outcome = Some.Plan(request, Exact, work: 2, observer: observer);
                if (outcome.Plan is null)
                {
                    // Nothing guarantees these cellars a plan; the pattern start must not claim one then.
                    outcome.Status.Should().Be(PlanStatus.NoPlan);
                    observer.Progress.Should().NotContain(p => p.Stage == "start");
                    return;
                }

                var report = PlanVerifier.Verify(request, outcome.Plan!);
                report.Violations.Should().BeEmpty();
                if (!observer.Progress.Any(p => p.Stage == "start"))
                {
                    return;
                }

                started++;
                // τ and the targets are rounded; the exact order compares the plans in the end.
                var patternPlan = observer.Progress.Where(p => p.Stage == "start").Min(p => p.MaxDeviationPp);
                report.Blend!.MaxDeviationPp.Should().BeLessThanOrEqualTo(patternPlan + (3 * 0.0001) + 1e-9);
            },
            iter: 40,
            threads: 1);

        started.Should().BeGreaterThanOrEqualTo(5, "many of these cellars have a pattern plan that fills every empty tank");
    }

    // A and B are wanted at two thirds of their stock at the full 200 hL: one group split of both hits the formula.
    private static Cellar GroupSplitCellar() => new CellarBuilder()
        .Full("A", 60, "A").Full("B", 90, "B").Full("C", 100, "C")
        .Empty("E100", 100).Empty("E50a", 50).Empty("E50b", 50)
        .Build();

    private static readonly long[] Sizes = [25, 40, 50, 60, 75, 80, 100, 120, 150, 200];

    // Three to eight wines in one or two tanks each, one empty tank per wine (fewer if they would hold
    // more than the stock), and a formula that wants 50–100 % of each wine's stock, normalised.
    internal static Gen<(Cellar Cellar, Formula Formula)> ScarceCellars { get; } =
        from wines in Gen.Int[3, 8]
        from full in Gen.Int[0, Sizes.Length - 1].Array[1, 2].Array[wines]
        from empties in Gen.Int[0, Sizes.Length - 1].Array[wines]
        from demand in Gen.Int[50, 100].Array[wines]
        select BuildScarce(full, empties, demand);

    private static (Cellar, Formula) BuildScarce(int[][] full, int[] empties, int[] demand)
    {
        var builder = new CellarBuilder();
        var tanks = 0;
        var stock = new long[full.Length];
        for (var w = 0; w < full.Length; w++)
        {
            foreach (var size in full[w])
            {
                builder.Full($"T{++tanks:00}", Sizes[size], $"W{w}");
                stock[w] += Sizes[size];
            }
        }

        var room = 0L;
        foreach (var size in empties.Where(e => room + Sizes[e] <= stock.Sum()))
        {
            builder.Empty($"T{++tanks:00}", Sizes[size]);
            room += Sizes[size];
        }

        return (builder.Build(), new Formula(stock.Select((s, w) => new FormulaLine($"W{w}", s * demand[w]))));
    }

    private static Cellar ScarceCellar() => new CellarBuilder()
        .Full("T01", 100, "W1").Full("T02", 150, "W2").Full("T03", 200, "W3").Full("T04", 50, "W3")
        .Full("T05", 120, "W4").Full("T06", 80, "W5").Full("T07", 250, "W6")
        .Empty("E1", 100).Empty("E2", 50).Empty("E3", 75).Empty("E4", 25)
        .Build();
}
