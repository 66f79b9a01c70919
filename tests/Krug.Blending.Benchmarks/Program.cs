using System.Diagnostics;
using System.Globalization;
using Krug.Blending.Benchmarks;
using Krug.Blending.Optimization;

// Usage: dotnet run -c Release --project tests/Krug.Blending.Benchmarks -- [--time-limit S] [--only NAME] [--strategy NAME] [--no-groups]
//        | [--time-limit S] --sweep | [--time-limit S] --multi-level-sweep | [--only NAME] --export DIR
//        | --suite generators [--size 20x50,...] [--generator krug-like,...] [--seed 1,2] [--only CASE] [--time-limit S] [--list | --export DIR]
// --no-groups measures the plain split-then-assemble family; --export writes each case's tanks.csv and formula.csv under DIR/NAME;
// --list describes the suite's cases (formula-limited volume, empty room, shares) without planning them.
var timeLimit = 60.0;
double? workLimit = null;
var leftovers = false;
string? only = null;
var strategy = PlanningStrategy.Auto;
var groups = true;
string? export = null;
string? suite = null;
var list = false;
List<string>? sizes = null, generators = null;
List<int>? seeds = null;
var inv = CultureInfo.InvariantCulture;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--time-limit":
            timeLimit = double.Parse(args[++i], inv);
            break;
        case "--work-limit":
            workLimit = double.Parse(args[++i], inv);
            break;
        case "--allow-leftover-blends":
            leftovers = true;
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
        case "--suite":
            suite = args[++i];
            break;
        case "--size":
            sizes = [.. args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            break;
        case "--generator":
            generators = [.. args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            break;
        case "--seed":
            seeds = [.. args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, NumberStyles.None, inv))];
            break;
        case "--list":
            list = true;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}");
            return 2;
    }
}

if (suite is not null)
{
    if (suite != "generators")
    {
        Console.Error.WriteLine($"Unknown suite {suite}; known: generators");
        return 2;
    }

    if (strategy != PlanningStrategy.Auto || !groups)
    {
        // The suite measures the product as shipped; variants belong in the default mode's table.
        Console.Error.WriteLine("--strategy and --no-groups do not apply to --suite generators");
        return 2;
    }

    IEnumerable<SuiteCase> selected;
    try
    {
        // Materialised so that an unknown filter value is reported before any case is planned.
        selected = [.. GeneratorSuite.Cases(new SuiteFilter(sizes, generators, seeds, only))];
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    if (export is not null)
    {
        foreach (var suiteCase in selected)
        {
            Console.WriteLine($"{suiteCase.Name}: {CaseExport.Write(export, suiteCase.ToBenchmarkCase())}");
        }
    }
    else if (list)
    {
        GeneratorSuite.List(selected);
    }
    else
    {
        GeneratorSuite.Run(selected, Settings());
    }

    return 0;
}

if (sizes is not null || generators is not null || seeds is not null || list)
{
    Console.Error.WriteLine("--size, --generator, --seed and --list need --suite generators");
    return 2;
}

BenchmarkCase[] cases =
[
    CellarGenerator.Generate("3x5", wines: 3, fullTanks: 3, emptyTanks: 5, seed: 1),
    CellarGenerator.Generate("20x50", wines: 20, fullTanks: 20, emptyTanks: 50, seed: 2),
    CellarGenerator.Generate("100x250", wines: 100, fullTanks: 100, emptyTanks: 250, seed: 3),
    CellarGenerator.Generate("house-150in330", wines: 150, fullTanks: 200, emptyTanks: 130, seed: 4),
    CellarGenerator.Generate("400x300", wines: 400, fullTanks: 400, emptyTanks: 300, seed: 5),
];

if (export is not null)
{
    // The generated cellars as CSV files the CLI reads, to run `krug-blend plan` on them.
    foreach (var benchmark in cases.Where(c => only is null || c.Name == only))
    {
        Console.WriteLine($"{benchmark.Name}: {CaseExport.Write(export, benchmark)}");
    }

    return 0;
}

Console.WriteLine(string.Create(inv, $"Krug Blending benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
Console.WriteLine(string.Create(inv, $"time limit {timeLimit} s (wall clock), work limit {workLimit?.ToString(inv) ?? "default"}, strategy {strategy.Name()}{(groups ? string.Empty : ", no group splits")}{(leftovers ? ", leftover blends allowed" : string.Empty)}, seed 1, 2 workers; * = the time limit cut the search"));
Console.WriteLine();
Console.WriteLine("| case | wines | tanks (full/empty) | status | L∞ pp | Euclidean pp | volume hL | of wine | of formula max | transfers | steps | leftover hL | bound pp | seconds / limit |");
Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var benchmark in cases.Where(c => only is null || c.Name == only))
{
    var cellar = benchmark.Cellar;
    var clock = Stopwatch.StartNew();
    var outcome = PlannerAdapter.Plan(cellar, benchmark.Formula, Settings());
    clock.Stop();
    var full = cellar.Tanks.Count(t => t.IsFull);
    var limit = FormulaLimit.Of(cellar, benchmark.Formula);
    var ofLimit = outcome.Volume is { } volume && limit.Volume > 0 ? string.Create(inv, $"{100.0 * volume / limit.Volume:0}%") : string.Empty;
    Console.WriteLine(string.Create(inv,
        $"| {benchmark.Name} | {cellar.Wines.Length} | {cellar.Tanks.Length} ({full}/{cellar.Tanks.Length - full}) | {outcome.Status} | {outcome.MaxDeviationPp:0.0000} | {outcome.EuclideanPp:0.0000} | {outcome.Volume} | {100.0 * (outcome.Volume ?? 0) / cellar.TotalWine:0}% | {ofLimit} | {outcome.Transfers} | {outcome.Steps} | {outcome.LeftoverBlends} | {outcome.BoundPp:0.0000} | {clock.Elapsed.TotalSeconds:0.0} / {timeLimit}{(outcome.WallClockCutIn ? "*" : string.Empty)} |"));
}

return 0;

BenchmarkSettings Settings() => new(timeLimit, workLimit, strategy, groups, leftovers);
