using System.Text;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

/// <summary>
/// The input files as spreadsheets really export them: each dialect must give exactly the report
/// of the plain comma-separated spec example. The plan is the spec example's three-step plan, whose
/// leftover blend in C005 is allowed here: these tests are about reading files, not about that rule.
/// </summary>
public sealed class CsvDialectTests
{
    private const string A = SpecExample.WineA;
    private const string B = SpecExample.WineB;
    private const string C = SpecExample.WineC;

    public static TheoryData<string, string, string, string> Dialects => new()
    {
        {
            "semicolons and decimal commas",
            $"tank;capacity;wine\nC001;1250,00;{A}\nC002;2500;{B}\nC003;3750,0;{C}\nC004;1875;\nC005;1875;\nC006;4375;\n",
            $"wine;percent\n{A};20,0\n{B};40\n{C};40,00\n",
            "step;transfer;tank;role;volume\n1;1;C001;from;1250\n1;1;C002;from;2500\n1;1;C004;to;1875,0\n1;1;C005;to;1875\n2;2;C003;from;3750\n2;2;C001;to;1250\n2;2;C002;to;2500\n3;3;C002;from;2500\n3;3;C004;from;1875\n3;3;C006;to;4375\n"
        },
        {
            "tabs",
            SpecExample.Tanks.Replace(',', '\t'),
            SpecExample.Formula.Replace(',', '\t'),
            SpecExample.ThreeStepPlan.Replace(',', '\t')
        },
        {
            "CRLF line ends",
            SpecExample.Tanks.ReplaceLineEndings("\r\n"),
            SpecExample.Formula.ReplaceLineEndings("\r\n"),
            SpecExample.ThreeStepPlan.ReplaceLineEndings("\r\n")
        },
        {
            "percent signs",
            SpecExample.Tanks,
            $"wine,percent\n{A},20%\n{B},40 %\n{C},40.0%\n",
            SpecExample.ThreeStepPlan
        },
        {
            "header case, order, spaces and an extra column",
            $" Wine ,Notes,CAPACITY,Tank\n{A},old vines,1250,C001\n{B},,2500,C002\n{C},,3750,C003\n,,1875,C004\n,,1875,C005\n,,4375,C006\n",
            $"Percent,WINE\n20,{A}\n40,{B}\n40,{C}\n",
            "Volume,Role,Tank,Transfer,Step\n1250,FROM,C001,1,1\n2500,from,C002,1,1\n1875,To,C004,1,1\n1875,to,C005,1,1\n3750,from,C003,2,2\n1250,to,C001,2,2\n2500,to,C002,2,2\n2500,from,C002,3,3\n1875,from,C004,3,3\n4375,to,C006,3,3\n"
        },
        {
            "quotes, spaces around fields, empty lines and trailing delimiters",
            $"tank,capacity,wine,\n\n\"C001\" , 1250 , \"{A}\",\n C002,2500,{B},\n,,,\nC003,3750,{C}\nC004,1875\nC005,1875,,\nC006,\"4375\",\n\n",
            $"wine,percent\n\"{A}\",\"20\"\n{B},40\n{C},40\n",
            SpecExample.ThreeStepPlan + "\n\n"
        },
        {
            "an Excel sep= line",
            "sep=;\n" + SpecExample.Tanks.Replace(',', ';'),
            "sep=;\n" + SpecExample.Formula.Replace(',', ';'),
            SpecExample.ThreeStepPlan
        },
        {
            "decomposed accents (macOS) in the formula",
            SpecExample.Tanks,
            SpecExample.Formula.Normalize(NormalizationForm.FormD),
            SpecExample.ThreeStepPlan
        },
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task EveryDialectGivesTheSameReportAsPlainCsv(string dialect, string tanks, string formula, string plan)
    {
        using var reference = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        var expected = await VerifyAsync(reference, "--format", "json");
        using var folder = new TempFolder();
        folder.Write("tanks.csv", tanks);
        folder.Write("formula.csv", formula);
        folder.Write("plan.csv", plan);

        var result = await VerifyAsync(folder, "--format", "json");

        expected.ExitCode.Should().Be(ExitCodes.Success, expected.ToString());
        result.ExitCode.Should().Be(ExitCodes.Success, $"{dialect}: {result}");
        result.Out.Should().Be(expected.Out, dialect);
    }

    [Fact]
    public async Task AByteOrderMarkIsIgnored()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        var bom = Encoding.UTF8.GetPreamble();
        foreach (var (name, text) in new[] { ("tanks.csv", SpecExample.Tanks), ("formula.csv", SpecExample.Formula), ("plan.csv", SpecExample.ThreeStepPlan) })
        {
            folder.WriteBytes(name, [.. bom, .. Encoding.UTF8.GetBytes(text)]);
        }

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().Contain(SpecExample.WineA);
    }

    [Fact]
    public async Task AnUnknownColumnIsIgnoredWithOneWarning()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        folder.Write("tanks.csv", SpecExample.Tanks.Replace("tank,capacity,wine", "tank,capacity,wine,notes,owner", StringComparison.Ordinal));

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("[WRN]").And.Contain("tanks.csv:1: ignoring unknown columns 'notes', 'owner'");
        result.Error.Split('\n').Count(l => l.Contains("ignoring", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task PercentagesAreNormalisedWithAWarningWhenTheirSumIsFarFromAHundred()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        // 1 : 2 : 2 is the same formula as 20 : 40 : 40.
        folder.Write("formula.csv", $"wine,percent\n{A},1\n{B},2\n{C},2\n");

        var result = await VerifyAsync(folder, "--format", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("formula.csv: the percentages add up to 5, not 100");
        result.Out.Should().Contain("\"targetShare\": \"1/5\"").And.Contain("\"targetShare\": \"2/5\"");
    }

    [Theory]
    [InlineData("20.2", false)]
    [InlineData("20.5", false)]
    [InlineData("20.6", true)]
    [InlineData("19.4", true)]
    public async Task TheSumWarningAppearsOnlyBeyondHalfAPoint(string percentOfA, bool warns)
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        folder.Write("formula.csv", $"wine,percent\n{A},{percentOfA}\n{B},40\n{C},40\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Contains("add up to", StringComparison.Ordinal).Should().Be(warns);
    }

    [Fact]
    public async Task TheDelimiterOptionOverridesDetection()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        folder.Write("tanks.csv", SpecExample.Tanks.Replace(',', ';'));

        var detected = await VerifyAsync(folder);
        var forced = await VerifyAsync(folder, "--delimiter", ",");

        detected.ExitCode.Should().Be(ExitCodes.Success, detected.ToString());
        forced.ExitCode.Should().Be(ExitCodes.InputError, forced.ToString());
        forced.Error.Should().Contain("tanks.csv:1: missing required columns 'tank', 'capacity', 'wine'")
            .And.Contain("the header line has a single column 'tank;capacity;wine'");
    }

    [Fact]
    public async Task TheDelimiterOptionAcceptsTab()
    {
        using var folder = new TempFolder();
        folder.Write("tanks.csv", SpecExample.Tanks.Replace(',', '\t'));
        folder.Write("formula.csv", SpecExample.Formula.Replace(',', '\t'));
        folder.Write("plan.csv", SpecExample.ThreeStepPlan.Replace(',', '\t'));

        var result = await VerifyAsync(folder, "--delimiter", "tab");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
    }

    [Fact]
    public async Task AWineNameWithTheDelimiterCanBeQuoted()
    {
        using var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        folder.Write("tanks.csv", SpecExample.Tanks.Replace(A, "\"Chardonnay, Le Mesnil 2019\"", StringComparison.Ordinal));
        folder.Write("formula.csv", SpecExample.Formula.Replace(A, "\"Chardonnay, Le Mesnil 2019\"", StringComparison.Ordinal));

        var result = await VerifyAsync(folder, "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().Contain("\n\"Chardonnay, Le Mesnil 2019\",20.000000,14.285714,-5.714286,625,,,,,,,,\n");
    }

    [Fact]
    public async Task CapacitiesWithDecimalsSetTheVolumeUnitOfThePlan()
    {
        // 12.5 + 25 = 37.5 hL into a 37.5 hL tank: the cellar counts in tenths of a hectolitre.
        using var folder = new TempFolder();
        folder.Write("tanks.csv", "tank,capacity,wine\nT1,12.5,A\nT2,25,B\nT3,37.50,\n");
        folder.Write("formula.csv", "wine,percent\nA,50\nB,50\n");
        folder.Write("plan.csv", "step,transfer,tank,role,volume\n1,1,T1,from,12.5\n1,1,T2,from,25.0\n1,1,T3,to,37.5\n");

        var result = await VerifyAsync(folder);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        // A 12.5/37.5 = 1/3, B 2/3: deviations -16.6667 and +16.6667 pp.
        result.Out.Should().MatchRegex(@"Blend volume\s+37\.5 hL\n");
        result.Out.Should().MatchRegex(@"A\s+50\.000\s+33\.333\s+-16\.6667\n");
        result.Out.Should().MatchRegex(@"B\s+50\.000\s+66\.667\s+\+16\.6667\n");
    }

    private static Task<CliResult> VerifyAsync(TempFolder folder, params string[] extra) =>
        CliRun.VerifyAsync(folder, ["--allow-leftover-blends", .. extra]);
}
