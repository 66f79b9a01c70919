using System.Diagnostics;
using System.Globalization;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Benchmarks;

/// <summary>
/// Issue 4's multi-level search against split-then-assemble and the exhaustive optimum: the 100
/// small 3-wine cellars of <see cref="SmallCellarSweep"/> (where the exhaustive search is complete),
/// and seeded mid-size cellars too big for it (5 wines in 7 tanks, 9 empty tanks).
/// </summary>
internal static class MultiLevelSweep
{
    public static void Run(double timeLimit)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"Multi-level sweep, time limit {timeLimit} s (deterministic), seed 1, 2 workers"));
        Console.WriteLine();
        Console.WriteLine("| cellars | multi-level better than split-assemble | equal | worse | reaches exhaustive optimum | exhaustive complete | slowest multi-level s | mean multi-level s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Sweep("100 small: 3 wines, 3 full + 5 empty (2..12)", 100, seed => CellarGenerator.Generate($"small-{seed}", 3, 3, 5, 1000 + seed, smallSizes: true), timeLimit);
        Sweep("30 mid-size: 5 wines, 7 full + 9 empty (2..12)", 30, seed => CellarGenerator.Generate($"mid-{seed}", 5, 7, 9, 2000 + seed, smallSizes: true), timeLimit);
        Sweep("20 mid-size: 8 wines, 10 full + 14 empty (hL sizes)", 20, seed => CellarGenerator.Generate($"mid8-{seed}", 8, 10, 14, 3000 + seed), timeLimit);
    }

    private static void Sweep(string name, int count, Func<int, BenchmarkCase> generate, double timeLimit)
    {
        var inv = CultureInfo.InvariantCulture;
        int better = 0, equal = 0, worse = 0, reachesOptimum = 0, complete = 0;
        double slowest = 0, total = 0;
        var gains = new List<(double From, double To)>();
        for (var seed = 1; seed <= count; seed++)
        {
            var benchmark = generate(seed);
            var request = PlannerAdapter.Request(benchmark.Cellar, benchmark.Formula, new BenchmarkSettings(timeLimit));
            int Compare(BlendReport? left, BlendReport? right) => Order(request, left, right);
            var clock = Stopwatch.StartNew();
            var multi = Plan(benchmark, PlanningStrategy.MultiLevel, timeLimit);
            var seconds = clock.Elapsed.TotalSeconds;
            slowest = Math.Max(slowest, seconds);
            total += seconds;
            var split = Plan(benchmark, PlanningStrategy.SplitAssemble, timeLimit);
            var exhaustive = Plan(benchmark, PlanningStrategy.Exhaustive, timeLimit);
            var order = Compare(multi.Blend, split.Blend);
            if (order < 0)
            {
                better++;
                if (multi.Blend!.MaxDeviation < (split.Blend?.MaxDeviation ?? Arithmetic.Fraction.One))
                {
                    gains.Add((split.Blend?.MaxDeviationPp ?? double.NaN, multi.Blend.MaxDeviationPp));
                }
            }
            else if (order == 0)
            {
                equal++;
            }
            else
            {
                worse++;
            }

            if (exhaustive.Status is PlanStatus.Optimal or PlanStatus.NoPlan)
            {
                complete++;
                if (Compare(multi.Blend, exhaustive.Blend) <= 0 || (multi.Blend is not null && exhaustive.Blend is not null && multi.Blend.MaxDeviation == exhaustive.Blend.MaxDeviation))
                {
                    reachesOptimum++;
                }
            }
        }

        Console.WriteLine(string.Create(inv,
            $"| {name} | {better} | {equal} | {worse} | {reachesOptimum} / {complete} | {complete} | {slowest:0.00} | {total / count:0.00} |"));
        if (gains.Count > 0)
        {
            Console.Error.WriteLine(string.Create(inv, $"{name}: largest gains (split-assemble → multi-level L∞ pp): ") + string.Join(", ",
                gains.OrderByDescending(g => g.From - g.To).Take(8).Select(g => string.Create(inv, $"{g.From:0.00} → {g.To:0.00}"))));
        }
    }

    private static PlanningResult Plan(BenchmarkCase benchmark, PlanningStrategy strategy, double timeLimit)
    {
        var settings = new BenchmarkSettings(timeLimit, Strategy: strategy);
        return PlannerAdapter.Run(PlannerAdapter.Request(benchmark.Cellar, benchmark.Formula, settings), settings);
    }

    /// <summary>Product order; a missing plan ranks after any plan.</summary>
    private static int Order(Krug.Blending.Domain.BlendRequest request, BlendReport? left, BlendReport? right) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        _ => PlannerAdapter.Order(request).Compare(left, right),
    };
}
