using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Core.Tests.Optimization;

public class TankSizeBoundTests
{
    // No deviation is known to be possible: the bisection searches the whole range.
    private const double AnyDeviationPp = 100;

    public static TheoryData<int, bool> SeedsAndBands()
    {
        var cases = new TheoryData<int, bool>();
        for (var seed = 1; seed <= 40; seed++)
        {
            cases.Add(seed, false);
            cases.Add(seed, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SeedsAndBands))]
    public void TheBoundNeverExceedsTheExhaustiveOptimumOfSplitThenAssemblePlans(int seed, bool defaultBand)
    {
        var (cellar, formula) = SmallCellars.Random(seed);
        var request = Some.Request(cellar, formula);
        if (defaultBand)
        {
            request = request.AtDefaultVolume();
        }

        var reference = SplitAssembleReference.Best(request);
        var bound = TankSizeBound.Of(Assembly.Context(request), AnyDeviationPp);

        if (reference is { } best)
        {
            bound.GetValueOrDefault().Should().BeLessThanOrEqualTo(best.Report.MaxDeviationPp + 1e-9, "a bound holds for every plan of pure pieces");
        }
    }

    [Fact]
    public void TheBoundNeverExceedsTheBestPlanOfAnyShapeThatLeavesNoMixtureBehind()
    {
        // The exhaustive search proves the best waste-free plan of up to four steps, pre-blends and
        // tanks filled twice included: the bound must hold for all of them, not only for splits.
        var proven = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var (cellar, formula) = SmallCellars.Random(seed);
            var request = Some.Request(cellar, formula) with { MaxSteps = 4 };
            var result = Some.Plan(request, Some.Settings(PlanningStrategy.Exhaustive) with { AccuracyResolutionPp = 0m }, work: 2);
            if (result.Status != PlanStatus.Optimal)
            {
                continue;
            }

            proven++;
            var bound = TankSizeBound.Of(Assembly.Context(request), AnyDeviationPp);
            bound.GetValueOrDefault().Should().BeLessThanOrEqualTo(result.Blend!.MaxDeviationPp + 1e-9, $"seed {seed}: the bound holds for every plan leaving no mixture behind");
        }

        proven.Should().BeGreaterThanOrEqualTo(30, "most small cellars are searched to the end");
    }

    [Fact]
    public void AWineWhoseRestNoTankCanHoldBringsAllOfItsTankOrNothing()
    {
        // A and B are each alone in a 60 hL tank; the empty tanks hold 40, 60 and 100 hL, so neither
        // can be split (no tank takes a 20 hL rest). The best blend is one wine alone: 25 pp off 25/75.
        // Counting 40 hL pieces without asking where the rest goes gave 15 pp (40 of A, 60 of B).
        var cellar = new CellarBuilder().Full("A1", 60, "A").Full("B1", 60, "B")
            .Empty("E1", 40).Empty("E2", 60).Empty("E3", 100).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 25m), ("B", 75m)));

        var bound = TankSizeBound.Of(Assembly.Context(request), AnyDeviationPp);
        var best = Some.Plan(request, Some.Settings(PlanningStrategy.Exhaustive) with { AccuracyResolutionPp = 0m }, work: 2);

        best.Status.Should().Be(PlanStatus.Optimal);
        best.Blend!.MaxDeviationPp.Should().BeApproximately(25, 1e-9);
        bound.Should().BeApproximately(25, 1e-4, "the bound is exact here");
        TankSizeBound.CoversEveryPlan(Assembly.Context(request)).Should().BeTrue();
    }

    [Fact]
    public void WithLeftoverBlendsAllowedTheBoundCoversOnlyTheFamilySearched()
    {
        var cellar = new CellarBuilder().Full("A1", 60, "A").Full("B1", 60, "B").Empty("E1", 40).Build();
        var request = Some.Request(cellar, Some.Formula(("A", 25m), ("B", 75m)));
        var leftovers = request with { AllowLeftoverBlends = true };
        var noGroups = Some.Settings() with { GroupSplits = false };

        TankSizeBound.Family(Assembly.Context(request), "split-then-assemble plans").Should().Be(TankSizeBound.EveryPlan);
        TankSizeBound.Family(Assembly.Context(leftovers, noGroups), "split-then-assemble plans").Should().Be("split-then-assemble plans");
    }

    [Fact]
    public void WhenTheTankSizesAllowOnlyOneBlendTheBoundIsItsDeviation()
    {
        // A 60 hL blend of 25 hL of A and 35 hL of B, all there is: 8 1/3 pp off 50/50.
        var request = TwoWinesInSixty();

        var bound = TankSizeBound.Of(Assembly.Context(request), AnyDeviationPp);
        var plan = Some.Plan(request, Some.ExactSplitAssemble);

        bound.Should().BeApproximately(100.0 / 12, 1e-4);
        bound.Should().BeLessThanOrEqualTo(100.0 / 12);
        plan.Blend!.MaxDeviationPp.Should().BeApproximately(bound!.Value, 1e-4, "the plan reaches the bound, so both are exact");
    }

    [Fact]
    public void WhenEachWineWantsLessThanTheSmallestTankTheBoundIsFarAboveZero()
    {
        // Four wines at 25 % of a 60-80 hL blend want 15-20 hL each, but the smallest tank holds 25 hL:
        // a wine brings nothing or at least 25 hL, and four of them make 100 hL, outside the band.
        var builder = new CellarBuilder();
        foreach (var wine in new[] { "A", "B", "C", "D" })
        {
            builder.Full(wine + "1", 100, wine);
        }

        for (var e = 1; e <= 6; e++)
        {
            builder.Empty($"E{e}", 25);
        }

        var request = Some.Request(builder.Build(), Some.Formula(("A", 25m), ("B", 25m), ("C", 25m), ("D", 25m)))
            with { Volume = new VolumeBand(60, 80, 70) };

        var bound = TankSizeBound.Of(Assembly.Context(request), AnyDeviationPp);

        // Three wines of 25 hL in a 75 hL blend: 33 1/3 % each, the fourth 0 %; nothing closer is possible.
        bound.Should().BeApproximately(25, 1e-4);
    }

    [Fact]
    public void TheBoundOnlySearchesBelowADeviationKnownToBePossible()
    {
        var bound = TankSizeBound.Of(Assembly.Context(TwoWinesInSixty()), possiblePp: 5);

        bound.Should().BeLessThanOrEqualTo(5).And.BeGreaterThan(4.99);
    }

    public static TheoryData<string> Uncovered() => ["waste", "groups", "lots"];

    [Theory]
    [MemberData(nameof(Uncovered))]
    public void PlansThatPourMixturesOrDrawPartiallyAreNotBounded(string family)
    {
        var builder = new CellarBuilder().Full("A1", 25, "A").Full("B1", 35, "B").Empty("E1", 60);
        if (family == "lots")
        {
            builder.Lot("L1", 50, Some.Lot("L", ("A", 50m), ("B", 50m)));
        }

        var request = Some.Request(builder.Build(), Some.Formula(("A", 50m), ("B", 50m))) with
        {
            AllowWaste = family == "waste",
            AllowLeftoverBlends = family == "groups",
        };

        TankSizeBound.Applies(Assembly.Context(request)).Should().BeFalse();
        TankSizeBound.Of(Assembly.Context(request), AnyDeviationPp).Should().BeNull();
    }

    [Fact]
    public void APlanTheSearchDoesNotProveOptimalCarriesTheTankSizesBoundInItsVerdict()
    {
        // Thirty wines at equal shares of a 540-660 hL blend want 18-22 hL each, less than the smallest
        // tank: CP-SAT's relaxation knows nothing of that, the tank sizes do.
        const int Wines = 30;
        var builder = new CellarBuilder();
        for (var w = 1; w <= Wines; w++)
        {
            builder.Full($"F{w:00}", 100, $"W{w:00}");
        }

        for (var e = 1; e <= Wines + 4; e++)
        {
            builder.Empty($"E{e:00}", e % 2 == 0 ? 25 : 40);
        }

        var formula = new Formula(Enumerable.Range(1, Wines).Select(w => new FormulaLine($"W{w:00}", 1m)));
        var request = Some.Request(builder.Build(), formula) with { Volume = new VolumeBand(540, 660, 600) };

        var result = Some.Plan(request, Some.Settings(PlanningStrategy.SplitAssemble), work: Work);
        var sizes = TankSizeBound.Of(Assembly.Context(request), result.Blend!.MaxDeviationPp);

        result.Status.Should().Be(PlanStatus.Feasible);
        sizes.Should().BeGreaterThan(0);
        result.BoundPp.Should().BeGreaterThanOrEqualTo(sizes!.Value).And.BeLessThanOrEqualTo(result.Blend.MaxDeviationPp);
        result.Verdict!.Summary.Should().Contain(FormattableString.Invariant($"can be closer than {result.BoundPp:0.####} pp"));
    }

    [Theory]
    [InlineData("split-then-assemble plans", "best found; no split-then-assemble plan can be closer than 0.5639 pp")]
    [InlineData("plans of one or two rounds of splits", "best found; no plan of one or two rounds of splits can be closer than 0.5639 pp")]
    [InlineData(TankSizeBound.EveryPlan, "best found; no plan can be closer than 0.5639 pp")]
    public void TheVerdictNamesTheFamilyTheBoundCovers(string family, string expected)
    {
        var request = Some.Request(new CellarBuilder().Full("A1", 25, "A").Empty("E1", 25).Build(), Some.Formula(("A", 100m))) with
        {
            AllowLeftoverBlends = true,
        };
        var result = new PlanningResult(PlanStatus.Feasible, null, null, 0.5639, "multi-level", string.Empty, TimeSpan.Zero, false);

        BlendPlanner.Judge(request, result, family).Summary.Should().Be(expected);
    }

    // Too little work for CP-SAT to prove the plan optimal.
    private const double Work = 0.3;

    private static BlendRequest TwoWinesInSixty()
    {
        var cellar = new CellarBuilder().Full("A1", 25, "A").Full("B1", 35, "B").Empty("E1", 60).Build();
        return Some.Request(cellar, Some.Formula(("A", 50m), ("B", 50m))) with { Volume = new VolumeBand(60, 60, 60) };
    }
}
