using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Rollups;

/// <summary>wines.csv: a wine column and any attribute columns; every problem located as file:line:column.</summary>
public sealed class WinesFileTests
{
    private static ReadResult<WineAttributes> Read(string text) =>
        WinesCsv.Read(CsvTable.Parse("wines.csv", System.Text.Encoding.UTF8.GetBytes(text), null, WinesCsv.Header).Value!);

    [Fact]
    public void HeadersAreMatchedIgnoringCaseAndEveryColumnButWineIsAnAttribute()
    {
        var attributes = Read(WinesExample.Wines).Value!;

        attributes.Attributes.Should().Equal("Variety", "VINTAGE", "village", "Cru");
        attributes.IndexOf("vintage").Should().Be(1);
        attributes.IndexOf(" CRU ").Should().Be(3);
        attributes.ValueOf(SpecExample.WineB, attributes.IndexOf("village")).Should().Be("Aÿ");
        attributes.ValueOf(SpecExample.WineC, attributes.IndexOf("cru")).Should().BeNull("an empty cell is no value");
        attributes.ValueOf("Krug 1928", 0).Should().BeNull("a wine the file does not list has no value");
    }

    [Fact]
    public void ValuesAreComparedIgnoringCaseAndShownAsFirstWritten()
    {
        var attributes = Read("wine,variety\nA,Chardonnay\nB,chardonnay\nC,Pinot Noir\n").Value!;

        attributes.ValueOf("B", 0).Should().Be("Chardonnay");
        attributes.ValuesOf(0).Should().Equal("Chardonnay", "Pinot Noir");
        attributes.WinesWith(0, "CHARDONNAY").Should().BeEquivalentTo(["A", "B"]);
        attributes.Known(0, "pinot noir").Should().Be("Pinot Noir");
        attributes.Known(0, "Meunier").Should().BeNull();
    }

    [Theory]
    [InlineData("variety,vintage\nA,2019\n", "wines.csv:1: missing required column 'wine'")]
    [InlineData("wine\nA\n", "wines.csv:1: the header names no attribute")]
    [InlineData("wine,variety,Variety\nA,x,y\n", "wines.csv:1:3: column 'variety' appears twice in the header (fields 2 and 3)")]
    [InlineData("wine,variety\n", "wines.csv:1: the file has a header line but no wine")]
    [InlineData("wine,variety\nA,x\n,y\n", "wines.csv:3:1: wine is empty")]
    [InlineData("wine,variety\nA,x\n\nA,y\n", "wines.csv:4:1: wine 'A' appears twice (lines 2 and 4)")]
    [InlineData("variety,wine\nx,A,extra\n", "wines.csv:2:3: the line has 3 fields but the header has 2")]
    [InlineData("wine,variety\n\"A,x\n", "wines.csv:2: a quoted field is not closed on its line")]
    public void EveryProblemIsLocated(string text, string expected)
    {
        var result = Read(text);

        result.IsSuccess.Should().BeFalse();
        result.Errors.Select(e => e.ToString()).Should().Contain(e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileErrorIsAnInputErrorOfEveryCommandNamingFileLineAndColumn()
    {
        using var folder = WinesExample.Folder();
        folder.Write("wines.csv", "wine,variety\nA,x\nA,y\n");

        var result = await CliRun.VerifyAsync(folder, "--wines", folder.PathOf("wines.csv"), "--allow-leftover-blends");

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain(folder.PathOf("wines.csv") + ":3:1: wine 'A' appears twice (lines 2 and 3)");
    }

    [Fact]
    public async Task AWineOfTheCellarMissingFromTheFileIsAWarningAndRollsUpWithoutValue()
    {
        using var folder = WinesExample.Folder();
        folder.Write("wines.csv", "wine,variety\n" + SpecExample.WineA + ",Chardonnay\n" + SpecExample.WineB + ",Pinot Noir\n");

        var result = await CliRun.VerifyAsync(folder, "--wines", folder.PathOf("wines.csv"), "--allow-leftover-blends");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("[WRN]").And.Contain($"1 wine of {folder.PathOf("tanks.csv")} is not listed ('{SpecExample.WineC}'): it counts as having no variety");
        result.Out.Should().Contain("(none)").And.Contain("57.143 %");
    }

    [Fact]
    public async Task AMissingFileIsAnInputError()
    {
        using var folder = WinesExample.Folder();

        var result = await CliRun.VerifyAsync(folder, "--wines", folder.PathOf("nope.csv"));

        result.ExitCode.Should().Be(ExitCodes.InputError, result.ToString());
        result.Error.Should().Contain("nope.csv: file not found");
    }
}
