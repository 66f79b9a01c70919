using System.Runtime.InteropServices;
using Krug.Blending.Arithmetic;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>Scoring final transfers under the order on plans, and pruning states that cannot beat the best plan.</summary>
internal sealed partial class CellarSearch
{
    /// <summary>
    /// Whether a plan through a state whose blends cannot get closer than <paramref name="floor"/>
    /// (an accuracy key), with at least <paramref name="transfers"/> transfers and <paramref name="steps"/>
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

        // Waste is never searched here; fewer leftovers or a volume closer to the target may still come.
        if (best.Score.LeftoverBlends > 0)
        {
            return true;
        }

        var volumeCanImprove = _request.Volume.Target is null ? best.Volume < _volumeCeiling : _request.Volume.OffTarget(best.Volume) > 0;
        if (volumeCanImprove)
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

            var sourceCounts = CollectionsMarshal.AsSpan(_sourceCounts).Slice(s * _full.Count, _full.Count);
            if (LeftoverBlends(sourceCounts) is not { } leftover)
            {
                continue;
            }

            var mix = SourceMix(s);
            if (!_table.MeetsRequirements(mix))
            {
                continue;
            }

            var score = new PlanScore(_table.MaxDeviation(mix), 0, leftover, volume, transfers, steps);
            if (_best is { } incumbent && _order.Compare(score, incumbent.Score) >= 0)
            {
                continue;
            }

            var target = _targetOrder[position].Index;
            var ranked = _table.RankedDeviation(mix);
            _best = new BestPlan(
                nodeIndex,
                SlotsOf(_full, sourceCounts),
                SlotsOf(_empty, CollectionsMarshal.AsSpan(_targetCounts).Slice(target * _empty.Count, _empty.Count)),
                mix,
                ranked,
                _order.AccuracyTop(ranked).ToDouble(),
                score);
            _progress.Report("exhaustive", (_table.MaxDeviation(mix) * 100).ToDouble(), volume, null);
        }
    }

    /// <summary>
    /// The capacity the final transfer drawing <paramref name="sourceCounts"/> would leave holding
    /// mixtures the plan made (tanks of the state holding a blend it does not pour, other than what the
    /// cellar held at the start), or
    /// <see langword="null"/> when the request forbids leaving any and some would be left.
    /// </summary>
    private long? LeftoverBlends(ReadOnlySpan<int> sourceCounts)
    {
        long leftover = 0;
        for (var c = 0; c < _full.Count; c++)
        {
            var left = _full[c].Count - sourceCounts[c];
            if (left == 0 || _table.IsHeldAtStart(_full[c].Content))
            {
                continue;
            }

            if (!_request.AllowLeftoverBlends)
            {
                return null;
            }

            leftover += left * _full[c].Capacity;
        }

        return leftover;
    }

    /// <summary>
    /// Whether a blend whose L∞ is <paramref name="approx"/> (in doubles, off by far less than the
    /// margin) is certainly ranked worse than the best plan: beyond the largest deviation that still
    /// ties with it on accuracy. Its exact blend is then not needed.
    /// </summary>
    private bool SurelyWorse(double approx)
    {
        const double Margin = 1e-9;
        return _best is { } best && approx - Margin > best.TopApprox;
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
}
