using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

/// <summary>The plans shipped in samples/ pass the verifier, with the request options each needs.</summary>
public sealed class SampleTests
{
    /// <summary>
    /// small-multistep's exact plan splits the Cramant–Bouzy blend back into K01 and K02 and uses only
    /// K01: K02 keeps 600 hL of that mixture (samples/README.md), a leftover blend.
    /// </summary>
    [Theory]
    [InlineData("grande-cuvee", new string[0])]
    [InlineData("house-cellar", new string[0])]
    [InlineData("reserve-lots", new string[0])]
    [InlineData("small-multistep", new[] { "--allow-leftover-blends" })]
    [InlineData("spec-example", new string[0])]
    public async Task TheSamplePlanVerifiesAgainstItsCellar(string sample, string[] options)
    {
        var result = await VerifyAsync(sample, options);

        result.ExitCode.Should().Be(ExitCodes.Success, $"{sample}: {result}");
        result.Out.Should().StartWith("The plan is valid.");
    }

    [Fact]
    public void EverySampleWithAPlanIsVerifiedAbove()
    {
        var samples = Directory.GetDirectories(Path.Combine(RepositoryRoot.Find(), "samples"))
            .Where(d => File.Exists(Path.Combine(d, "plan.csv")))
            .Select(Path.GetFileName);

        samples.Should().BeEquivalentTo("grande-cuvee", "house-cellar", "reserve-lots", "small-multistep", "spec-example");
    }

    [Fact]
    public async Task TheSmallMultistepPlanBreaksOnlyTheLeftoverBlendRuleByDefault()
    {
        var result = await VerifyAsync("small-multistep", "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan, result.ToString());
        var rows = CsvRows.Parse(result.Out);
        rows[0].Should().Equal("step", "transfer", "tank", "kind", "message");
        var violation = rows.Skip(1).Should().ContainSingle().Subject;
        violation[..4].Should().Equal("", "", "K02", "leftover-blend");
        violation[4].Should().Contain("Pinot Noir Bouzy 2020 2/3").And.Contain("Chardonnay Cramant 2020 1/3");
    }

    /// <summary>
    /// grande-cuvee's run.json names its wines.csv and two requirements (samples/README.md): the shipped
    /// plan meets them, every wine of the cellar is in wines.csv, and the file's planning options are
    /// ignored by verify with a warning each.
    /// </summary>
    [Fact]
    public async Task TheGrandeCuveeOptionsFileNamesItsWinesAndRequirementsThatTheShippedPlanMeets()
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "samples", "grande-cuvee");

        var result = await CliRun.RunAsync("verify", "--options", Path.Combine(folder, "run.json"), "--plan", Path.Combine(folder, "plan.csv"), "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().NotContain("not listed").And.NotContain("[WRN]");
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var rollups = json.RootElement.GetProperty("blend").GetProperty("rollups");
        rollups.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("attribute").GetString())
            .Should().Equal("variety", "vintage", "village", "cru");
        rollups.GetProperty("requirements").EnumerateArray().Should().HaveCount(2).And.OnlyContain(r => r.GetProperty("met").GetBoolean());
    }

    private static Task<CliResult> VerifyAsync(string sample, params string[] options)
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "samples", sample);
        var lots = Path.Combine(folder, "lots.csv");
        return CliRun.RunAsync([
            "verify",
            "--tanks", Path.Combine(folder, "tanks.csv"),
            "--formula", Path.Combine(folder, "formula.csv"),
            "--plan", Path.Combine(folder, "plan.csv"),
            .. File.Exists(lots) ? ["--lots", lots] : (string[])[],
            .. options,
        ]);
    }
}
