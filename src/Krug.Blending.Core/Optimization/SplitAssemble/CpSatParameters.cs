using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// The one place that writes CP-SAT's parameters and charges a solve to the budget, so that every
/// solve (stages, neighbourhood rounds, multi-level looks, the pattern model) runs under the same rules.
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
    /// The parameter string for a solve of at most <paramref name="work"/> deterministic seconds and
    /// <paramref name="wallSeconds"/> real ones. Both limits are set: the work limit makes the solve
    /// reproducible, the wall-clock one keeps the time limit a promise on a loaded machine. Formatted
    /// with the invariant culture: a decimal comma aborts the native solver.
    /// </summary>
    public static string For(double work, double wallSeconds, Search search, int workers, int seed, bool log)
    {
        var mode = search == Search.Sequential
            ? "num_workers:1 interleave_search:false linearization_level:0"
            : FormattableString.Invariant($"num_workers:{Math.Max(1, workers)} interleave_search:true");
        // catch_sigint_signal:false: CP-SAT's own SIGINT handler aborted the process (std::bad_function_call, exit 134)
        // on Ctrl-C; the CLI handles Ctrl-C itself and stops the search through the cancellation token.
        return FormattableString.Invariant(
            $"{mode} random_seed:{seed} max_deterministic_time:{work:0.######} max_time_in_seconds:{Math.Max(0.001, wallSeconds):0.###} log_search_progress:{(log ? "true" : "false")} log_to_stdout:false catch_sigint_signal:false");
    }

    /// <summary>
    /// Solves <paramref name="model"/> with at most <paramref name="work"/> units of
    /// <paramref name="budget"/> (never more than it has left) and the time it has left, charges the
    /// deterministic time used, and notes when the clock rather than the work limit stopped the solve.
    /// Returns <see cref="CpSolverStatus.Unknown"/> without solving when nothing is left or on cancellation.
    /// </summary>
    public static CpSolverStatus Solve(
        CpSolver solver,
        CpModel model,
        Budget budget,
        double work,
        Search search,
        int workers,
        int seed,
        SolutionCallback? callback,
        CancellationToken cancellationToken,
        bool log = false)
    {
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(budget);
        var granted = Math.Min(work, budget.WorkLeft);
        if (granted <= 0 || budget.IsSpent || cancellationToken.IsCancellationRequested)
        {
            return CpSolverStatus.Unknown;
        }

        var wall = budget.TimeLeft.TotalSeconds;
        solver.StringParameters = For(granted, wall, search, workers, seed, log);
        var status = StoppableSolve.Run(solver, model, callback, cancellationToken);
        var used = solver.Response?.DeterministicTime ?? granted;
        budget.Charge(Math.Min(used, granted));
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Infeasible or CpSolverStatus.ModelInvalid)
            && !cancellationToken.IsCancellationRequested
            && used < granted * 0.98
            && solver.WallTime() >= wall * 0.9)
        {
            budget.NoteWallClockCutIn();
        }

        return status;
    }
}
