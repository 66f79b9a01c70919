using System.Text;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Diagram;

public sealed class DiagramTests
{
    [Theory]
    [InlineData("mmd")]
    [InlineData("dot")]
    public async Task TheSpecExampleThreeStepPlanIsDrawnAsInTheGoldenFile(string extension)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        var diagram = folder.PathOf("plan." + extension);

        var result = await CliRun.VerifyAsync(folder, "--allow-leftover-blends", "--diagram", diagram);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Golden.Match("spec-example-three-step", extension, File.ReadAllText(diagram, Encoding.UTF8));
    }

    [Theory]
    [InlineData("plan.png")]
    [InlineData("plan")]
    [InlineData("plan.svg")]
    public async Task ADiagramFileWithAnUnknownExtensionIsAUsageError(string name)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);

        var verify = await CliRun.VerifyAsync(folder, "--diagram", folder.PathOf(name));
        var plan = await CliRun.RunAsync("plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--diagram", folder.PathOf(name));

        verify.ExitCode.Should().Be(ExitCodes.UsageError, verify.ToString());
        plan.ExitCode.Should().Be(ExitCodes.UsageError, plan.ToString());
        verify.Error.Should().Contain(".mmd").And.Contain(".dot");
        File.Exists(folder.PathOf(name)).Should().BeFalse();
    }

    [Fact]
    public async Task ThePlanCommandDrawsItsPlanWithTheFinalBlendHighlighted()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        var diagram = folder.PathOf("best.mmd");

        var result = await CliRun.RunAsync(
            "plan", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"),
            "--workers", "1", "--work-limit", "2", "--time-limit", "300", "--out", folder.PathOf("best.csv"), "--diagram", diagram);

        result.ExitCode.Should().BeOneOf(CliRun.WithPlan);
        var text = File.ReadAllText(diagram, Encoding.UTF8);
        text.Should().StartWith("%%").And.Contain("flowchart LR").And.Contain("subgraph step1[\"Step 1\"]");
        var planRows = File.ReadAllLines(folder.PathOf("best.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var lastTransfer = planRows.Max(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
        var finalTanks = planRows.Where(r => r[1] == lastTransfer.ToString(System.Globalization.CultureInfo.InvariantCulture) && r[3] == "to").Select(r => r[2]).ToList();
        var finalLine = text.Split('\n').Single(l => l.StartsWith("  class ", StringComparison.Ordinal) && l.EndsWith(" final", StringComparison.Ordinal));
        finalLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Split(',').Should().HaveCount(finalTanks.Count);
        foreach (var tank in finalTanks)
        {
            text.Should().Contain("FINAL BLEND<br/>" + tank + "<br/>");
        }
    }

    [Fact]
    public async Task AnInvalidPlanIsStillDrawnWithoutTheContentsTheVerifierCouldNotCompute()
    {
        // Transfer 1 fills C004 (1875) from C001 (1250): the volumes do not match.
        const string broken = "step,transfer,tank,role,volume\n1,1,C001,from,1250\n1,1,C004,to,1875\n";
        using var folder = new TempFolder().WithSpecExample(broken);
        var diagram = folder.PathOf("broken.dot");

        var result = await CliRun.VerifyAsync(folder, "--diagram", diagram);

        result.ExitCode.Should().Be(ExitCodes.InvalidPlan);
        File.ReadAllText(diagram).Should().Contain("blend of transfer 1").And.Contain("digraph plan");
    }
}
