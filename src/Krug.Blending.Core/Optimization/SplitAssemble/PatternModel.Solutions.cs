namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>Reading a solution of the pattern model (every variable's value, by index): its moves, tank counts and accuracy.</summary>
internal sealed partial class PatternModel
{
    /// <summary>The moves of a solution (every variable's value, by index).</summary>
    public List<SourceMove> Moves(long[] solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        var moves = new List<SourceMove>();
        foreach (var (_, choices) in _wineOptions)
        {
            moves.AddRange(choices.Where(o => solution[o.Chosen.GetIndex()] != 0).SelectMany(o => o.Option.Moves));
        }

        moves.AddRange(_groupOptions.Where(o => solution[o.Chosen.GetIndex()] != 0).Select(o => new SourceMove(o.Group, o.Split)));
        return moves;
    }

    /// <summary>Per empty class, the tanks of a solution that take neither a piece nor the blend.</summary>
    public int[] Idle(long[] solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        return [.. _idle.Select(idle => idle is null ? 0 : (int)solution[idle.GetIndex()])];
    }

    /// <summary>Per empty class, the tanks of a solution that receive the blend: neither idle nor holding a piece or the pre-blend.</summary>
    public int[] FinalFromClass(long[] solution)
    {
        var idle = Idle(solution);
        var vessels = Vessels(solution);
        return [.. _model.Classes.Select((c, i) => (int)(c.TankIds.Length - _piecesTakenBy[i].Sum(o => solution[o.Chosen.GetIndex()] * o.Pieces) - idle[i] - vessels[i]))];
    }

    /// <summary>Per class (freed classes only), the whole tanks of its capacity a solution pours into the step-1 pre-blend.</summary>
    public int[] Early(long[] solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        return [.. Enumerable.Range(0, Classes.Length).Select(c => c < _early.Length && _early[c] is { } early ? (int)solution[early.GetIndex()] : 0)];
    }

    /// <summary>Per empty class, the tanks a solution fills with the step-1 pre-blend.</summary>
    public int[] Vessels(long[] solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        return [.. Enumerable.Range(0, OriginalClasses).Select(c => c < _vessels.Length && _vessels[c] is { } vessel ? (int)solution[vessel.GetIndex()] : 0)];
    }

    /// <summary>
    /// Whether solution <paramref name="a"/> is closer to the formula than <paramref name="b"/>: smaller
    /// deviation over volume. The model minimises the deviation itself (relative to the volume it would be
    /// a product), which favours smaller volumes, so a solve that finds a smaller deviation may still have
    /// found a less accurate plan.
    /// </summary>
    public bool IsCloser(long[] a, long[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int d = Deviation.GetIndex(), v = Volume.GetIndex();
        return (Int128)a[d] * b[v] < (Int128)b[d] * a[v];
    }
}
