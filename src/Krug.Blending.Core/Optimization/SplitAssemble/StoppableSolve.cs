using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// Runs CP-SAT so that cancellation always stops it. <see cref="CpSolver.StopSearch"/> only reaches
/// a solve that is running: a Ctrl-C that lands between two solves (between stages or neighbourhood
/// rounds) would be lost and the next solve would run its whole budget. So the token is checked
/// before the solve and polled while it runs.
/// </summary>
internal static class StoppableSolve
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Solves <paramref name="model"/>, or returns <see cref="CpSolverStatus.Unknown"/> at once when
    /// <paramref name="cancellationToken"/> is already cancelled.
    /// </summary>
    public static CpSolverStatus Run(CpSolver solver, CpModel model, SolutionCallback? callback, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return CpSolverStatus.Unknown;
        }

        using var stop = cancellationToken.Register(solver.StopSearch);
        using var poll = cancellationToken.CanBeCanceled
            ? new Timer(_ => StopIfCancelled(solver, cancellationToken), null, PollInterval, PollInterval)
            : null;
        return solver.Solve(model, callback);
    }

    private static void StopIfCancelled(CpSolver solver, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            solver.StopSearch();
        }
    }
}
