using System.Collections.Immutable;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Support;

/// <summary>
/// Test oracle for the split-then-assemble family, by brute force, for cellars of about eight tanks at most.
/// <para>
/// The family: in an optional first step, some originally full tanks are each split, i.e. emptied into a set of
/// originally empty tanks whose capacities add up exactly to their own (one tank of equal capacity is a set too),
/// no empty tank receiving from two splits. Then exactly one transfer, the final blend: any non-empty set of
/// unsplit full tanks and pieces, poured into a set of tanks that are empty at that point (originally empty tanks
/// that received no piece, and split tanks) whose capacities add up exactly to the volume poured. No waste.
/// </para>
/// <para>
/// Every plan of the family is built, replayed by <see cref="PlanVerifier"/>, and ranked with
/// <see cref="PlanOrder"/>; the first best one in enumeration order wins. Tanks that are interchangeable
/// (empty tanks of one capacity; sources of one capacity holding one wine) are chosen by count, lowest cellar
/// position first, which removes symmetric duplicates without losing any distinct outcome.
/// </para>
/// </summary>
public static class SplitAssembleReference
{
    /// <summary>
    /// The best split-then-assemble plan and its verified report under the order with accuracy steps of
    /// <paramref name="resolutionPp"/> (0: exact), or <see langword="null"/> when the family has no plan meeting
    /// <paramref name="request"/> (excluded tanks, kept wines, volume band; tolerance for ranking).
    /// </summary>
    public static (Plan Plan, BlendReport Report)? Best(BlendRequest request, decimal resolutionPp = 0m) =>
        Best(request, resolutionPp, mergeIdenticalTanks: true, out _);

    /// <summary>As <see cref="Best(BlendRequest, decimal)"/>, optionally treating every tank as unique (slow; to test the merging).</summary>
    internal static (Plan Plan, BlendReport Report)? Best(
        BlendRequest request, decimal resolutionPp, bool mergeIdenticalTanks, out int candidates)
    {
        ArgumentNullException.ThrowIfNull(request);

        var search = new Search(request, new PlanOrder(request, resolutionPp), mergeIdenticalTanks);
        search.Run();
        candidates = search.Candidates;
        return search.Best;
    }

    private sealed record Split(Tank Origin, IReadOnlyList<Tank> Pieces);

    /// <summary>A tank that can give wine to the final transfer, and the wine it holds then.</summary>
    private sealed record Source(Tank Tank, string Wine);

    private sealed class Search(BlendRequest request, PlanOrder order, bool merge)
    {
        private readonly Dictionary<string, int> _position = request.Cellar.Tanks.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        private readonly List<Tank> _full = [.. request.UsableTanks.Where(t => t.IsFull)];
        private readonly List<Tank> _empty = [.. request.UsableTanks.Where(t => !t.IsFull)];

        public (Plan Plan, BlendReport Report)? Best { get; private set; }

        public int Candidates { get; private set; }

        public void Run() => ChooseSplits(0, new HashSet<string>(StringComparer.Ordinal), []);

        private void ChooseSplits(int index, HashSet<string> pieceTanks, List<Split> splits)
        {
            if (index == _full.Count)
            {
                Assemble(splits, pieceTanks);
                return;
            }

            ChooseSplits(index + 1, pieceTanks, splits);

            var origin = _full[index];
            var free = _empty.Where(t => !pieceTanks.Contains(t.Id)).ToList();
            foreach (var pieces in Subsets(free, t => t.Capacity, t => t.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), origin.Capacity))
            {
                pieceTanks.UnionWith(pieces.Select(p => p.Id));
                splits.Add(new Split(origin, pieces));
                ChooseSplits(index + 1, pieceTanks, splits);
                splits.RemoveAt(splits.Count - 1);
                pieceTanks.ExceptWith(pieces.Select(p => p.Id));
            }
        }

        private void Assemble(List<Split> splits, HashSet<string> pieceTanks)
        {
            var split = splits.Select(s => s.Origin.Id).ToHashSet(StringComparer.Ordinal);
            var sources = _full.Where(t => !split.Contains(t.Id)).Select(t => new Source(t, t.Content!))
                .Concat(splits.SelectMany(s => s.Pieces.Select(p => new Source(p, s.Origin.Content!))))
                .OrderBy(s => _position[s.Tank.Id])
                .ToList();
            var targets = _empty.Where(t => !pieceTanks.Contains(t.Id))
                .Concat(splits.Select(s => s.Origin))
                .OrderBy(t => _position[t.Id])
                .ToList();

            foreach (var poured in Subsets(sources, s => s.Tank.Capacity, s => $"{s.Tank.Capacity}\u0000{s.Wine}", exactSum: null))
            {
                var volume = poured.Sum(s => s.Tank.Capacity);
                if (!request.Volume.Contains(volume))
                {
                    continue;
                }

                foreach (var filled in Subsets(targets, t => t.Capacity, t => t.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), volume))
                {
                    Consider(BuildPlan(splits, poured.Select(s => s.Tank), filled));
                }
            }
        }

        private void Consider(Plan plan)
        {
            Candidates++;
            var verification = PlanVerifier.Verify(request, plan);
            if (!verification.IsValid && verification.Violations.All(v => v.Kind == ViolationKind.RequirementNotMet))
            {
                // Share requirements are not enumerated around: a plan that breaks one is simply not a candidate.
                return;
            }

            if (!verification.IsValid)
            {
                throw new InvalidOperationException(
                    "The reference built a plan the verifier rejects: " + string.Join("; ", verification.Violations.Select(v => v.Message)));
            }

            var report = verification.Blend!;
            if (Best is not { } best || order.Compare(report, best.Report) < 0)
            {
                Best = (plan, report);
            }
        }

        private static Plan BuildPlan(List<Split> splits, IEnumerable<Tank> poured, IEnumerable<Tank> filled)
        {
            var final = new Transfer(splits.Count + 1, Legs(poured), Legs(filled));
            if (splits.Count == 0)
            {
                return new Plan([new PlanStep(1, [final])]);
            }

            var splitStep = new PlanStep(1, [.. splits.Select((s, i) => new Transfer(i + 1, Legs([s.Origin]), Legs(s.Pieces)))]);
            return new Plan([splitStep, new PlanStep(2, [final])]);
        }

        private static ImmutableArray<TankVolume> Legs(IEnumerable<Tank> tanks) =>
            [.. tanks.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => new TankVolume(t.Id, t.Capacity))];

        /// <summary>
        /// Every non-empty subset of <paramref name="items"/> (whose sizes add up to <paramref name="exactSum"/> when
        /// given). With merging, items of one class are chosen by count, first ones first, so each distinct
        /// multiset of classes comes once; without it, every item is its own class.
        /// </summary>
        private IEnumerable<List<T>> Subsets<T>(List<T> items, Func<T, long> size, Func<T, string> classOf, long? exactSum)
        {
            var classes = merge
                ? items.GroupBy(classOf, StringComparer.Ordinal).Select(g => g.ToList()).ToList()
                : items.Select(i => new List<T> { i }).ToList();
            var chosen = new List<T>();
            return Walk(0, 0);

            IEnumerable<List<T>> Walk(int classIndex, long sum)
            {
                if (exactSum is { } cap && sum > cap)
                {
                    yield break;
                }

                if (classIndex == classes.Count)
                {
                    if (chosen.Count > 0 && (exactSum is null || sum == exactSum))
                    {
                        yield return [.. chosen];
                    }

                    yield break;
                }

                var members = classes[classIndex];
                for (var count = 0; count <= members.Count; count++)
                {
                    var added = members.Take(count).ToList();
                    chosen.AddRange(added);
                    foreach (var subset in Walk(classIndex + 1, sum + added.Sum(size)))
                    {
                        yield return subset;
                    }

                    chosen.RemoveRange(chosen.Count - count, count);
                }
            }
        }
    }
}
