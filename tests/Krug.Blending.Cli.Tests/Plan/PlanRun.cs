using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Planning;

/// <summary>Runs <c>krug-blend plan</c> in-process on cellars written into a temporary folder.</summary>
internal static partial class PlanRun
{
    /// <summary>
    /// One worker, a fixed seed and a small work limit make every run reproducible and fast; the time
    /// limit is only a generous safety net, so that the wall clock never ends a search on a loaded
    /// machine (which would make the plan depend on the load). The strategy is pinned because these
    /// tests are about the command's contract, not about which strategy <c>auto</c> picks for a
    /// cellar; a change there must not rewrite every expectation. On the spec example the best
    /// split-then-assemble plan leaves the Chardonnay out (20 pp), so <c>plan</c> exits with
    /// <see cref="ExitCodes.OffFormula"/> there while still writing everything it was asked for.
    /// </summary>
    public static readonly string[] Deterministic =
        ["--workers", "1", "--seed", "1", "--time-limit", "300", "--work-limit", "1", "--strategy", "split-assemble"];

    /// <summary>
    /// <c>plan</c> on the folder's tanks.csv and formula.csv with <paramref name="extra"/>, and the
    /// options of <see cref="Deterministic"/> that <paramref name="extra"/> does not set itself.
    /// </summary>
    public static Task<CliResult> RunAsync(TempFolder folder, params string[] extra)
    {
        var defaults = Deterministic.Chunk(2).Where(pair => !extra.Contains(pair[0], StringComparer.Ordinal)).SelectMany(pair => pair);
        return CliRun.RunAsync([
            "plan",
            "--tanks", folder.PathOf("tanks.csv"),
            "--formula", folder.PathOf("formula.csv"),
            .. defaults,
            .. extra,
        ]);
    }

    /// <summary>Copies tanks.csv and formula.csv of the shipped sample <paramref name="sample"/> into a new folder.</summary>
    public static TempFolder WithSample(string sample)
    {
        var folder = new TempFolder();
        var source = Path.Combine(RepositoryRoot.Find(), "samples", sample);
        File.Copy(Path.Combine(source, "tanks.csv"), folder.PathOf("tanks.csv"));
        File.Copy(Path.Combine(source, "formula.csv"), folder.PathOf("formula.csv"));
        return folder;
    }

    /// <summary>A new folder holding <paramref name="tanks"/> and <paramref name="formula"/>.</summary>
    public static TempFolder WithCellar(string tanks, string formula)
    {
        var folder = new TempFolder();
        folder.Write("tanks.csv", tanks);
        folder.Write("formula.csv", formula);
        return folder;
    }

    /// <summary>
    /// The elapsed seconds are the only part of the console output that changes from run to run;
    /// they are replaced by <c>#.#</c> so that everything else (the time limit, the work spent,
    /// whether the wall clock cut in) can be compared byte for byte.
    /// </summary>
    public static string WithoutTime(string output) => TimeLine().Replace(output, "${label}#.# s of ");

    /// <summary>The tank ids a plan CSV mentions (third column), header excluded.</summary>
    public static IReadOnlyList<string> TanksOf(string planCsv) =>
        planCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(row => row.Split(',')[2]).ToList();

    /// <summary>
    /// A cellar of 20 pure wines and 40 empty tanks in eight sizes, with an uneven formula (weights
    /// adding up to 77) that no plan meets closely: small enough that the search proves its optimum
    /// within a second, uneven enough that several wines compete for the same tanks. Built by
    /// arithmetic, so it is the same on every machine.
    /// </summary>
    public static TempFolder WithTwentyWines()
    {
        int[] capacities = [50, 75, 100, 125, 150, 200, 250, 300];
        var tanks = new StringBuilder("tank,capacity,wine\n");
        var formula = new StringBuilder("wine,percent\n");
        for (var w = 1; w <= 20; w++)
        {
            tanks.Append(CultureInfo.InvariantCulture, $"F{w:00},{capacities[(w - 1) * 5 % 8]},Wine {w:00}\n");
            formula.Append(CultureInfo.InvariantCulture, $"Wine {w:00},{((w - 1) % 7) + 1}\n");
        }

        for (var e = 1; e <= 40; e++)
        {
            tanks.Append(CultureInfo.InvariantCulture, $"E{e:00},{capacities[(((e - 1) * 3) + 1) % 8]},\n");
        }

        return WithCellar(tanks.ToString(), formula.ToString());
    }

    [GeneratedRegex(@"^(?<label>Time {2,})\d+\.\d s of ", RegexOptions.Multiline)]
    private static partial Regex TimeLine();
}
