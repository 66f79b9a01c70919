using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Core.Tests.Support;

/// <summary>
/// Runs the split-then-assemble search on a cellar state given as sources and empties (tanks holding
/// blends included), the way the multi-level search does: for tests of the assembly model itself.
/// </summary>
internal static class Assembly
{
    /// <summary>
    /// A planning context for <paramref name="request"/>: one worker, fixed seed, <paramref name="work"/> units
    /// (or <paramref name="budget"/>), no observer.
    /// </summary>
    public static PlanningContext Context(BlendRequest request, SolverSettings? settings = null, double work = 5, IPlanningObserver? observer = null, Budget? budget = null)
    {
        settings ??= Some.Settings(PlanningStrategy.SplitAssemble);
        budget ??= Some.Work(work);
        return new PlanningContext(request, settings, budget, new ProgressReporter(observer, new PlanOrder(request, settings.AccuracyResolutionPp), budget), default);
    }

    /// <summary>Assembles <paramref name="sources"/> into <paramref name="empties"/> toward <paramref name="formula"/>, any volume.</summary>
    public static AssemblyOutcome Run(
        IReadOnlyList<SourceTank> sources,
        IReadOnlyList<(string Id, long Capacity)> empties,
        Formula formula,
        double work = 5,
        IReadOnlyList<ShareRequirement>? requirements = null)
    {
        // The cellar only names the tanks for the request; the sources carry their own contents.
        var cellar = new Cellar(
            sources.Select(s => new Tank(s.Id, s.Capacity, s.Contents.IsPure ? s.Contents.Shares.Keys.First() : "blend " + s.Id))
                .Concat(empties.Select(e => new Tank(e.Id, e.Capacity, null))),
            VolumeUnit.Hectolitres);
        var request = Some.Request(cellar, formula) with { Requirements = [.. requirements ?? []] };
        return SplitAssembleSearch.Assemble(sources, empties, AssemblyLimits.Of(request), Context(request, work: work), SearchDepth.Full);
    }
}
