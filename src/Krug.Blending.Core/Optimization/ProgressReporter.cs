using Krug.Blending.Arithmetic;

namespace Krug.Blending.Optimization;

/// <summary>
/// Passes what the strategies report on to the user's observer, keeping progress monotone: a
/// strategy may restart (a neighbourhood round, a cellar state of the multi-level search, the
/// waste-free candidate) and find plans worse than one already reported; only plans better under
/// the order's accuracy and volume criteria reach the user. Thread-safe: solver callbacks come from
/// solver threads.
/// </summary>
internal sealed class ProgressReporter(IPlanningObserver? observer, PlanOrder order, Budget budget)
{
    private readonly Lock _gate = new();
    private (Fraction Accuracy, Fraction Volume)? _best;

    /// <summary>Whether anyone listens (solver logs are only produced then).</summary>
    public bool Listening => observer is not null;

    /// <summary>Reports a plan of largest deviation <paramref name="maxDeviationPp"/> and volume <paramref name="volume"/> if it beats every plan reported so far.</summary>
    public void Report(string stage, double maxDeviationPp, long volume, double? boundPp)
    {
        if (observer is null || double.IsNaN(maxDeviationPp))
        {
            return;
        }

        // Progress carries doubles; a deviation to 1e-9 pp is far finer than any resolution the order uses.
        var deviation = new Fraction((long)Math.Round(maxDeviationPp * 1e9), 100_000_000_000);
        var key = (order.AccuracyKey(deviation), order.Key(PlanCriterion.Volume, new Verification.PlanScore(deviation, 0, 0, volume, 0, 0)));
        lock (_gate)
        {
            if (_best is { } best && (key.Item1 > best.Accuracy || (key.Item1 == best.Accuracy && key.Item2 >= best.Volume)))
            {
                return;
            }

            _best = key;
        }

        observer.OnProgress(new PlanningProgress(budget.Elapsed, stage, maxDeviationPp, volume, boundPp));
    }

    /// <summary>A message for the user.</summary>
    public void Message(string message) => observer?.OnMessage(message);

    /// <summary>A line of the solver's log.</summary>
    public void SolverLog(string line) => observer?.OnSolverLog(line);
}
