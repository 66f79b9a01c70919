using Google.OrTools.Sat;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Core.Tests.Optimization;

public sealed class StoppableSolveTests
{
    [Fact]
    public void ASolveAskedForAfterCtrlCDoesNotStartAtAll()
    {
        // CpSolver.StopSearch only reaches a running solve: a cancellation that came between two solves must still count.
        var model = new CpModel();
        var x = model.NewIntVar(0, 10, "x");
        model.Maximize(x);
        using var solver = new CpSolver();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var status = StoppableSolve.Run(solver, model, null, cancelled.Token);

        status.Should().Be(CpSolverStatus.Unknown);
    }

    [Fact]
    public void WithoutCancellationTheSolveRunsAsUsual()
    {
        var model = new CpModel();
        var x = model.NewIntVar(0, 10, "x");
        model.Maximize(x);
        using var solver = new CpSolver();

        var status = StoppableSolve.Run(solver, model, null, CancellationToken.None);

        status.Should().Be(CpSolverStatus.Optimal);
        solver.Value(x).Should().Be(10);
    }
}
