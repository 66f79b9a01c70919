using System.Runtime.InteropServices;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>Scoring final transfers and pruning states that cannot beat the best plan.</summary>
internal sealed partial class CellarSearch
{
    /// <summary>
    /// Whether a plan through a state whose blends cannot get closer than <paramref name="floor"/>
    /// (ranked), with at least <paramref name="transfers"/> transfers and <paramref name="steps"/>
    /// steps, could still beat the best plan.
    /// </summary>
    private bool MayImprove(Fraction floor, int transfers, int steps)
    {
        if (_best is not { } best)
        {
            return true;
        }

        var accuracy = floor.CompareTo(best.Ranked);
        if (accuracy != 0)
        {
            return accuracy < 0;
        }

        if (best.Volume < _volumeCeiling)
        {
            return true;
        }

        return transfers != best.Transfers ? transfers < best.Transfers : steps < best.Steps;
    }

    private void ScoreFinals(int nodeIndex)
    {
        var transfers = _states.Transfers(nodeIndex) + 1;
        var steps = _level + 1;
        if (transfers > _maxTransfers)
        {
            return;
        }

        for (var s = 0; s < _sourceMix.Count && _stop == SearchStop.None; s++)
        {
            Spend(1);
            var volume = _sourceVolume[s];
            if (volume < _minVolume || volume > _maxVolume)
            {
                continue;
            }

            var position = FirstTargetPosition(volume);
            if (position < 0 || SurelyWorse(SourceApprox(s)))
            {
                continue;
            }

            var mix = SourceMix(s);
            if (!IsBetter(mix, volume, transfers, steps))
            {
                continue;
            }

            var target = _targetOrder[position].Index;
            var ranked = _table.RankedDeviation(mix);
            _best = new BestPlan(
                nodeIndex,
                SlotsOf(_full, CollectionsMarshal.AsSpan(_sourceCounts).Slice(s * _full.Count, _full.Count)),
                SlotsOf(_empty, CollectionsMarshal.AsSpan(_targetCounts).Slice(target * _empty.Count, _empty.Count)),
                mix,
                ranked,
                ranked.ToDouble(),
                volume,
                transfers,
                steps);
            _observer?.OnProgress(new PlanningProgress(
                _clock.Elapsed, "exhaustive", (_table.MaxDeviation(mix) * 100).ToDouble(), volume, null));
        }
    }

    /// <summary>
    /// Whether a blend whose L∞ is <paramref name="approx"/> (in doubles, off by far less than the
    /// margin) is certainly ranked worse than the best plan, so that its exact blend is not needed.
    /// </summary>
    private bool SurelyWorse(double approx)
    {
        const double Margin = 1e-9;
        return _best is { } best
            && approx - Margin > best.RankedApprox
            && (_table.ApproxTolerance is not { } tolerance || approx - Margin > tolerance);
    }

    private static int[] SlotsOf(List<TankClass> classes, ReadOnlySpan<int> counts)
    {
        var slots = new List<int>();
        for (var c = 0; c < counts.Length; c++)
        {
            for (var k = 0; k < counts[c]; k++)
            {
                slots.Add(classes[c].First + k);
            }
        }

        return [.. slots];
    }

    private bool IsBetter(int mix, long volume, int transfers, int steps)
    {
        if (_best is not { } best)
        {
            return true;
        }

        var accuracy = _table.RankedDeviation(mix).CompareTo(best.Ranked);
        if (accuracy != 0)
        {
            return accuracy < 0;
        }

        if (volume != best.Volume)
        {
            return volume > best.Volume;
        }

        return transfers != best.Transfers ? transfers < best.Transfers : steps < best.Steps;
    }
}
