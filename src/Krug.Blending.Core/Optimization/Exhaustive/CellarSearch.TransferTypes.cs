using System.Runtime.InteropServices;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>Which transfers a state allows: the source and target tank combinations, by volume.</summary>
internal sealed partial class CellarSearch
{
    /// <summary>Lists the possible sources and targets of the state just classified.</summary>
    private void EnumerateChoices()
    {
        _sourceMix.Clear();
        _sourceVolume.Clear();
        _sourceApprox.Clear();
        _sourceCounts.Clear();
        Span<int> counts = stackalloc int[_full.Count];
        EnumerateSources(0, 0, counts);

        _targetVolume.Clear();
        _targetCounts.Clear();
        Span<int> targetCounts = stackalloc int[_empty.Count];
        EnumerateTargets(0, 0, targetCounts);
        _targetOrder.Clear();
        for (var t = 0; t < _targetVolume.Count; t++)
        {
            _targetOrder.Add(new TargetKey(_targetVolume[t], t));
        }

        CollectionsMarshal.AsSpan(_targetOrder).Sort();
    }

    /// <summary>
    /// Lists every choice of source tanks (a count per class) with its volume; its blend, exact or
    /// in doubles, is only made for the choices that need it.
    /// </summary>
    private void EnumerateSources(int classIndex, long volume, Span<int> counts)
    {
        if (classIndex == _full.Count)
        {
            if (volume > 0)
            {
                _sourceMix.Add(-1);
                _sourceVolume.Add(volume);
                _sourceApprox.Add(double.NaN);
                foreach (var count in counts)
                {
                    _sourceCounts.Add(count);
                }

                Spend(1);
            }

            return;
        }

        var tankClass = _full[classIndex];
        for (var count = 0; count <= tankClass.Count && _stop == SearchStop.None; count++)
        {
            counts[classIndex] = count;
            EnumerateSources(classIndex + 1, volume + (tankClass.Capacity * count), counts);
        }

        counts[classIndex] = 0;
    }

    /// <summary>The L∞ of source choice <paramref name="source"/> in doubles (screening only), made on first use.</summary>
    private double SourceApprox(int source)
    {
        if (!double.IsNaN(_sourceApprox[source]))
        {
            return _sourceApprox[source];
        }

        var wines = _table.Wines.Count;
        if (_amounts.Length < wines)
        {
            _amounts = new double[wines];
        }

        var amounts = _amounts.AsSpan(0, wines);
        amounts.Clear();
        var counts = CollectionsMarshal.AsSpan(_sourceCounts).Slice(source * _full.Count, _full.Count);
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0)
            {
                continue;
            }

            var shares = _table.ApproxShares(_full[c].Content);
            var added = (double)(_full[c].Capacity * counts[c]);
            for (var w = 0; w < wines; w++)
            {
                amounts[w] += shares[w] * added;
            }
        }

        var approx = ApproxDeviation(amounts, _sourceVolume[source]);
        _sourceApprox[source] = approx;
        return approx;
    }

    private double ApproxDeviation(ReadOnlySpan<double> amounts, long volume)
    {
        var targets = _table.ApproxTargets;
        var max = _table.ApproxAbsentDeviation;
        for (var w = 0; w < amounts.Length; w++)
        {
            max = Math.Max(max, Math.Abs((amounts[w] / volume) - targets[w]));
        }

        return max;
    }

    /// <summary>The exact blend of source choice <paramref name="source"/>, made on first use.</summary>
    private int SourceMix(int source)
    {
        if (_sourceMix[source] >= 0)
        {
            return _sourceMix[source];
        }

        var counts = CollectionsMarshal.AsSpan(_sourceCounts).Slice(source * _full.Count, _full.Count);
        var mix = BlendTable.Empty;
        long volume = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0)
            {
                continue;
            }

            var added = _full[c].Capacity * counts[c];
            mix = mix == BlendTable.Empty ? _full[c].Content : _table.Mix(mix, volume, _full[c].Content, added);
            volume += added;
        }

        _sourceMix[source] = mix;
        return mix;
    }

    private void EnumerateTargets(int classIndex, long volume, Span<int> counts)
    {
        if (classIndex == _empty.Count)
        {
            if (volume > 0)
            {
                _targetVolume.Add(volume);
                foreach (var count in counts)
                {
                    _targetCounts.Add(count);
                }

                Spend(1);
            }

            return;
        }

        var tankClass = _empty[classIndex];
        for (var count = 0; count <= tankClass.Count && _stop == SearchStop.None; count++)
        {
            counts[classIndex] = count;
            EnumerateTargets(classIndex + 1, volume + tankClass.Capacity * count, counts);
        }

        counts[classIndex] = 0;
    }

    /// <summary>The first target option (in the sorted order) of exactly <paramref name="volume"/>, or -1.</summary>
    private int FirstTargetPosition(long volume)
    {
        int low = 0, high = _targetOrder.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_targetOrder[middle].Volume < volume)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < _targetOrder.Count && _targetOrder[low].Volume == volume ? low : -1;
    }
}
