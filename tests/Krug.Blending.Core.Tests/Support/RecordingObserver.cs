using Krug.Blending.Optimization;

namespace Krug.Blending.Core.Tests.Support;

/// <summary>Keeps what a planner reports, for tests that check its progress and messages.</summary>
public sealed class RecordingObserver : IPlanningObserver
{
    public List<PlanningProgress> Progress { get; } = [];

    public List<string> Messages { get; } = [];

    public void OnProgress(PlanningProgress progress) => Progress.Add(progress);

    public void OnSolverLog(string line)
    {
    }

    public void OnMessage(string message) => Messages.Add(message);
}
