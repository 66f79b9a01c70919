using Google.OrTools.Sat;
using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

/// <summary>Splits that pour a few whole tanks together (group splits) in the split-then-assemble model.</summary>
public sealed class GroupSplitTests
{
    private static readonly SolverSettings Exact = Some.ExactSplitAssemble;

    // A 60 hL and B 90 hL are both wanted at a third of their stock (20 and 30 hL), C 50 hL whole.
    // No set of the empties (50, 100, 100) adds up to 60 or 90, so neither A nor B can be split alone.
    private static Cellar TwoWinesNoEmptyCanSplit() => new CellarBuilder()
        .Full("A", 60, "A").Full("B", 90, "B").Full("C", 50, "C")
        .Empty("E50", 50).Empty("E100a", 100).Empty("E100b", 100)
        .Build();

    private static readonly Formula TwentyThirtyFifty = Some.Formula(("A", 20m), ("B", 30m), ("C", 50m));

    private static BlendRequest Leftovers(Cellar cellar) => Some.Request(cellar, TwentyThirtyFifty) with { AllowLeftoverBlends = true };

    [Fact]
    public void WithLeftoverBlendsAllowedPouringTwoTanksTogetherReachesAFormulaNeitherTankCanReachAlone()
    {
        var request = Leftovers(TwoWinesNoEmptyCanSplit());

        var result = Some.Plan(request, Exact);

        // A + B (150 hL, 40/60) poured into 50 + 100; the 50 hL piece (20 A + 30 B) and C whole fill the other 100.
        result.Status.Should().Be(PlanStatus.Optimal);
        var report = Replay(request, result.Plan!);
        report.MaxDeviation.Should().Be(Fraction.Zero);
        report.Volume.Should().Be(100);
        result.Plan!.Steps[0].Transfers.Should().ContainSingle()
            .Which.From.Select(f => f.TankId).Should().Equal("A", "B");
        report.After.LeftoverBlends.Should().ContainSingle("the other 100 hL piece of A and B is a mixed reserve now")
            .Which.Capacity.Should().Be(100);
    }

    [Fact]
    public void ByDefaultNoTanksArePouredTogetherBecauseTheirUnusedPiecesWouldBeMixedReserves()
    {
        var request = Some.Request(TwoWinesNoEmptyCanSplit(), TwentyThirtyFifty);

        var result = Some.Plan(request, Exact);

        result.Status.Should().Be(PlanStatus.Optimal);
        var report = Replay(request, result.Plan!);
        report.MaxDeviation.Should().Be(new Fraction(1, 4), "without groups A, B and C can only go whole");
        report.After.LeftoverBlends.Should().BeEmpty();
    }

    [Fact]
    public void WithoutGroupSplitsTheSameCellarStaysAQuarterOff()
    {
        var request = Leftovers(TwoWinesNoEmptyCanSplit());

        var result = Some.Plan(request, Exact with { GroupSplits = false });

        // By hand: A, B and C can only go whole; all three (200 hL into 100 + 100) is 30/45/25, 25 pp off,
        // and every smaller choice leaves out a wine wanted at 20 % or more.
        result.Status.Should().Be(PlanStatus.Optimal);
        Replay(request, result.Plan!).MaxDeviation.Should().Be(new Fraction(1, 4));
    }

    [Fact]
    public void TheNeighbourhoodSearchTradesSingleTankSplitsForAGroupSplit()
    {
        var cellar = TwoWinesNoEmptyCanSplit();
        var targets = Shares(TwentyThirtyFifty);
        var sources = cellar.Tanks.Where(t => t.IsFull).Select(t => new SourceTank(t.Id, t.Capacity, t.Contents!)).ToList();
        sources.AddRange(GroupCandidates.For(sources, emptyTanks: 3, targets));
        var request = Leftovers(cellar);
        var model = SplitAssembleModel.Build(sources, [.. cellar.Tanks.Where(t => !t.IsFull).Select(t => (t.Id, t.Capacity))], targets, AssemblyLimits.Of(request));
        model.Model.Minimize(model.AccuracyObjective);
        long[] plain;
        using (var restriction = new DomainRestriction())
        {
            model.WithoutGroups(restriction);
            using var solver = new CpSolver { StringParameters = "num_workers:1 random_seed:1" };
            solver.Solve(model.Model).Should().Be(CpSolverStatus.Optimal);
            plain = model.Snapshot(solver);
        }

        var outcome = new NeighbourhoodSearch(model, targets, Exact, new NeighbourhoodSettings { RoundSeconds = 5 })
            .Improve(plain, 0, Some.Work(10), null, CancellationToken.None);

        Replay(request, model.Decode(v => plain[v.GetIndex()])).MaxDeviation.Should().Be(new Fraction(1, 4));
        outcome.Best[model.AccuracyObjective.GetIndex()].Should().Be(0);
        Replay(request, model.Decode(v => outcome.Best[v.GetIndex()])).MaxDeviation.Should().Be(Fraction.Zero);
    }

    [Fact]
    public void TanksWhoseWinesAreWantedInTheSameProportionToStockAreGrouped()
    {
        var sources = Pure(("A", 60, "A"), ("B", 90, "B"), ("C", 50, "C"));

        var groups = GroupCandidates.For(sources, emptyTanks: 3, Shares(TwentyThirtyFifty));

        groups.Should().ContainSingle().Which.Members.Select(m => m.Id).Should().Equal("A", "B");
        groups[0].Capacity.Should().Be(150);
        groups[0].Contents.ShareOf("A").Should().Be(new Fraction(2, 5));
    }

    [Fact]
    public void TwoTanksOfOneWineAreNeverGrouped()
    {
        var sources = Pure(("A1", 60, "A"), ("A2", 90, "A"), ("B", 50, "B"));

        var groups = GroupCandidates.For(sources, emptyTanks: 2, Shares(Some.Formula(("A", 50m), ("B", 50m))));

        groups.Should().BeEmpty();
    }

    [Fact]
    public void WinesOutsideTheFormulaAndBlendedTanksTakeNoPart()
    {
        var sources = Pure(("A", 60, "A"), ("X", 90, "X"), ("B", 90, "B")).ToList();
        sources.Add(new SourceTank("AB", 150, Composition.Mix([(Composition.Pure("A"), 60), (Composition.Pure("B"), 90)])));

        var groups = GroupCandidates.For(sources, emptyTanks: 2, Shares(Some.Formula(("A", 40m), ("B", 60m))));

        groups.Should().ContainSingle().Which.Members.Select(m => m.Id).Should().Equal("A", "B");
    }

    [Fact]
    public void WhichTankOfAWineIsGroupedDoesNotDependOnTankNames()
    {
        // A's two tanks tie on demand and B's is next (3 % more per hL of stock): only one of A's tanks
        // can neighbour B. Renaming the tanks in the opposite order must offer the same group (found by
        // a property test: it once did not).
        var formula = Shares(Some.Formula(("A", 40m), ("B", 60m)));
        var named = Pure(("T05", 150, "A"), ("T06", 500, "A"), ("T02", 950, "B"));
        var renamed = Pure(("Cuve 995", 150, "A"), ("Cuve 994", 500, "A"), ("Cuve 998", 950, "B"));

        var groups = GroupCandidates.For(named, emptyTanks: 2, formula);
        var renamedGroups = GroupCandidates.For(renamed, emptyTanks: 2, formula);

        groups.Should().NotBeEmpty();
        renamedGroups.Select(g => g.Members.Select(m => m.Capacity).Order())
            .Should().BeEquivalentTo(groups.Select(g => g.Members.Select(m => m.Capacity).Order()), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void GroupsAreOfferedOnlyWhenEmptyTanksAreScarce(int emptyTanks, bool offered)
    {
        // Every split needs two empty tanks at least; with two per wine there is room to split each wine alone.
        var sources = Pure(("A", 60, "A"), ("B", 90, "B"), ("C", 50, "C"));

        var groups = GroupCandidates.For(sources, emptyTanks, Shares(TwentyThirtyFifty));

        groups.Should().HaveCount(offered ? 1 : 0);
    }

    private static SourceTank[] Pure(params (string Id, long Capacity, string Wine)[] tanks) =>
        [.. tanks.Select(t => new SourceTank(t.Id, t.Capacity, t.Wine))];

    private static TargetShares Shares(Formula formula) => TargetShares.From(formula, TargetShares.PartsPerMillion);

    private static BlendReport Replay(BlendRequest request, Plan plan)
    {
        var report = PlanVerifier.Verify(request, plan);
        report.Violations.Should().BeEmpty();
        return report.Blend!;
    }
}
