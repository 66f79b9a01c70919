using System.Diagnostics;
using System.Globalization;
using Krug.Blending.Benchmarks.Generators;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;

namespace Krug.Blending.Benchmarks;

/// <summary>A case of the generator suite, named <c>generator/size/sSEED</c>.</summary>
internal sealed record SuiteCase(string Generator, SuiteSize Size, int Seed, Cellar Cellar, Formula Formula)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Generator}/{Size.Name}/s{Seed}");

    public BenchmarkCase ToBenchmarkCase() => new(Name, Cellar, Formula);
}

/// <summary>Which cases to run; <see langword="null"/> means all.</summary>
internal sealed record SuiteFilter(IReadOnlyList<string>? Sizes, IReadOnlyList<string>? Generators, IReadOnlyList<int>? Seeds, string? Only);

/// <summary>
/// The benchmark that one generator cannot overfit: every generator × size × seed, one Markdown row
/// per case, then the geometric mean of L∞ per size and per size × generator, with seeds 1–2 (for
/// tuning) apart from seed 3 (held out).
/// </summary>
internal static class GeneratorSuite
{
    public static readonly IReadOnlyList<ICaseGenerator> Generators =
        [new AroundStockGenerator(), new UniformGenerator(), new KrugLikeGenerator(), new SpreadGenerator()];

    public static readonly IReadOnlyList<int> Seeds = [1, 2, 3];

    // Seeds 1–2 are for tuning the planner, seed 3 is held out to show whether the tuning generalises.
    private static readonly string[] SeedGroups = ["seeds 1–2 (tuned)", "seed 3 (held out)", "other seeds"];

    private static string SeedGroup(int seed) => SeedGroups[seed switch { 1 or 2 => 0, 3 => 1, _ => 2 }];

    /// <summary>The cases the filter selects, size by size, each checked to be a valid cellar for its formula.</summary>
    /// <exception cref="ArgumentException">The filter names an unknown size or generator.</exception>
    public static IEnumerable<SuiteCase> Cases(SuiteFilter filter)
    {
        var sizes = Pick(SuiteSize.All, s => s.Name, filter.Sizes, "size");
        var generators = Pick(Generators, g => g.Name, filter.Generators, "generator");
        var seeds = filter.Seeds ?? Seeds;
        foreach (var size in sizes)
        {
            foreach (var generator in generators)
            {
                foreach (var seed in seeds)
                {
                    var (cellar, formula) = generator.Generate(size, seed);
                    var suiteCase = new SuiteCase(generator.Name, size, seed, cellar, formula);
                    if (filter.Only is null || filter.Only == suiteCase.Name)
                    {
                        Validate(suiteCase);
                        yield return suiteCase;
                    }
                }
            }
        }
    }

    /// <summary>Plans every case and prints its row as it finishes, then the geometric means.</summary>
    public static void Run(IEnumerable<SuiteCase> cases, BenchmarkSettings settings)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"Krug Blending generator suite — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        var timeLimit = settings.TimeLimitSeconds;
        Console.WriteLine(string.Create(inv, $"time limit {timeLimit} s (wall clock), work limit {settings.WorkLimit?.ToString(inv) ?? "default"}, strategy {settings.Strategy.Name()}{(settings.AllowLeftoverBlends ? ", leftover blends allowed" : string.Empty)}, solver seed 1, 2 workers; the case seed only draws the cellar; * = the time limit cut the search (may not reproduce)"));
        Console.WriteLine();
        Console.WriteLine("| case | generator | size | seed | wines | tanks (full/empty) | status | L∞ pp | Euclidean pp | volume hL | of formula max | formula max hL | empty hL | transfers | steps | bound pp | seconds / limit |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var results = new List<(SuiteCase Case, PlanOutcome Outcome)>();
        foreach (var suiteCase in cases)
        {
            var cellar = suiteCase.Cellar;
            var limit = FormulaLimit.Of(cellar, suiteCase.Formula);
            var clock = Stopwatch.StartNew();
            var outcome = PlannerAdapter.Plan(cellar, suiteCase.Formula, settings);
            clock.Stop();
            results.Add((suiteCase, outcome));
            var full = cellar.Tanks.Count(t => t.IsFull);
            var empty = cellar.Tanks.Where(t => !t.IsFull).Sum(t => t.Capacity);
            var ofLimit = outcome.Volume is { } volume && limit.Volume > 0 ? string.Create(inv, $"{100.0 * volume / limit.Volume:0}%") : string.Empty;
            Console.WriteLine(string.Create(inv,
                $"| {suiteCase.Name} | {suiteCase.Generator} | {suiteCase.Size.Name} | {suiteCase.Seed} | {cellar.Wines.Length} | {cellar.Tanks.Length} ({full}/{cellar.Tanks.Length - full}) | {outcome.Status} | {outcome.MaxDeviationPp:0.0000} | {outcome.EuclideanPp:0.0000} | {outcome.Volume} | {ofLimit} | {limit.Volume} | {empty} | {outcome.Transfers} | {outcome.Steps} | {outcome.BoundPp:0.0000} | {clock.Elapsed.TotalSeconds:0.0} / {timeLimit}{(outcome.WallClockCutIn ? "*" : string.Empty)} |"));
        }

        PrintGeometricMeans(results);
    }

    /// <summary>
    /// Describes the cases without planning them: how much the formula allows against the empty
    /// room, and how the shares are spread, so that one sees which constraint binds.
    /// </summary>
    public static void List(IEnumerable<SuiteCase> cases)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| case | wines | tanks (full/empty) | wine hL | formula max hL | limited by | empty hL | empty ÷ formula max | shares < 0.5 % | shares > 5 % | smallest share % | largest share % |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var suiteCase in cases)
        {
            var cellar = suiteCase.Cellar;
            var limit = FormulaLimit.Of(cellar, suiteCase.Formula);
            var full = cellar.Tanks.Count(t => t.IsFull);
            var empty = cellar.Tanks.Where(t => !t.IsFull).Sum(t => t.Capacity);
            var shares = suiteCase.Formula.Shares.Values.Select(s => s.ToDouble() * 100).ToList();
            Console.WriteLine(string.Create(inv,
                $"| {suiteCase.Name} | {cellar.Wines.Length} | {cellar.Tanks.Length} ({full}/{cellar.Tanks.Length - full}) | {cellar.TotalWine} | {limit.Volume} | {limit.Wine} | {empty} | {(double)empty / limit.Volume:0.00} | {shares.Count(s => s < 0.5)} | {shares.Count(s => s > 5)} | {shares.Min():0.0000} | {shares.Max():0.00} |"));
        }
    }

    private static void PrintGeometricMeans(List<(SuiteCase Case, PlanOutcome Outcome)> results)
    {
        var inv = CultureInfo.InvariantCulture;
        var groups = SeedGroups.Where(g => results.Any(r => SeedGroup(r.Case.Seed) == g)).ToList();
        Console.WriteLine();
        Console.WriteLine("Geometric mean of L∞ (pp), tuned on seeds 1–2, seed 3 held out; a zero counts as 0.0001 pp, cases without a plan are left out (plans / cases).");
        Console.WriteLine();
        Console.WriteLine("| size | generator | " + string.Join(" | ", groups.Select(g => $"{g} | plans")) + " |");
        Console.WriteLine("|---|---|" + string.Concat(groups.Select(_ => "---:|---:|")));
        foreach (var size in results.Select(r => r.Case.Size.Name).Distinct())
        {
            var ofSize = results.Where(r => r.Case.Size.Name == size).ToList();
            PrintMeans(size, "all", ofSize);
            foreach (var generator in ofSize.Select(r => r.Case.Generator).Distinct())
            {
                PrintMeans(size, generator, [.. ofSize.Where(r => r.Case.Generator == generator)]);
            }
        }

        void PrintMeans(string size, string generator, List<(SuiteCase Case, PlanOutcome Outcome)> rows)
        {
            var cells = groups.Select(group =>
            {
                var inGroup = rows.Where(r => SeedGroup(r.Case.Seed) == group).ToList();
                var planned = inGroup.Where(r => r.Outcome.MaxDeviationPp is not null).Select(r => r.Outcome.MaxDeviationPp!.Value).ToList();
                var mean = planned.Count == 0 ? "—" : string.Create(inv, $"{GeometricMean(planned):0.0000}");
                return string.Create(inv, $"{mean} | {planned.Count}/{inGroup.Count}");
            });
            Console.WriteLine($"| {size} | {generator} | {string.Join(" | ", cells)} |");
        }
    }

    // An exact plan (0 pp) would make the product zero and hide every other case; the table prints four decimals, so 0.0001 is "zero".
    private static double GeometricMean(List<double> values) =>
        Math.Exp(values.Average(v => Math.Log(Math.Max(v, 0.0001))));

    private static List<T> Pick<T>(IReadOnlyList<T> all, Func<T, string> name, IReadOnlyList<string>? wanted, string what)
    {
        if (wanted is null)
        {
            return [.. all];
        }

        var unknown = wanted.Where(w => !all.Any(a => name(a) == w)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown {what} {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(name))}.");
        }

        return [.. all.Where(a => wanted.Contains(name(a)))];
    }

    /// <summary>
    /// Checks what the generators promise and the cellar's constructor does not: every formula wine
    /// has stock (otherwise the case measures a missing wine, not the planner) and every tank holds
    /// at least the smallest usual size.
    /// </summary>
    private static void Validate(SuiteCase suiteCase)
    {
        var missing = suiteCase.Formula.Lines.Where(l => suiteCase.Cellar.VolumeOf(l.Wine) <= 0).Select(l => l.Wine).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{suiteCase.Name}: formula wines without stock: {string.Join(", ", missing)}.");
        }

        if (suiteCase.Cellar.Tanks.Any(t => t.Capacity < CellarGenerator.Sizes[0]))
        {
            throw new InvalidOperationException($"{suiteCase.Name}: a tank is smaller than {CellarGenerator.Sizes[0]} hL.");
        }

        if (suiteCase.Cellar.Wines.Length != suiteCase.Size.Wines || suiteCase.Cellar.Tanks.Count(t => !t.IsFull) != suiteCase.Size.EmptyTanks)
        {
            throw new InvalidOperationException($"{suiteCase.Name}: not {suiteCase.Size.Wines} wines and {suiteCase.Size.EmptyTanks} empty tanks.");
        }
    }
}
