using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>A pattern model's solution as transfers on concrete tanks.</summary>
internal static class PatternTransfers
{
    /// <summary>
    /// The plan of <paramref name="moves"/> with <paramref name="idle"/> empty tanks per class left
    /// alone: the first-round splits (step 1), the second-round splits into tanks step 1 emptied
    /// (step 2, when any), then the blend. Concrete tanks are taken in id order.
    /// </summary>
    public static Plan Of(PatternModel pattern, IReadOnlyList<SourceMove> moves, IReadOnlyList<int> idle)
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
                if (!freed.TryGetValue(source.Capacity, out var queue))
                {
                    freed[source.Capacity] = queue = new Queue<string>();
                }

                queue.Enqueue(source.Id);
            }

            return new Transfer(++number, [.. from.OrderBy(t => t.TankId, StringComparer.Ordinal)], [.. pieces.OrderBy(t => t.TankId, StringComparer.Ordinal)]);
        }

        var first = moves.Where(m => m.Split is { } split && !pattern.UsesFreed(split)).OrderBy(m => m.Source).Select(m => Split(m, second: false)).ToList();
        var second = moves.Where(m => m.Split is { } split && pattern.UsesFreed(split)).OrderBy(m => m.Source).Select(m => Split(m, second: true)).ToList();
        poured.AddRange(moves.Where(m => m.Split is null).Select(m => new TankVolume(model.Sources[m.Source].Id, model.Sources[m.Source].Capacity * unit)));
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
