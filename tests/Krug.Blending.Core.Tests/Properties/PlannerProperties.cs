using System.Collections.Immutable;
using CsCheck;
using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Properties;

/// <summary>
/// Properties of the planner over random cellars (see <see cref="RandomCellar"/>). Iteration counts
/// are small: each iteration runs CP-SAT, and the whole class must stay well under a minute on two cores.
/// </summary>
public sealed class PlannerProperties
{
    private static readonly SolverSettings Options = Some.Settings(PlanningStrategy.SplitAssemble);

    private const double Work = 2;

    // Two proven-optimal runs may return different plans that tie under the order. They still differ in
    // exact L∞ by up to one accuracy step (0.001 pp), plus the model's resolution (targets rounded to
    // parts per million, τ an integer: 0.0001 pp each, counted three times).
    private const double EqualLinfTolerancePp = 0.001 + (3 * 0.0001) + 1e-9;

    private static PlanningResult Plan(RandomCellar random, SolverSettings? settings = null) =>
        Some.Plan(Some.Request(random.Cellar, random.Formula), settings ?? Options, Work);

    [Fact]
    public void EveryPlanPassesTheVerifierAndItsReportMatchesAnIndependentReplay()
    {
        RandomCellar.Gen.Check(PlansPassTheVerifierAndMatchTheReplay, iter: 20, threads: 1);
    }

    [Fact]
    public void EveryPlanOfACellarWithLotsPassesTheVerifierAndItsReportMatchesAnIndependentReplay()
    {
        RandomCellar.WithLots.Check(PlansPassTheVerifierAndMatchTheReplay, iter: 15, threads: 1);
    }

    private static void PlansPassTheVerifierAndMatchTheReplay(RandomCellar random)
    {
        var result = Plan(random);

        // The first empty tank matches a full one, so a plan always exists.
        result.Status.Should().BeOneOf(PlanStatus.Optimal, PlanStatus.Feasible);
        var plan = result.Plan!;
        var verification = PlanVerifier.Verify(Some.Request(random.Cellar, random.Formula), plan);
        verification.IsValid.Should().BeTrue(string.Join("\n", verification.Violations.Select(v => v.Message)));
        ShouldMatchReplay(result.Blend!, random.Cellar, random.Formula, plan);
    }

    [Fact]
    public void NoPlanOfTheDefaultPipelineLeavesAMixtureBehindBesideLots()
    {
        var planned = 0;
        RandomCellar.WithLots.Check(
            random =>
            {
                var request = Some.Request(random.Cellar, random.Formula).AtDefaultVolume();
                var result = Some.Plan(request, Some.Settings(), work: 1);
                if (result.Plan is null)
                {
                    return;
                }

                planned++;
                result.Blend!.After.LeftoverBlends.Should().BeEmpty();
                var replay = ExactReplay.Run(random.Cellar, result.Plan);
                replay.MixedTanksOutsideTheBlend.Should().BeEmpty("a piece of a lot may stay behind, a mixture the plan makes may not");
                ShouldMatchReplay(result.Blend, random.Cellar, random.Formula, result.Plan);
            },
            iter: 15,
            threads: 1);

        planned.Should().BePositive();
    }

    [Fact]
    public void RenamingTanksAndWinesLeavesTheAchievedLinfUnchanged()
    {
        var compared = 0;
        RandomCellar.Gen.Check(
            random =>
            {
                // Names in the opposite sort order, so that any tie broken by name breaks the other way.
                string Tank(string id) => "Cuve " + (1000 - int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture));
                string Wine(string name) => "Vin é" + (1000 - int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture));
                var renamed = new RandomCellar(
                    [.. random.Tanks.Select(t => new Tank(Tank(t.Id), t.Capacity, t.Content is null ? null : Wine(t.Content)))],
                    [.. random.Lines.Select(l => l with { Wine = Wine(l.Wine) })]);

                compared += ShouldReachTheSameLinf(random, renamed);
            },
            iter: 8,
            threads: 1);

        compared.Should().BePositive("at least one pair of runs must have been proven optimal to compare");
    }

    [Fact]
    public void ShufflingTheRowsLeavesTheAchievedLinfUnchanged()
    {
        var compared = 0;
        RandomCellar.Gen.Select(CsCheck.Gen.Int).Check(
            (random, shuffleSeed) =>
            {
                var shuffle = new Random(shuffleSeed);
                var shuffled = new RandomCellar(
                    [.. random.Tanks.OrderBy(_ => shuffle.Next())],
                    [.. random.Lines.OrderBy(_ => shuffle.Next())]);

                compared += ShouldReachTheSameLinf(random, shuffled);
            },
            iter: 8,
            threads: 1);

        compared.Should().BePositive("at least one pair of runs must have been proven optimal to compare");
    }

    [Fact]
    public void MultiplyingEveryCapacityByAConstantLeavesTheAchievedLinfUnchanged()
    {
        var compared = 0;
        RandomCellar.Gen.Select(CsCheck.Gen.Int[2, 9]).Check(
            (random, factor) =>
            {
                var scaled = random with { Tanks = [.. random.Tanks.Select(t => t with { Capacity = t.Capacity * factor })] };

                compared += ShouldReachTheSameLinf(random, scaled);
            },
            iter: 8,
            threads: 1);

        compared.Should().BePositive("at least one pair of runs must have been proven optimal to compare");
    }

    [Fact]
    public void MultiplyingEveryPercentageByAConstantLeavesThePlanUnchanged()
    {
        var factors = new[] { 0.5m, 2m, 3m, 10m, 0.01m };
        RandomCellar.Gen.Select(CsCheck.Gen.Int[0, factors.Length - 1]).Check(
            (random, which) =>
            {
                var scaled = random with { Lines = [.. random.Lines.Select(l => l with { Percent = l.Percent * factors[which] })] };

                var original = Plan(random);
                var again = Plan(scaled);

                again.Status.Should().Be(original.Status);
                again.Plan!.ToRows().Should().Equal(original.Plan!.ToRows());
            },
            iter: 6,
            threads: 1);
    }

    [Fact]
    public void NoPlanOfTheDefaultPipelineLeavesAMixtureBehind()
    {
        var planned = 0;
        RandomCellar.Gen.Check(
            random =>
            {
                // The product's default strategy (exhaustive or multi-level, which makes pre-blends), at the default volume.
                var request = Some.Request(random.Cellar, random.Formula).AtDefaultVolume();
                var result = Some.Plan(request, Some.Settings(), work: 1);
                if (result.Plan is null)
                {
                    return;
                }

                planned++;
                result.Blend!.After.LeftoverBlends.Should().BeEmpty();
                var replay = ExactReplay.Run(random.Cellar, result.Plan);
                replay.MixedTanksOutsideTheBlend.Should().BeEmpty("every mixture the plan makes must end in the final blend");
            },
            iter: 25,
            threads: 1);

        planned.Should().BePositive();
    }

    [Fact]
    public void AllowingWasteNeverGivesAPlanRankedWorseThanWithoutIt()
    {
        var compared = 0;
        RandomCellar.Gen.Select(CsCheck.Gen.Int[0, 3]).Check(
            (random, strategy) =>
            {
                var settings = Some.Settings((PlanningStrategy)strategy);
                var strict = Some.Request(random.Cellar, random.Formula).AtDefaultVolume();
                var wasteful = strict with { AllowWaste = true };
                if (settings.Strategy == PlanningStrategy.Exhaustive && random.Tanks.Length > 9)
                {
                    return;
                }

                var without = Some.Plan(strict, settings, work: 1);
                var with = Some.Plan(wasteful, settings, work: 1);
                if (without.Blend is null)
                {
                    return;
                }

                compared++;
                with.Blend.Should().NotBeNull("the waste-free plan is a candidate of the waste run");
                new PlanOrder(wasteful, settings.AccuracyResolutionPp).Compare(with.Blend!, without.Blend).Should().BeLessThanOrEqualTo(0);
            },
            iter: 16,
            threads: 1);

        compared.Should().BePositive();
    }

    /// <returns>1 when both runs were proven optimal and their L∞ compared, else 0.</returns>
    private static int ShouldReachTheSameLinf(RandomCellar original, RandomCellar changed)
    {
        var first = Plan(original);
        var second = Plan(changed);

        first.Plan.Should().NotBeNull();
        second.Plan.Should().NotBeNull();
        if (first.Status == PlanStatus.Optimal && second.Status == PlanStatus.Optimal)
        {
            second.Blend!.MaxDeviationPp.Should().BeApproximately(first.Blend!.MaxDeviationPp, EqualLinfTolerancePp);
            return 1;
        }

        return 0;
    }

    private static void ShouldMatchReplay(BlendReport report, Cellar cellar, Formula formula, Plan plan)
    {
        var replay = ExactReplay.Run(cellar, plan);
        report.FinalTanks.Should().Equal(replay.FinalTanks);
        report.Volume.Should().Be(replay.Volume);
        report.Unused.Should().Be(replay.Unused);
        report.Wasted.Should().Be(0);
        report.Transfers.Should().Be(plan.Steps.Sum(s => s.Transfers.Length));
        report.Steps.Should().Be(plan.Steps.Length);

        // Targets straight from the percentages, not from the formula's shares.
        var total = formula.Lines.Aggregate(Fraction.Zero, (sum, line) => sum + Fraction.FromDecimal(line.Percent));
        var targets = formula.Lines.ToDictionary(l => l.Wine, l => Fraction.FromDecimal(l.Percent) / total, StringComparer.Ordinal);
        var wines = targets.Keys.Union(replay.WineVolumes.Keys, StringComparer.Ordinal).ToImmutableSortedSet(StringComparer.Ordinal);

        report.Wines.Select(w => w.Wine).Should().BeEquivalentTo(wines);
        var maxDeviation = Fraction.Zero;
        foreach (var wine in wines)
        {
            var target = targets.GetValueOrDefault(wine, Fraction.Zero);
            var achieved = replay.ShareOf(wine);
            var line = report.Wines.Single(w => w.Wine == wine);
            line.Target.Should().Be(target, wine);
            line.Achieved.Should().Be(achieved, wine);
            report.Blend.ShareOf(wine).Should().Be(achieved, wine);
            maxDeviation = Fraction.Max(maxDeviation, (achieved - target).Abs());
        }

        report.MaxDeviation.Should().Be(maxDeviation);
    }
}
