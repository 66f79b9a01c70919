using System.Diagnostics;
using System.Globalization;
using Krug.Blending.Benchmarks;
using Krug.Blending.Optimization;

// Usage: dotnet run -c Release --project tests/Krug.Blending.Benchmarks -- [--time-limit S] [--only NAME] [--strategy NAME] [--no-groups]
//        | [--time-limit S] --sweep | [--time-limit S] --multi-level-sweep | [--only NAME] --export DIR
// --no-groups measures the plain split-then-assemble family; --export writes each case's tanks.csv and formula.csv under DIR/NAME.
var timeLimit = 60.0;
string? only = null;
var strategy = PlanningStrategy.Auto;
var groups = true;
string? export = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--time-limit":
            timeLimit = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--sweep":
            SmallCellarSweep.Run(100, timeLimit == 60.0 ? 10 : timeLimit);
            return 0;
        case "--multi-level-sweep":
            MultiLevelSweep.Run(timeLimit == 60.0 ? 10 : timeLimit);
            return 0;
        case "--only":
            only = args[++i];
            break;
        case "--export":
            export = args[++i];
            break;
        case "--no-groups":
            groups = false;
            break;
        case "--strategy":
            strategy = Enum.Parse<PlanningStrategy>(args[++i].Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}");
            return 2;
    }
}

BenchmarkCase[] cases =
[
    CellarGenerator.Generate("3x5", wines: 3, fullTanks: 3, emptyTanks: 5, seed: 1),
    CellarGenerator.Generate("20x50", wines: 20, fullTanks: 20, emptyTanks: 50, seed: 2),
    CellarGenerator.Generate("100x250", wines: 100, fullTanks: 100, emptyTanks: 250, seed: 3),
    CellarGenerator.Generate("house-150in330", wines: 150, fullTanks: 200, emptyTanks: 130, seed: 4),
    CellarGenerator.Generate("400x300", wines: 400, fullTanks: 400, emptyTanks: 300, seed: 5),
];

var inv = CultureInfo.InvariantCulture;
if (export is not null)
{
    // The generated cellars as CSV files the CLI reads, to run `krug-blend plan` on them.
    foreach (var benchmark in cases.Where(c => only is null || c.Name == only))
    {
        var folder = Path.Combine(export, benchmark.Name);
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "tanks.csv"), ["tank,capacity,wine", .. benchmark.Cellar.Tanks.Select(t => string.Create(inv, $"{t.Id},{t.Capacity},{t.Wine}"))]);
        File.WriteAllLines(Path.Combine(folder, "formula.csv"), ["wine,percent", .. benchmark.Formula.Lines.Select(l => string.Create(inv, $"{l.Wine},{l.Percent}"))]);
        Console.WriteLine($"{benchmark.Name}: {folder}");
    }

    return 0;
}

Console.WriteLine(string.Create(inv, $"Krug Blending benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
Console.WriteLine(string.Create(inv, $"time limit {timeLimit} s (deterministic), strategy {BlendPlanner.StrategyName(strategy)}{(groups ? string.Empty : ", no group splits")}, seed 1, 2 workers"));
Console.WriteLine();
Console.WriteLine("| case | wines | tanks (full/empty) | status | L∞ pp | Euclidean pp | volume hL | of wine | transfers | steps | bound pp | seconds |");
Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var benchmark in cases.Where(c => only is null || c.Name == only))
{
    var cellar = benchmark.Cellar;
    var options = new PlanningOptions { TimeLimitSeconds = timeLimit, Strategy = strategy, GroupSplits = groups };
    var clock = Stopwatch.StartNew();
    var result = BlendPlanner.Plan(cellar, benchmark.Formula, options);
    clock.Stop();
    var full = cellar.Tanks.Count(t => t.IsFull);
    var blend = result.Blend;
    Console.WriteLine(string.Create(inv,
        $"| {benchmark.Name} | {cellar.Wines.Length} | {cellar.Tanks.Length} ({full}/{cellar.Tanks.Length - full}) | {result.Status} | {blend?.MaxDeviationPp:0.0000} | {blend?.EuclideanPp:0.0000} | {blend?.Volume} | {(blend is null ? 0 : 100.0 * blend.Volume / cellar.TotalWine):0}% | {blend?.Transfers} | {blend?.Steps} | {result.BoundPp:0.0000} | {clock.Elapsed.TotalSeconds:0.0} |"));
}

return 0;
