using System.Text.Json;
using Krug.Blending.Cli.Commands;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Rollups;

/// <summary><c>--require ATTRIBUTE=VALUE&gt;=P%</c>: parsed before any file is read, then resolved against wines.csv.</summary>
public sealed class RequireOptionTests
{
    [Theory]
    [InlineData("variety=Chardonnay>=35%", "variety", "Chardonnay", true, "35")]
    [InlineData("vintage=2019>=85%", "vintage", "2019", true, "85")]
    [InlineData(" cru = grand cru <= 40.5 % ", "cru", "grand cru", false, "40.5")]
    [InlineData("wine=Chardonnay Avize 2019>=10", "wine", "Chardonnay Avize 2019", true, "10")]
    [InlineData("village=A=B<=0%", "village", "A=B", false, "0")]
    [InlineData("note=x<=y>=100%", "note", "x<=y", true, "100")]
    public void AWellFormedExpressionReadsAsAttributeValueAndBound(string text, string attribute, string value, bool atLeast, string percent)
    {
        var expression = RequirementExpression.TryParse(text, out var problem);

        problem.Should().BeNull();
        expression.Should().Be(new RequirementExpression(attribute, value, atLeast, decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("variety=Chardonnay", "it has no bound '>=' or '<='")]
    [InlineData("variety=Chardonnay>35%", "it has no bound '>=' or '<='")]
    [InlineData("Chardonnay>=35%", "the bound must follow ATTRIBUTE=VALUE")]
    [InlineData("=Chardonnay>=35%", "the bound must follow ATTRIBUTE=VALUE")]
    [InlineData("variety=>=35%", "the bound must follow ATTRIBUTE=VALUE")]
    [InlineData("variety=Chardonnay>=", "the bound must be a percentage from 0 to 100")]
    [InlineData("variety=Chardonnay>=135%", "the bound must be a percentage from 0 to 100")]
    [InlineData("variety=Chardonnay>=-1%", "the bound must be a percentage from 0 to 100")]
    [InlineData("variety=Chardonnay>=35,5%", "the bound must be a percentage from 0 to 100")]
    [InlineData("variety=Chardonnay>=1e1%", "the bound must be a percentage from 0 to 100")]
    public void AMalformedExpressionSaysWhy(string text, string problem)
    {
        RequirementExpression.TryParse(text, out var why).Should().BeNull();
        why.Should().StartWith(problem);
    }

    [Fact]
    public async Task AMalformedRequirementIsAOneLineUsageErrorBeforeAnyFileIsRead()
    {
        var result = await CliRun.RunAsync("plan", "--tanks", "no-such.csv", "--formula", "no-such.csv", "--require", "variety=Chardonnay>35%");

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().StartWith("error: --require must read ATTRIBUTE=VALUE>=P% or ATTRIBUTE=VALUE<=P% (e.g. variety=Chardonnay>=35%), got 'variety=Chardonnay>35%': it has no bound '>=' or '<='.\n");
    }

    [Theory]
    [InlineData("colour=white>=10%", "has no column 'colour' (its attributes: Variety, VINTAGE, village, Cru, or wine=NAME)")]
    [InlineData("variety=Meunier>=10%", "no wine of")]
    [InlineData("wine=Chardonnay Avize 2019>=10%", "no tank of")]
    public async Task AnUnknownAttributeOrValueIsAUsageErrorNamingWhatTheFileHas(string requirement, string message)
    {
        using var folder = WinesExample.Folder();

        var result = await CliRun.VerifyAsync(folder, "--wines", folder.PathOf("wines.csv"), "--require", requirement);

        result.ExitCode.Should().Be(ExitCodes.UsageError, result.ToString());
        result.Error.Should().Contain("--require " + requirement.Replace("%", string.Empty, StringComparison.Ordinal)).And.Contain(message);
    }

    [Fact]
    public async Task AnAttributeNeedsWinesCsvButAWineNeedsNothing()
    {
        using var folder = WinesExample.Folder();

        var attribute = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--require", "variety=Chardonnay>=10%");
        var wine = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--require", $"wine={SpecExample.WineC}>=50%");

        attribute.ExitCode.Should().Be(ExitCodes.UsageError, attribute.ToString());
        attribute.Error.Should().Contain("attribute 'variety' needs --wines");
        wine.ExitCode.Should().Be(ExitCodes.Success, wine.ToString());
        wine.Out.Should().Contain($"wine={SpecExample.WineC} >= 50 %").And.Contain("57.143 %").And.Contain("met");
    }

    [Fact]
    public async Task ValuesMatchIgnoringCase()
    {
        using var folder = WinesExample.Folder();

        var result = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--wines", folder.PathOf("wines.csv"), "--require", "VARIETY=pinot meunier>=50%", "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var requirement = json.RootElement.GetProperty("blend").GetProperty("rollups").GetProperty("requirements")[0];
        requirement.GetProperty("achievedShare").GetString().Should().Be("4/7");
        requirement.GetProperty("met").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task APlanBelowARequirementBreaksItAndIsStillReplayed()
    {
        using var folder = WinesExample.Folder();

        var table = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--wines", folder.PathOf("wines.csv"), "--require", "cru=grand cru>=50%");
        var json = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--wines", folder.PathOf("wines.csv"), "--require", "cru=grand cru>=50%", "--format", "json");
        var csv = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--wines", folder.PathOf("wines.csv"), "--require", "cru=grand cru>=50%", "--format", "csv");

        table.ExitCode.Should().Be(ExitCodes.InvalidPlan, table.ToString());
        table.Out.Should().Contain("The blend holds 42.857 % of cru=grand cru; at least 50 % is required.")
            .And.Contain("cru=grand cru >= 50 %  42.857 %  NOT MET");
        using var document = JsonDocument.Parse(json.Out);
        document.RootElement.GetProperty("violations")[0].GetProperty("kind").GetString().Should().Be("requirement-not-met");
        document.RootElement.GetProperty("blend").GetProperty("rollups").GetProperty("requirements")[0].GetProperty("met").GetBoolean().Should().BeFalse();
        csv.Out.Should().Contain(",,,requirement-not-met,The blend holds 42.857 % of cru=grand cru; at least 50 % is required.");
    }
}
