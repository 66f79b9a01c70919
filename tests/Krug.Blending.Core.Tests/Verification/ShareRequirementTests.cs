using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Verification;

/// <summary>The verifier's check of share requirements, and the requirement's own arithmetic.</summary>
public sealed class ShareRequirementTests
{
    // Chardonnay 100, Pinot Noir 100, Meunier 200: all three in the 400 make 25 / 25 / 50.
    private static readonly Cellar Cellar = new CellarBuilder()
        .Full("T1", 100, "Chardonnay")
        .Full("T2", 100, "Pinot Noir")
        .Full("T3", 200, "Meunier")
        .Empty("E400", 400)
        .Empty("E200", 200)
        .Empty("E100a", 100)
        .Empty("E100b", 100)
        .Build();

    private static readonly Formula Formula = Some.Formula(("Chardonnay", 30m), ("Pinot Noir", 30m), ("Meunier", 40m));

    private static readonly Plan AllThree = Some.Plan(Cellar, "T1 T2 T3 -> E400");

    private static VerificationReport Verify(Plan plan, params ShareRequirement[] requirements) =>
        PlanVerifier.Verify(new BlendRequest(Cellar, Formula) { Requirements = [.. requirements] }, plan);

    private static ShareRequirement AtLeast(string label, decimal percent, params string[] wines) => new(label, wines, percent, null);

    private static ShareRequirement AtMost(string label, decimal percent, params string[] wines) => new(label, wines, null, percent);

    [Fact]
    public void ALowerBoundReachedExactlyIsMet()
    {
        var report = Verify(AllThree, AtLeast("colour=black", 50m, "Pinot Noir", "Meunier"), AtLeast("pinots", 50m, "Pinot Noir", "Chardonnay"));

        report.IsValid.Should().BeTrue(string.Join("\n", report.Violations.Select(v => v.Message)));
    }

    [Fact]
    public void AShareBelowTheLowerBoundIsARequestLimitNamingTheLabelTheShareAndTheBound()
    {
        var report = Verify(AllThree, AtLeast("variety=Chardonnay", 30m, "Chardonnay"));

        report.IsValid.Should().BeFalse();
        report.Blend.Should().NotBeNull("a plan that only misses a requirement still replays");
        var violation = report.Violations.Should().ContainSingle().Subject;
        violation.Kind.Should().Be(ViolationKind.RequirementNotMet);
        ViolationKinds.IsRequestLimit(violation.Kind).Should().BeTrue();
        (violation.Step, violation.Transfer, violation.TankId).Should().Be((null, null, null));
        violation.Message.Should().Be("The blend holds 25 % of variety=Chardonnay; at least 30 % is required.");
    }

    [Fact]
    public void AShareAboveTheUpperBoundIsReportedWithTheBound()
    {
        var report = Verify(AllThree, AtMost("variety=Meunier", 40m, "Meunier"));

        report.Violations.Should().ContainSingle().Which.Message.Should().Be("The blend holds 50 % of variety=Meunier; at most 40 % is allowed.");
    }

    [Fact]
    public void BothBoundsOfOneRequirementAreChecked()
    {
        var within = new ShareRequirement("vintage=2019", ["Meunier"], 45m, 55m);
        var above = new ShareRequirement("vintage=2019", ["Meunier"], 20m, 45m);
        var below = new ShareRequirement("vintage=2019", ["Meunier"], 55m, 60m);

        Verify(AllThree, within).IsValid.Should().BeTrue();
        Verify(AllThree, above).Violations.Should().ContainSingle().Which.Message.Should().Contain("at most 45 %");
        Verify(AllThree, below).Violations.Should().ContainSingle().Which.Message.Should().Contain("at least 55 %");
    }

    [Fact]
    public void EveryRequirementMissedIsReported()
    {
        var report = Verify(AllThree, AtLeast("a", 30m, "Chardonnay"), AtMost("b", 40m, "Meunier"), AtLeast("c", 10m, "Pinot Noir"));

        report.Violations.Select(v => v.Message).Should().HaveCount(2)
            .And.Contain(m => m.Contains("of a;", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("of b;", StringComparison.Ordinal));
    }

    [Fact]
    public void ABlendMadeOfSeveralSourcesAndPiecesCountsEachWineByItsShare()
    {
        // Meunier is split into two 100s; one joins the Chardonnay (50 / 50), that pre-blend is split
        // again and half of it goes with the Pinot Noir: 25 % Chardonnay, 25 % Meunier, 50 % Pinot Noir.
        var plan = Some.Plan(Cellar, "T3 -> E100a E100b", "T1 E100a -> E200", "E200 -> T1 E100a", "E100a T2 -> E200");
        var request = new BlendRequest(Cellar, Formula) { AllowLeftoverBlends = true };

        var reached = PlanVerifier.Verify(request with { Requirements = [AtLeast("pinot", 50m, "Pinot Noir"), AtMost("chardonnay", 25m, "Chardonnay")] }, plan);
        var missed = PlanVerifier.Verify(request with { Requirements = [AtLeast("white", 25.5m, "Chardonnay")] }, plan);

        reached.IsValid.Should().BeTrue(string.Join("\n", reached.Violations.Select(v => v.Message)));
        reached.Blend!.Blend.ShareOf("Pinot Noir").Should().Be(new Fraction(1, 2));
        missed.Violations.Should().ContainSingle().Which.Message.Should().Be("The blend holds 25 % of white; at least 25.5 % is required.");
    }

    [Fact]
    public void AShareJustShortOfTheBoundIsNotPrintedAsTheBound()
    {
        var cellar = new CellarBuilder().Full("A", 699_999, "A").Full("B", 1_300_001, "B").Empty("E", 2_000_000).Build();
        var request = new BlendRequest(cellar, Some.Formula(("A", 35m), ("B", 65m))) { Requirements = [AtLeast("wine=A", 35m, "A")] };

        var report = PlanVerifier.Verify(request, Some.Plan(cellar, "A B -> E"));

        report.Violations.Should().ContainSingle().Which.Message.Should().Be("The blend holds 34.99995 % of wine=A; at least 35 % is required.");
    }

    [Fact]
    public void WinesAbsentFromTheBlendOrTheCellarCountZero()
    {
        var report = Verify(AllThree, AtMost("unknown", 0m, "Krug 1928"), new ShareRequirement("nothing", [], 0m, 0m));

        report.IsValid.Should().BeTrue();
        Verify(AllThree, AtLeast("unknown", 0.001m, "Krug 1928")).IsValid.Should().BeFalse();
    }

    [Fact]
    public void TheShareIsExact()
    {
        var blend = Composition.Mix([(Composition.Pure("A"), 1), (Composition.Pure("B"), 2)]);
        var third = new ShareRequirement("a", ["A"], 33.333m, 33.334m);

        third.ShareIn(blend).Should().Be(new Fraction(1, 3));
        third.IsMetBy(blend).Should().BeTrue();
        new ShareRequirement("a", ["A"], 33.3334m, null).IsMetBy(blend).Should().BeFalse();
        new ShareRequirement("a", ["A"], null, 33.3333m).IsMetBy(blend).Should().BeFalse();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(-1.0, null)]
    [InlineData(null, 100.5)]
    [InlineData(60.0, 40.0)]
    public void ARequirementWithoutABoundOrWithBoundsOutOfOrderIsAContractViolation(double? min, double? max)
    {
        var act = () => new ShareRequirement("x", ["A"], (decimal?)min, (decimal?)max);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ItReadsAsItsLabelAndBounds()
    {
        AtLeast("variety=Chardonnay", 35m, "A").ToString().Should().Be("variety=Chardonnay >= 35 %");
        AtMost("cru=Ay", 12.5m, "A").ToString().Should().Be("cru=Ay <= 12.5 %");
        new ShareRequirement("vintage=2019", ["A"], 80m, 90m).ToString().Should().Be("vintage=2019 80–90 %");
    }
}
