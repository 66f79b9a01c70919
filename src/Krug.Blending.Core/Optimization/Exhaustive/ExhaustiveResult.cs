using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>
/// The outcome of an exhaustive search.
/// </summary>
/// <param name="Best">
/// The best plan found under <see cref="PlanRanking"/> (steps and transfers numbered from 1, every
/// draw a whole tank), or <see langword="null"/> when none was found.
/// </param>
/// <param name="Complete">
/// Whether every waste-free plan of at most <see cref="PlanningOptions.MaxSteps"/> steps was
/// considered: then <see cref="Best"/> is optimal among them, and a <see langword="null"/>
/// <see cref="Best"/> proves that there is no such plan.
/// </param>
/// <param name="StatesExplored">Distinct cellar states stored by the search (equal tanks merged).</param>
/// <param name="Message">One or two sentences for the user: what was searched, and why it stopped.</param>
public sealed record ExhaustiveResult(Plan? Best, bool Complete, long StatesExplored, string Message);
