using System.Collections.Immutable;
using System.Text;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Tests;

public sealed class PlanCsvTests
{
    private static readonly VolumeUnit WholeHectolitres = new("hL", 0);

    private static Transfer Transfer(int number, (string Tank, long Volume)[] from, (string Tank, long Volume)[] to) =>
        new(number, [.. from.Select(f => new TankVolume(f.Tank, f.Volume))], [.. to.Select(t => new TankVolume(t.Tank, t.Volume))]);

    [Fact]
    public void TheWriterProducesTheContractExampleExactly()
    {
        // Tanks deliberately out of order: the writer sorts by step, transfer, role (from first), tank.
        var plan = new Plan(
        [
            new PlanStep(1, [Transfer(1, [("C003", 3750)], [("C005", 1875), ("C004", 1875)])]),
            new PlanStep(2, [Transfer(2, [("C002", 2500), ("C001", 1250)], [("C003", 3750)])]),
        ]);

        var text = PlanCsv.ToText(plan, WholeHectolitres);

        text.Should().Be(
            "step,transfer,tank,role,volume\n" +
            "1,1,C003,from,3750\n" +
            "1,1,C004,to,1875\n" +
            "1,1,C005,to,1875\n" +
            "2,2,C001,from,1250\n" +
            "2,2,C002,from,2500\n" +
            "2,2,C003,to,3750\n");
    }

    [Fact]
    public void TheStreamWriterWritesUtf8WithoutBomAndLineFeeds()
    {
        var plan = new Plan([new PlanStep(1, [Transfer(1, [("Cuve Aÿ", 125050)], [("T2", 125050)])])]);
        using var stream = new MemoryStream();

        PlanCsv.Write(plan, new VolumeUnit("hL", 2), stream);

        var bytes = stream.ToArray();
        bytes.Take(3).Should().NotEqual(Encoding.UTF8.GetPreamble());
        bytes.Should().NotContain((byte)'\r');
        Encoding.UTF8.GetString(bytes).Should().Be("step,transfer,tank,role,volume\n1,1,Cuve Aÿ,from,1250.50\n1,1,T2,to,1250.50\n");
    }

    [Fact]
    public void AnEmptyPlanIsJustTheHeader()
    {
        PlanCsv.ToText(Plan.Empty, WholeHectolitres).Should().Be("step,transfer,tank,role,volume\n");
    }

    /// <summary>
    /// Tank ids are quoted only when RFC 4180 needs it, and those a spreadsheet would run as a formula
    /// get a leading <c>'</c> (docs/csv-formats.md); either way the reader gives back the same id.
    /// </summary>
    [Theory]
    [InlineData("C,1", "\"C,1\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("-5", "'-5")]
    [InlineData("=A1", "'=A1")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("'=A1", "''=A1")]
    [InlineData("''-5", "'''-5")]
    [InlineData("'C1", "'C1")]
    [InlineData("C-1", "C-1")]
    public void TankIdsAreQuotedOnlyWhenNeededAndReadBackUnchanged(string tankId, string written)
    {
        var plan = new Plan([new PlanStep(1, [Transfer(1, [(tankId, 10)], [("T2", 10)])])]);

        var text = PlanCsv.ToText(plan, WholeHectolitres);
        var table = CsvTable.Parse("plan.csv", Encoding.UTF8.GetBytes(text), null, PlanCsv.Header);
        var read = PlanCsv.Read(table.Value!, WholeHectolitres, "tanks.csv");

        text.Split('\n')[1].Should().Be($"1,1,{written},from,10");
        read.IsSuccess.Should().BeTrue(string.Join("\n", read.Errors));
        read.Value!.ToRows().Should().Equal(plan.ToRows());
    }

    [Fact]
    public void AWrittenPlanReadsBackToTheSamePlan()
    {
        var unit = new VolumeUnit("hL", 1);
        var plan = new Plan(
        [
            new PlanStep(1, [Transfer(1, [("A", 125)], [("B", 50), ("C", 75)]), Transfer(2, [("D", 10)], [("E", 10)])]),
            new PlanStep(2, [Transfer(3, [("B", 50), ("E", 10)], [("F", 60)])]),
        ]);

        var table = CsvTable.Parse("plan.csv", Encoding.UTF8.GetBytes(PlanCsv.ToText(plan, unit)), null, PlanCsv.Header);
        var read = PlanCsv.Read(table.Value!, unit, "tanks.csv");

        read.Value!.ToRows().Should().Equal(plan.ToRows());
        read.Value.Steps.Select(s => s.Transfers.Length).Should().Equal(2, 1);
        read.Value.Steps[0].Transfers[0].To.Select(t => (t.TankId, t.Volume)).Should().Equal(("B", 50L), ("C", 75L));
    }

    [Fact]
    public void RowsMayComeInAnyOrder()
    {
        const string text = "step,transfer,tank,role,volume\n2,2,C003,to,3750\n1,1,C004,to,1875\n2,2,C001,from,1250\n1,1,C003,from,3750\n2,2,C002,from,2500\n1,1,C005,to,1875\n";
        var table = CsvTable.Parse("plan.csv", Encoding.UTF8.GetBytes(text), null, PlanCsv.Header);

        var read = PlanCsv.Read(table.Value!, WholeHectolitres, "tanks.csv");

        PlanCsv.ToText(read.Value!, WholeHectolitres).Should().Be(
            "step,transfer,tank,role,volume\n1,1,C003,from,3750\n1,1,C004,to,1875\n1,1,C005,to,1875\n2,2,C001,from,1250\n2,2,C002,from,2500\n2,2,C003,to,3750\n");
        read.Value!.Steps.Should().HaveCount(2);
        read.Value.Steps[1].Transfers[0].From.Select(f => f.TankId).Should().Equal(ImmutableArray.Create("C001", "C002"));
    }
}
