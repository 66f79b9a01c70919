using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>A pattern model's solution as transfers on concrete tanks.</summary>
internal static class PatternTransfers
{
    /// <summary>
    /// The plan of <paramref name="moves"/> with <paramref name="idle"/> empty tanks per class left
    /// alone: the first-round splits and the pre-blend (step 1), the second-round splits into tanks step 1
    /// emptied (step 2, when any), then the blend. Concrete tanks are taken in id order.
    /// </summary>
    /// <param name="pattern">The model the solution is of.</param>
    /// <param name="moves">What the solution does with each source it uses.</param>
    /// <param name="idle">Per empty class, the tanks that take nothing.</param>
    /// <param name="early">Per class (freed classes only), the whole tanks of its capacity poured into the pre-blend; none when null.</param>
    /// <param name="vessels">Per empty class, the tanks the pre-blend fills; none when null.</param>
    public static Plan Of(PatternModel pattern, IReadOnlyList<SourceMove> moves, IReadOnlyList<int> idle, IReadOnlyList<int>? early = null, IReadOnlyList<int>? vessels = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(moves);
        ArgumentNullException.ThrowIfNull(idle);
        var model = pattern.Assembly;
        var classes = pattern.Classes;
        var unit = model.Unit;
        var empties = model.Classes.Select(c => new Queue<string>(c.TankIds)).ToArray();
        var freed = new Dictionary<long, Queue<string>>();
        var poured = new List<TankVolume>();
        var targets = new List<TankVolume>();
        var number = 0;

        // A tank emptied in step 1: second-round pieces of its capacity may go into it, else it receives the blend.
        void Free(string id, long capacity)
        {
            if (!freed.TryGetValue(capacity, out var queue))
            {
                freed[capacity] = queue = new Queue<string>();
            }

            queue.Enqueue(id);
        }

        Transfer Split(SourceMove move, bool second)
        {
            var source = model.Sources[move.Source];
            var split = move.Split!;
            var pieces = new List<TankVolume>();
            for (var c = 0; c < split.Pieces.Length; c++)
            {
                for (var n = 0; n < split.Pieces[c]; n++)
                {
                    var id = c < pattern.OriginalClasses ? empties[c].Dequeue() : freed[classes[c].Capacity].Dequeue();
                    var piece = new TankVolume(id, classes[c].Capacity * unit);
                    pieces.Add(piece);
                    if (n < split.Used[c])
                    {
                        poured.Add(piece);
                    }
                }
            }

            var from = source.IsGroup
                ? source.Members.Select(m => new TankVolume(m.Id, m.Capacity * unit))
                : [new TankVolume(source.Id, source.Capacity * unit)];
            if (second || source.IsGroup)
            {
                targets.AddRange(from);
            }
            else
            {
                Free(source.Id, source.Capacity);
            }

            return new Transfer(++number, [.. from.OrderBy(t => t.TankId, StringComparer.Ordinal)], [.. pieces.OrderBy(t => t.TankId, StringComparer.Ordinal)]);
        }

        var whole = moves.Where(m => m.Split is null).OrderBy(m => m.Source).Select(m => model.Sources[m.Source]).ToList();

        // The whole tanks of each freed class's capacity poured early (the first in source order) go into the
        // vessels in step 1; the tanks they leave join the freed ones, and the vessels are poured into the blend.
        Transfer? PreBlend()
        {
            if (early is null || vessels is null || early.All(e => e == 0))
            {
                return null;
            }

            var from = new List<TankVolume>();
            for (var c = pattern.OriginalClasses; c < classes.Length; c++)
            {
                var taken = whole.Where(s => s.Capacity == classes[c].Capacity).Take(early[c]).ToList();
                foreach (var source in taken)
                {
                    whole.Remove(source);
                    from.Add(new TankVolume(source.Id, source.Capacity * unit));
                    Free(source.Id, source.Capacity);
                }
            }

            var to = new List<TankVolume>();
            for (var k = 0; k < vessels.Count; k++)
            {
                for (var n = 0; n < vessels[k]; n++)
                {
                    var vessel = new TankVolume(empties[k].Dequeue(), model.Classes[k].Capacity * unit);
                    to.Add(vessel);
                    poured.Add(vessel);
                }
            }

            return new Transfer(++number, [.. from.OrderBy(t => t.TankId, StringComparer.Ordinal)], [.. to.OrderBy(t => t.TankId, StringComparer.Ordinal)]);
        }

        var first = moves.Where(m => m.Split is { } split && !pattern.UsesFreed(split)).OrderBy(m => m.Source).Select(m => Split(m, second: false)).ToList();
        if (PreBlend() is { } preBlend)
        {
            first.Add(preBlend);
        }

        var second = moves.Where(m => m.Split is { } split && pattern.UsesFreed(split)).OrderBy(m => m.Source).Select(m => Split(m, second: true)).ToList();
        poured.AddRange(whole.Select(s => new TankVolume(s.Id, s.Capacity * unit)));
        for (var c = 0; c < model.Classes.Length; c++)
        {
            targets.AddRange(empties[c].Skip(idle[c]).Select(id => new TankVolume(id, model.Classes[c].Capacity * unit)));
        }

        targets.AddRange(freed.SelectMany(f => f.Value.Select(id => new TankVolume(id, f.Key * unit))));
        var blend = new Transfer(++number, [.. poured.OrderBy(t => t.TankId, StringComparer.Ordinal)], [.. targets.OrderBy(t => t.TankId, StringComparer.Ordinal)]);
        var steps = new List<PlanStep>();
        foreach (var transfers in new[] { first, second, [blend] }.Where(t => t.Count > 0))
        {
            steps.Add(new PlanStep(steps.Count + 1, [.. transfers]));
        }

        return new Plan([.. steps]);
    }
}
