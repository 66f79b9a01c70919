using Krug.Blending.Arithmetic;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Optimization.MultiLevel;

/// <summary>One pre-blending transfer: whole full tanks poured into empty tanks that they fill exactly.</summary>
/// <param name="Inputs">Full tanks emptied completely.</param>
/// <param name="Outputs">Empty tanks filled completely; their capacities add up to the inputs' volume.</param>
/// <param name="Mismatch">How far the blend's ratios are from the formula's ratios between the same wines (0 = the same ratios).</param>
internal sealed record PreBlend(IReadOnlyList<SourceTank> Inputs, IReadOnlyList<(string Id, long Capacity)> Outputs, double Mismatch);

/// <summary>
/// Proposes pre-blends worth evaluating. A blend whose wines already stand in the formula's ratios
/// can then be split into pieces of any size the empty tanks offer without spoiling those ratios,
/// which is what split-then-assemble alone cannot do; so candidates are ranked by that mismatch.
/// </summary>
internal static class PreBlendCandidates
{
    private const int MaxOutputs = 3;
    private const int OutputChoicesPerInput = 2;
    private const int MaxTypesForTriples = 40;

    /// <summary>
    /// The <paramref name="limit"/> best pre-blends from <paramref name="state"/>, best first, in a
    /// deterministic order. Only tanks whose every wine is in the formula take part.
    /// </summary>
    public static IReadOnlyList<PreBlend> For(CellarState state, TargetShares targets, int limit)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(targets);
        if (limit <= 0 || state.Empty.IsEmpty)
        {
            return [];
        }

        // Interchangeable full tanks form one type; a candidate names types, then takes the first tanks of each.
        var types = state.Full
            .Where(f => f.Contents.Shares.Keys.All(w => targets.PartsOf(w) > 0))
            .GroupBy(f => (f.Capacity, f.ContentKey))
            .OrderBy(g => g.Key.ContentKey, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Capacity)
            .Select(g => g.OrderBy(f => f.Id, StringComparer.Ordinal).ToList())
            .ToList();
        var fills = OutputCombinations(state.Empty);
        var found = new List<(List<int> Types, double Mismatch, long Volume)>();
        for (var a = 0; a < types.Count; a++)
        {
            for (var b = a; b < types.Count; b++)
            {
                Consider([a, b]);
                if (types.Count > MaxTypesForTriples)
                {
                    continue;
                }

                for (var c = b; c < types.Count; c++)
                {
                    Consider([a, b, c]);
                }
            }
        }

        var result = new List<PreBlend>();
        foreach (var (chosen, mismatch, volume) in found.OrderBy(f => f.Mismatch).ThenByDescending(f => f.Volume).ThenBy(f => string.Join(',', f.Types)))
        {
            var inputs = new List<SourceTank>();
            foreach (var group in chosen.GroupBy(t => t))
            {
                inputs.AddRange(types[group.Key].Take(group.Count()));
            }

            foreach (var fill in fills[volume].Take(OutputChoicesPerInput))
            {
                result.Add(new PreBlend(inputs, fill, mismatch));
                if (result.Count == limit)
                {
                    return result;
                }
            }
        }

        return result;

        void Consider(List<int> chosen)
        {
            foreach (var group in chosen.GroupBy(t => t))
            {
                if (types[group.Key].Count < group.Count())
                {
                    return;
                }
            }

            var tanks = chosen.Select(t => types[t][0]).ToList();
            var volume = tanks.Sum(t => t.Capacity);
            if (!fills.ContainsKey(volume))
            {
                return;
            }

            var amounts = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var tank in tanks)
            {
                foreach (var (wine, share) in tank.Contents.Shares)
                {
                    amounts[wine] = amounts.GetValueOrDefault(wine) + share.ToDouble() * tank.Capacity;
                }
            }

            if (amounts.Count < 2)
            {
                // Gathering one wine changes no ratio.
                return;
            }

            double wanted = amounts.Keys.Sum(w => (double)targets.PartsOf(w));
            var mismatch = amounts.Max(a => Math.Abs(a.Value / volume - targets.PartsOf(a.Key) / wanted));
            found.Add((chosen, mismatch, volume));
        }
    }

    /// <summary>
    /// For every volume that up to <see cref="MaxOutputs"/> empty tanks fill exactly, the ways to do it:
    /// fewest tanks first, then largest tanks first, each tank the first free one of its capacity by id.
    /// </summary>
    private static Dictionary<long, List<List<(string Id, long Capacity)>>> OutputCombinations(IReadOnlyList<(string Id, long Capacity)> empties)
    {
        var classes = empties
            .GroupBy(e => e.Capacity)
            .OrderByDescending(g => g.Key)
            .Select(g => g.OrderBy(e => e.Id, StringComparer.Ordinal).ToList())
            .ToList();
        var combinations = new List<List<(string Id, long Capacity)>>();
        var current = new List<(string Id, long Capacity)>();
        Extend(0);
        return combinations
            .GroupBy(c => c.Sum(t => t.Capacity))
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(c => c.Count).ThenByDescending(c => c[0].Capacity).ToList());

        void Extend(int from)
        {
            if (current.Count > 0)
            {
                combinations.Add([.. current]);
            }

            if (current.Count == MaxOutputs)
            {
                return;
            }

            for (var c = from; c < classes.Count; c++)
            {
                var taken = current.Count(t => t.Capacity == classes[c][0].Capacity);
                if (taken >= classes[c].Count)
                {
                    continue;
                }

                current.Add(classes[c][taken]);
                Extend(c);
                current.RemoveAt(current.Count - 1);
            }
        }
    }
}
