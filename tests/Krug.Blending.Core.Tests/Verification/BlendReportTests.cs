using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Verification;

public class BlendReportTests
{
    [Fact]
    public void PouringTheTwoLargeWinesOfTheSpecExampleMisses20PercentOfTheSmallOne()
    {
        var cellar = Some.SpecCellar();

        var report = PlanVerifier.Verify(new BlendRequest(cellar, Some.SpecFormula()), Some.Plan(cellar, "C002 C003 -> C004 C006")).Blend!;

        // 2500 B + 3750 C = 6250 into 1875 + 4375: A 0, B 2/5, C 3/5 against 1/5, 2/5, 2/5.
        report.Volume.Should().Be(6250);
        report.FinalTanks.Should().Equal("C004", "C006");
        report.Wines.Select(w => (w.Wine, w.Target, w.Achieved)).Should().Equal(
            ("A", new Fraction(1, 5), Fraction.Zero),
            ("B", new Fraction(2, 5), new Fraction(2, 5)),
            ("C", new Fraction(2, 5), new Fraction(3, 5)));
        report.MaxDeviation.Should().Be(new Fraction(1, 5));
        report.MaxDeviationPp.Should().BeApproximately(20, 1e-12);
        report.EuclideanPp.Should().BeApproximately(Math.Sqrt(20 * 20 + 20 * 20), 1e-9);
        report.Wasted.Should().Be(0);
        report.Unused.Should().Be(1250, "C001 is still full of A");
        report.Transfers.Should().Be(1);
        report.Steps.Should().Be(1);
    }

    [Fact]
    public void PercentagesAndDeviationsOfEachWineAreReadFromTheExactShares()
    {
        var cellar = Some.SpecCellar();

        var report = PlanVerifier.Verify(new BlendRequest(cellar, Some.SpecFormula()), Some.Plan(cellar, "C003 -> C004 C005", "C002 C004 -> C006")).Blend!;

        // 2500 B + 1875 C = 4375: B 4/7, C 3/7.
        var b = report.Wines.Single(w => w.Wine == "B");
        b.TargetPercent.Should().BeApproximately(40, 1e-12);
        b.AchievedPercent.Should().BeApproximately(400.0 / 7, 1e-9);
        b.DeviationPp.Should().BeApproximately(400.0 / 7 - 40, 1e-9);
        report.Wines.Single(w => w.Wine == "A").DeviationPp.Should().BeApproximately(-20, 1e-12);
        report.MaxDeviation.Should().Be(new Fraction(1, 5));
        report.EuclideanPp.Should().BeApproximately(Math.Sqrt(400 + Math.Pow(600.0 / 35, 2) + Math.Pow(100.0 / 35, 2)), 1e-9);
        report.Unused.Should().Be(1250 + 1875, "C001 (A) and C005 (half of C) stay full");
        report.Transfers.Should().Be(2);
        report.Steps.Should().Be(2);
    }

    [Fact]
    public void BlendingFirstAndSplittingAfterwardsHitsTheSpecFormulaExactly()
    {
        var cellar = Some.SpecCellar();
        var plan = Some.Plan(cellar, "C003 -> C004 C005", "C001 C002 -> C003", "C004 C005 -> C001 C002", "C002 C003 -> C004 C006");

        var report = PlanVerifier.Verify(new BlendRequest(cellar, Some.SpecFormula()), plan).Blend!;

        // C003 holds 1250 A + 2500 B; C002 holds 2500 C: together 1250/2500/2500 of 6250.
        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.EuclideanPp.Should().Be(0);
        report.Volume.Should().Be(6250);
        report.Blend.Shares.Should().Equal(new Dictionary<string, Fraction> { ["A"] = new(1, 5), ["B"] = new(2, 5), ["C"] = new(2, 5) });
        report.Unused.Should().Be(1250, "C001 keeps 1250 of C");
        report.Transfers.Should().Be(4);
        report.Steps.Should().Be(4);
    }

    [Fact]
    public void AWineInTheCellarButNotInTheFormulaIsAimedAtZeroAndListedAfterTheFormulaByName()
    {
        var cellar = new CellarBuilder()
            .Full("T1", 100, "A")
            .Full("T2", 100, "B")
            .Full("T3", 30, "X")
            .Full("T4", 20, "W")
            .Empty("E", 250)
            .Build();
        var formula = Some.Formula(("B", 50m), ("A", 50m));

        var report = PlanVerifier.Verify(new BlendRequest(cellar, formula), Some.Plan(cellar, "T1 T2 T3 T4 -> E")).Blend!;

        report.Wines.Select(w => (w.Wine, w.Target, w.Achieved)).Should().Equal(
            ("B", new Fraction(1, 2), new Fraction(2, 5)),
            ("A", new Fraction(1, 2), new Fraction(2, 5)),
            ("W", Fraction.Zero, new Fraction(2, 25)),
            ("X", Fraction.Zero, new Fraction(3, 25)));
        report.MaxDeviation.Should().Be(new Fraction(3, 25));
        report.EuclideanPp.Should().BeApproximately(Math.Sqrt(100 + 100 + 64 + 144), 1e-9);
        report.Unused.Should().Be(0);
    }

    [Fact]
    public void AWineOfTheCellarLeftOutOfTheBlendIsNotListed()
    {
        var cellar = new CellarBuilder().Full("T1", 100, "A").Full("T2", 100, "X").Empty("E", 100).Build();

        var report = PlanVerifier.Verify(new BlendRequest(cellar, Some.Formula(("A", 100m))), Some.Plan(cellar, "T1 -> E")).Blend!;

        report.Wines.Select(w => w.Wine).Should().Equal("A");
        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Unused.Should().Be(100);
    }

    // The client's waste example: 50 of wine 1, 100 of wine 2, a 50/50 formula.
    private static readonly Cellar WasteCellar = new CellarBuilder()
        .Full("W1", 50, "1")
        .Full("W2", 100, "2")
        .Empty("E100", 100)
        .Empty("E150", 150)
        .Build();

    private static readonly Formula HalfAndHalf = Some.Formula(("1", 50m), ("2", 50m));

    [Fact]
    public void WastingHalfOfTheSecondWineMatchesTheFormulaWhenWasteIsAllowed()
    {
        var report = PlanVerifier.Verify(new BlendRequest(WasteCellar, HalfAndHalf) { AllowWaste = true }, Some.Plan(WasteCellar, "W1 W2:50 -> E100"));

        report.IsValid.Should().BeTrue();
        report.Blend!.MaxDeviation.Should().Be(Fraction.Zero);
        report.Blend.Volume.Should().Be(100);
        report.Blend.Wasted.Should().Be(50);
        report.Blend.Unused.Should().Be(0);
    }

    [Fact]
    public void TheSameWastefulPlanIsRefusedWhenWasteIsNotAllowed()
    {
        var report = PlanVerifier.Verify(new BlendRequest(WasteCellar, HalfAndHalf), Some.Plan(WasteCellar, "W1 W2:50 -> E100"));

        report.Violations.Select(v => (v.Kind, v.TankId)).Should().Equal((ViolationKind.PartialDrawWithoutWaste, "W2"));
    }

    [Fact]
    public void KeepingEverythingGivesOneThirdTwoThirdsWithoutWaste()
    {
        var report = PlanVerifier.Verify(new BlendRequest(WasteCellar, HalfAndHalf), Some.Plan(WasteCellar, "W1 W2 -> E150")).Blend!;

        report.Volume.Should().Be(150);
        report.Wasted.Should().Be(0);
        report.MaxDeviation.Should().Be(new Fraction(1, 6));
        report.EuclideanPp.Should().BeApproximately(Math.Sqrt(2) * 100.0 / 6, 1e-9);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(50L, true)]
    [InlineData(49L, false)]
    [InlineData(0L, false)]
    public void TheWasteLimitIsInclusive(long? maxWaste, bool valid)
    {
        var report = PlanVerifier.Verify(new BlendRequest(WasteCellar, HalfAndHalf) { AllowWaste = true, MaxWaste = maxWaste }, Some.Plan(WasteCellar, "W1 W2:50 -> E100"));

        report.IsValid.Should().Be(valid);
        if (!valid)
        {
            report.Violations.Select(v => v.Kind).Should().Equal(ViolationKind.WasteLimitExceeded);
        }
    }

    [Fact]
    public void WasteAddsUpOverEveryPartialDraw()
    {
        var cellar = new CellarBuilder().Full("T1", 100, "A").Full("T2", 80, "B").Empty("E50", 50).Empty("E30", 30).Empty("E60", 60).Build();
        var plan = Some.Plan(cellar, "T1:50 -> E50 | T2:30 -> E30", "E50:20 E30:30 -> T2:50");

        var report = PlanVerifier.Verify(new BlendRequest(cellar, HalfAndHalf) { AllowWaste = true }, plan);

        report.Violations.Select(v => v.Kind).Should().Equal(ViolationKind.CapacityMismatch);
        var fixedPlan = Some.Plan(cellar, "T1:50 -> E50 | T2:30 -> E30", "E50:30 E30 -> E60");
        var fixedReport = PlanVerifier.Verify(new BlendRequest(cellar, HalfAndHalf) { AllowWaste = true }, fixedPlan).Blend!;
        fixedReport.Wasted.Should().Be(50 + 50 + 20);
        fixedReport.Volume.Should().Be(60);
        fixedReport.Blend.ShareOf("A").Should().Be(new Fraction(1, 2));
        fixedReport.Unused.Should().Be(0);
    }

    [Fact]
    public void AnExcludedTankLeftAloneStaysUnusedWine()
    {
        var cellar = Some.SpecCellar();
        var report = PlanVerifier.Verify(new BlendRequest(cellar, Some.SpecFormula()) { ExcludedTanks = ["C001", "C005"] }, Some.Plan(cellar, "C002 C003 -> C004 C006"));

        report.IsValid.Should().BeTrue();
        report.Blend!.Unused.Should().Be(1250);
    }

    [Fact]
    public void AKeptWineStaysOutOfTheBlendAndCountsAsUnused()
    {
        var cellar = Some.SpecCellar();
        var report = PlanVerifier.Verify(new BlendRequest(cellar, Some.SpecFormula()) { KeptWines = ["A"] }, Some.Plan(cellar, "C002 C003 -> C004 C006"));

        report.IsValid.Should().BeTrue();
        report.Blend!.Blend.ShareOf("A").Should().Be(Fraction.Zero);
        report.Blend.Unused.Should().Be(1250);
    }
}
