using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Exhaustive;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

/// <summary>Every strategy plans within the request's share requirements, and gives up accuracy for them.</summary>
public sealed class ShareRequirementPlanningTests
{
    // Chardonnay 200, Pinot Noir 120, Meunier 80, formula 50 / 30 / 20: all three into the 400 is exact.
    // With at least 25 % Meunier, the Pinot Noir must stay out (A + B + C has 20 %, A + B none), and the
    // only other blend with the 280 (Chardonnay and Meunier: 71.43 / 0 / 28.57) misses Pinot by 30 pp.
    // No multi-step plan does better: the tanks emptied on the way (200, 120, 80) only let a pre-blend
    // be split back into pieces that must all end in the blend, which makes the same blends again.
    private static readonly Cellar Cellar = new CellarBuilder()
        .Full("CH", 200, "Chardonnay")
        .Full("PN", 120, "Pinot Noir")
        .Full("PM", 80, "Meunier")
        .Empty("E400", 400)
        .Empty("E320", 320)
        .Empty("E280", 280)
        .Build();

    private static readonly Formula Formula = Some.Formula(("Chardonnay", 50m), ("Pinot Noir", 30m), ("Meunier", 20m));

    private static readonly ShareRequirement MeunierAtLeast25 = new("variety=Meunier", ["Meunier"], 25m, null);

    public static TheoryData<PlanningStrategy> Strategies() =>
        [PlanningStrategy.Exhaustive, PlanningStrategy.SplitAssemble, PlanningStrategy.MultiLevel, PlanningStrategy.Auto];

    private static SolverSettings Exact(PlanningStrategy strategy) => Some.Settings(strategy) with { AccuracyResolutionPp = 0m };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void ARequirementTheFormulasExactBlendBreaksMovesThePlanToTheBestBlendThatMeetsIt(PlanningStrategy strategy)
    {
        var free = Some.Plan(Some.Request(Cellar, Formula), Exact(strategy), work: 5);
        var request = Some.Request(Cellar, Formula) with { Requirements = [MeunierAtLeast25] };

        var result = Some.Plan(request, Exact(strategy), work: 5);

        free.Blend!.MaxDeviation.Should().Be(Fraction.Zero);
        free.Blend.Volume.Should().Be(400);
        result.Plan.Should().NotBeNull(result.Message);
        var report = PlanVerifier.Verify(request, result.Plan!);
        report.IsValid.Should().BeTrue(string.Join("\n", report.Violations.Select(v => v.Message)));
        report.Blend!.MaxDeviation.Should().Be(new Fraction(3, 10));
        report.Blend.Volume.Should().Be(280);
        MeunierAtLeast25.ShareIn(report.Blend.Blend).Should().Be(new Fraction(2, 7));
        if (strategy is PlanningStrategy.Exhaustive or PlanningStrategy.SplitAssemble)
        {
            result.Status.Should().Be(PlanStatus.Optimal);
            result.Verdict.Summary.Should().EndWith("meeting the share requirement");
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void ARequirementNoPlanCanMeetEndsAsNoPlanNamingIt(PlanningStrategy strategy)
    {
        // Every blend the cellar can make holds at least 50 % Chardonnay.
        var request = Some.Request(Cellar, Formula) with { Requirements = [new ShareRequirement("variety=Chardonnay", ["Chardonnay"], null, 45m)] };

        var result = Some.Plan(request, Exact(strategy), work: 5);

        result.Plan.Should().BeNull();
        if (strategy != PlanningStrategy.MultiLevel)
        {
            result.Status.Should().Be(PlanStatus.NoPlan);
        }

        result.Message.Should().Contain("variety=Chardonnay <= 45 %");
        result.Verdict.Summary.Should().Contain("meeting the share requirement");
    }

    [Fact]
    public void ABoundTheBestBlendMeetsExactlyKeepsIt()
    {
        // 20 % Meunier is exactly the formula's blend: an inclusive bound must not push the planner off it.
        var request = Some.Request(Cellar, Formula) with { Requirements = [new ShareRequirement("m", ["Meunier"], 20m, 20m)] };

        foreach (var strategy in new[] { PlanningStrategy.Exhaustive, PlanningStrategy.SplitAssemble })
        {
            var result = Some.Plan(request, Exact(strategy), work: 5);

            result.Blend!.MaxDeviation.Should().Be(Fraction.Zero, strategy.ToString());
            result.Blend.Volume.Should().Be(400);
        }
    }

    [Fact]
    public void ABlendedSourceCountsTowardARequirementByItsShareOfTheWines()
    {
        // The blended tank is 1/3 A. A 30 hL piece of it with the 70 hL of C is the exact 10/20/70 at
        // 10 % A: at least 10 % keeps it. Anything more needs more of the blend: all of it with all of
        // C (160 hL into F and P2, 18.75 % A, 26.25 pp off) beats the blend alone (70 pp off).
        var blend = Composition.Mix([(Composition.Pure("A"), 30), (Composition.Pure("B"), 60)]);
        var sources = new[] { new SourceTank("AB", 90, blend), new SourceTank("C", 70, "C") };
        (string, long)[] empties = [("P1", 30), ("P2", 60), ("F", 100)];
        var formula = Some.Formula(("A", 10m), ("B", 20m), ("C", 70m));

        var inclusive = Assembly.Run(sources, empties, formula, requirements: [new ShareRequirement("a", ["A"], 10m, null)]);
        var stricter = Assembly.Run(sources, empties, formula, requirements: [new ShareRequirement("a", ["A"], 10.001m, null)]);

        inclusive.Status.Should().Be(PlanStatus.Optimal);
        inclusive.Plan!.FinalTransfer!.VolumeFilled.Should().Be(100);
        stricter.Status.Should().Be(PlanStatus.Optimal);
        stricter.Plan!.FinalTransfer!.VolumeFilled.Should().Be(160);
        stricter.Plan.FinalTransfer.From.Select(f => f.TankId).Should().BeEquivalentTo(["AB", "C"]);
    }

    [Fact]
    public void ThePatternStartIsSkippedWhenTheRequestHasRequirements()
    {
        var cellar = new CellarBuilder().Full("A", 100, "A").Full("B", 100, "B").Empty("E200", 200).Build();
        var formula = Some.Formula(("A", 50m), ("B", 50m));
        Build(cellar, Some.Request(cellar, formula)).Should().BeTrue();

        Build(cellar, Some.Request(cellar, formula) with { Requirements = [new ShareRequirement("a", ["A"], 40m, null)] }).Should().BeFalse();

        static bool Build(Cellar cellar, BlendRequest request) => PatternStart.Applies(SplitAssembleModel.Build(
            [.. cellar.Tanks.Where(t => t.IsFull).Select(t => new SourceTank(t.Id, t.Capacity, t.Contents!))],
            [.. cellar.Tanks.Where(t => !t.IsFull).Select(t => (t.Id, t.Capacity))],
            TargetShares.From(request.Formula, TargetShares.PartsPerMillion),
            AssemblyLimits.Of(request)));
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 16)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SplitThenAssembleReachesTheReferenceOptimumUnderARequirement(int seed)
    {
        var (cellar, formula, requirement) = SmallCellar(seed, fullTanks: 4, emptyTanks: 4);
        var request = Some.Request(cellar, formula) with { Requirements = [requirement] };

        // The reference enumerates every plan of the family and keeps those the verifier accepts.
        var reference = SplitAssembleReference.Best(request);
        var result = Some.Plan(request, Some.ExactSplitAssemble, work: 5);

        if (reference is null)
        {
            result.Status.Should().Be(PlanStatus.NoPlan);
            return;
        }

        result.Status.Should().Be(PlanStatus.Optimal);
        PlanVerifier.Verify(request, result.Plan!).IsValid.Should().BeTrue();
        result.Blend!.MaxDeviationPp.Should().BeApproximately(reference.Value.Report.MaxDeviationPp, 0.0001 + 1e-9);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TheExhaustiveSearchFindsTheSameOptimumAsANaiveEnumerationUnderARequirement(int seed)
    {
        var (cellar, formula, requirement) = SmallCellar(seed, fullTanks: 3, emptyTanks: 2);
        var request = Some.Request(cellar, formula) with { Requirements = [requirement], MaxSteps = 2 };

        var expected = NaiveTransferSearch.Best(cellar, formula, maxSteps: 2, admits: requirement.IsMetBy);
        var result = Some.Plan(request, Exact(PlanningStrategy.Exhaustive));

        result.Status.Should().BeOneOf(PlanStatus.Optimal, PlanStatus.NoPlan);
        if (expected is null)
        {
            result.Plan.Should().BeNull();
            return;
        }

        var report = PlanVerifier.Verify(request, result.Plan!);
        report.IsValid.Should().BeTrue(string.Join("\n", report.Violations.Select(v => v.Message)));
        report.Blend!.MaxDeviation.Should().Be(expected.MaxDeviation);
        report.Blend.Volume.Should().Be(expected.Volume);
    }

    /// <summary>
    /// A random small cellar (wines W1–W3) and a requirement on W1, or on W1 and W2, that binds often:
    /// its bound lies within 20 pp of the formula's own share of those wines, above or below.
    /// </summary>
    private static (Cellar Cellar, Formula Formula, ShareRequirement Requirement) SmallCellar(int seed, int fullTanks, int emptyTanks)
    {
        var random = new Random(seed);
        var builder = new CellarBuilder();
        for (var i = 0; i < fullTanks; i++)
        {
            builder.Full($"F{i + 1}", random.Next(2, 10), $"W{(i < 3 ? i : random.Next(3)) + 1}");
        }

        for (var i = 0; i < emptyTanks; i++)
        {
            builder.Empty($"E{i + 1}", random.Next(2, 16));
        }

        var formula = new Formula(Enumerable.Range(1, 3).Select(w => new FormulaLine($"W{w}", random.Next(1, 10))));
        string[] wines = random.Next(2) == 0 ? ["W1"] : ["W1", "W2"];
        var share = wines.Aggregate(Fraction.Zero, (sum, w) => sum + formula.ShareOf(w)).ToDouble() * 100;
        var bound = Math.Clamp(Math.Round((decimal)share + random.Next(-20, 21), 1), 0m, 100m);
        var requirement = random.Next(2) == 0
            ? new ShareRequirement("set", wines, bound, null)
            : new ShareRequirement("set", wines, null, bound);
        return (builder.Build(), formula, requirement);
    }
}
