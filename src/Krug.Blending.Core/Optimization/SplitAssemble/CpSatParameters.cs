using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The one place that writes CP-SAT's parameter string and counts what a solve cost, so that every
/// solve of the split-then-assemble model (stages, neighbourhood rounds, multi-level looks) runs
/// under the same rules.
/// </summary>
internal static class CpSatParameters
{
    /// <summary>How CP-SAT searches: the interleaved portfolio, or one sequential worker.</summary>
    public enum Search
    {
        /// <summary>Interleaved subsolvers on the given workers: deterministic under a deterministic limit.</summary>
        Portfolio,

        /// <summary>
        /// One sequential worker without LP: deterministic too, and much faster on small models (no
        /// batches of subsolvers; the LP relaxation bound is zero in this model anyway).
        /// </summary>
        Sequential,
    }

    /// <summary>
    /// The parameter string for a solve of at most <paramref name="seconds"/> (deterministic unless the
    /// options ask for wall-clock time). Formatted with the invariant culture: a decimal comma aborts
    /// the native solver.
    /// </summary>
    public static string For(PlanningOptions options, double seconds, Search search, int workers, int seed, bool log)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.WallClockLimit
            ? FormattableString.Invariant($"max_time_in_seconds:{seconds:0.###}")
            : FormattableString.Invariant($"max_deterministic_time:{seconds:0.###}");
        var mode = search == Search.Sequential
            ? "num_workers:1 interleave_search:false linearization_level:0"
            : FormattableString.Invariant($"num_workers:{Math.Max(1, workers)} interleave_search:true");
        // catch_sigint_signal:false: CP-SAT's own SIGINT handler aborted the process (std::bad_function_call, exit 134)
        // on Ctrl-C; the CLI handles Ctrl-C itself and stops the search through the cancellation token.
        return FormattableString.Invariant(
            $"{mode} random_seed:{seed} {limit} log_search_progress:{(log ? "true" : "false")} log_to_stdout:false catch_sigint_signal:false");
    }

    /// <summary>Budget seconds the last solve used: its deterministic time, or its wall-clock time under a wall-clock limit.</summary>
    public static double Spent(CpSolver solver, PlanningOptions options, double seconds)
    {
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(options);
        return options.WallClockLimit ? solver.WallTime() : solver.Response?.DeterministicTime ?? seconds;
    }
}
