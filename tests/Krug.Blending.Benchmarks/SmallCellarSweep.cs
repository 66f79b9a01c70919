using System.Diagnostics;
using System.Globalization;
using Krug.Blending.Optimization;

namespace Krug.Blending.Benchmarks;

/// <summary>
/// Issue 4's sweep: 100 seeded 3-wine cellars with 5 empty tanks (capacities 2..12). Plans each with
/// the default strategy and with split-then-assemble, and prints how often the default is complete
/// (the exhaustive optimum), how often it beats split-then-assemble, whether it is ever worse, and
/// the slowest run.
/// </summary>
internal static class SmallCellarSweep
{
    public static void Run(int count, double timeLimit)
    {
        var inv = CultureInfo.InvariantCulture;
        int optimal = 0, better = 0, equal = 0, worse = 0, noPlan = 0;
        var slowest = 0.0;
        var improvements = new List<(double From, double To)>();
        for (var seed = 1; seed <= count; seed++)
        {
            var benchmark = CellarGenerator.Generate($"small-{seed}", wines: 3, fullTanks: 3, emptyTanks: 5, seed: 1000 + seed, smallSizes: true);
            var clock = Stopwatch.StartNew();
            var settings = new BenchmarkSettings(timeLimit);
            var request = PlannerAdapter.Request(benchmark.Cellar, benchmark.Formula, settings);
            var auto = PlannerAdapter.Run(request, settings);
            slowest = Math.Max(slowest, clock.Elapsed.TotalSeconds);
            var split = PlannerAdapter.Run(request, settings with { Strategy = PlanningStrategy.SplitAssemble });
            if (auto.Status == PlanStatus.Optimal)
            {
                optimal++;
            }

            if (auto.Blend is null)
            {
                noPlan++;
                if (split.Blend is not null)
                {
                    worse++;
                }

                continue;
            }

            if (split.Blend is null)
            {
                better++;
                continue;
            }

            var comparison = PlannerAdapter.Order(request).Compare(auto.Blend, split.Blend);
            if (comparison < 0)
            {
                better++;
                if (auto.Blend.MaxDeviation < split.Blend.MaxDeviation)
                {
                    improvements.Add((split.Blend.MaxDeviationPp, auto.Blend.MaxDeviationPp));
                }
            }
            else if (comparison == 0)
            {
                equal++;
            }
            else
            {
                worse++;
            }
        }

        Console.WriteLine(string.Create(inv, $"Sweep: {count} seeded 3-wine cellars, 5 empty tanks, capacities 2..12, time limit {timeLimit} s"));
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(inv, $"| default strategy proven optimal (complete exhaustive search, ≤ 6 steps) | {optimal} / {count} |"));
        Console.WriteLine(string.Create(inv, $"| better than split-then-assemble (product order) | {better} |"));
        Console.WriteLine(string.Create(inv, $"| of which more accurate | {improvements.Count} |"));
        Console.WriteLine(string.Create(inv, $"| equal to split-then-assemble | {equal} |"));
        Console.WriteLine(string.Create(inv, $"| worse than split-then-assemble | {worse} |"));
        Console.WriteLine(string.Create(inv, $"| no plan at all | {noPlan} |"));
        Console.WriteLine(string.Create(inv, $"| slowest default run | {slowest:0.00} s |"));
        if (improvements.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Largest accuracy gains (split-then-assemble L∞ → default L∞, pp): " + string.Join(", ",
                improvements.OrderByDescending(i => i.From - i.To).Take(8).Select(i => string.Create(inv, $"{i.From:0.00} → {i.To:0.00}"))));
        }
    }
}
