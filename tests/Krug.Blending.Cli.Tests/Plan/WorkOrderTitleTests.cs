using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Cli.Output;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>The work order titles each transfer by what it does to the wine, so a move is never read as a blend.</summary>
public sealed class WorkOrderTitleTests
{
    // A: 100 hL of Avize in A1 and A2 (50 each); B: 100 hL of Bouzy; six empty tanks.
    private static readonly Cellar Cellar = new(
        [
            new Tank("A1", 50, "Avize"), new Tank("A2", 50, "Avize"), new Tank("B1", 100, "Bouzy"),
            new Tank("E1", 100, null), new Tank("E2", 50, null), new Tank("E3", 50, null), new Tank("E4", 200, null),
            new Tank("E5", 100, null), new Tank("E6", 100, null),
        ],
        VolumeUnit.Hectolitres);

    private static readonly Formula Formula = new([new FormulaLine("Avize", 50m), new FormulaLine("Bouzy", 50m)]);

    [Fact]
    public void ATransferOfOneWineIsASplitOrAMoveAndOnlyMixingIsABlend()
    {
        var plan = new Plan(
        [
            Step(1,
                Transfer(1, From(("A1", 50), ("A2", 50)), To(("E1", 100))),
                Transfer(2, From(("B1", 100)), To(("E2", 50), ("E3", 50)))),
            Step(2,
                Transfer(3, From(("E1", 100)), To(("E5", 100))),
                Transfer(4, From(("E2", 50), ("E3", 50)), To(("E6", 100)))),
            Step(3, Transfer(5, From(("E5", 100), ("E6", 100)), To(("E4", 200)))),
        ]);
        var titles = WorkOrderOf(plan).Split('\n').Where(l => l.TrimStart().StartsWith("Transfer ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        titles.Should().Equal(
            "Transfer 1 (move): 100 hL",
            "Transfer 2 (split B1): 100 hL",
            "Transfer 3 (move E1): 100 hL",
            "Transfer 4 (move): 100 hL",
            "Transfer 5 (final blend): 200 hL");
    }

    [Fact]
    public void TanksOfDifferentWinesPouredTogetherBeforeTheFinalTransferAreABlend()
    {
        var plan = new Plan(
        [
            Step(1, Transfer(1, From(("A1", 50), ("B1", 100)), To(("E2", 50), ("E5", 100)))),
            Step(2, Transfer(2, From(("E2", 50), ("E5", 100), ("A2", 50)), To(("E4", 200)))),
        ]);
        WorkOrderOf(plan).Should().Contain("Transfer 1 (blend): 150 hL").And.Contain("Transfer 2 (final blend): 200 hL");
    }

    /// <summary>The work order of <paramref name="plan"/>, which must pass the verifier.</summary>
    private static string WorkOrderOf(Plan plan)
    {
        var verification = PlanVerifier.Verify(new BlendRequest(Cellar, Formula), plan);
        verification.IsValid.Should().BeTrue(string.Join("\n", verification.Violations.Select(v => v.Message)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WorkOrderWriter.Write(writer, Cellar, plan, verification.Blend!);
        return writer.ToString();
    }

    private static PlanStep Step(int number, params Transfer[] transfers) => new(number, [.. transfers]);

    private static Transfer Transfer(int number, ImmutableArray<TankVolume> from, ImmutableArray<TankVolume> to) => new(number, from, to);

    private static ImmutableArray<TankVolume> From(params (string Tank, long Volume)[] tanks) => [.. tanks.Select(t => new TankVolume(t.Tank, t.Volume))];

    private static ImmutableArray<TankVolume> To(params (string Tank, long Volume)[] tanks) => From(tanks);
}
