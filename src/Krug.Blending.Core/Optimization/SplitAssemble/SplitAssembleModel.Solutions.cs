using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>Reading, fixing and hinting the model's decisions: what the searches around the solver work with.</summary>
internal sealed partial class SplitAssembleModel
{
    /// <summary>
    /// The decisions of source tank <paramref name="source"/> (an index into <see cref="Sources"/>):
    /// its role, draw and pieces. Fixing them all fixes what the tank does in the plan.
    /// </summary>
    public IEnumerable<IntVar> SourceVariables(int source)
    {
        yield return _whole[source];
        yield return _split[source];
        yield return _asTarget[source];
        if (_draw[source] is { } draw)
        {
            yield return draw;
        }

        for (var c = 0; c < Classes.Length; c++)
        {
            if (_pieces[source, c] is { } pieces)
            {
                yield return pieces;
                yield return _used[source, c]!;
            }
        }
    }

    /// <summary>
    /// Fixes every group's decisions to "not split", which leaves the plain split-then-assemble family;
    /// with <paramref name="except"/> (a solution, by variable index), the groups it splits stay free.
    /// </summary>
    public void WithoutGroups(DomainRestriction restriction, long[]? except = null)
    {
        ArgumentNullException.ThrowIfNull(restriction);
        for (var t = 0; t < Sources.Length; t++)
        {
            if (Sources[t].IsGroup && (except is null || except[_split[t].GetIndex()] == 0))
            {
                foreach (var variable in SourceVariables(t))
                {
                    restriction.Fix(variable, 0);
                }
            }
        }
    }

    /// <summary>
    /// Fixes every source's decisions to <paramref name="moves"/> (sources not named are left alone);
    /// every split source, and every member of a split group, receives the blend (as the pattern start
    /// plans it), and so do <paramref name="finalFromClass"/> tanks of each empty class when given.
    /// Moves of interchangeable tanks are reordered to the order the model's symmetry constraints
    /// require. Nothing is waste.
    /// </summary>
    public void Fix(DomainRestriction restriction, IReadOnlyList<SourceMove> moves, IReadOnlyList<int>? finalFromClass = null)
    {
        ArgumentNullException.ThrowIfNull(restriction);
        ArgumentNullException.ThrowIfNull(moves);
        if (finalFromClass is not null)
        {
            for (var c = 0; c < Classes.Length; c++)
            {
                restriction.Fix(_finalFromClass[c], finalFromClass[c]);
            }
        }

        var byTank = new SourceMove?[Sources.Length];
        foreach (var move in moves)
        {
            byTank[move.Source] = move;
        }

        static int Role(SourceMove? move) => move is null ? 0 : move.Split is null ? 1 : 3;
        for (var start = 0; start < Sources.Length;)
        {
            var end = start + 1;
            while (end < Sources.Length && Interchangeable(end - 1, end))
            {
                end++;
            }

            var run = byTank[start..end].OrderByDescending(Role).ToArray();
            Array.Copy(run, 0, byTank, start, run.Length);
            start = end;
        }

        var emptied = new bool[Sources.Length];
        for (var t = 0; t < Sources.Length; t++)
        {
            if (byTank[t]?.Split is null)
            {
                continue;
            }

            emptied[t] = !Sources[t].IsGroup;
            foreach (var member in Sources[t].Members)
            {
                emptied[_tankIndex[member.Id]] = true;
            }
        }

        for (var t = 0; t < Sources.Length; t++)
        {
            var split = byTank[t]?.Split;
            restriction.Fix(_whole[t], byTank[t] is { Split: null } ? 1 : 0);
            restriction.Fix(_split[t], split is null ? 0 : 1);
            restriction.Fix(_asTarget[t], emptied[t] ? 1 : 0);
            if (_draw[t] is { } draw)
            {
                restriction.Fix(draw, byTank[t] is { Split: null } ? Sources[t].Capacity : 0);
            }

            for (var c = 0; c < Classes.Length; c++)
            {
                if (_pieces[t, c] is { } pieces)
                {
                    restriction.Fix(pieces, split?.Pieces[c] ?? 0);
                    restriction.Fix(_used[t, c]!, split?.Used[c] ?? 0);
                }
                else if (split is not null && split.Pieces[c] != 0)
                {
                    throw new ArgumentException($"Source {Sources[t].Id} cannot take pieces of class {c}.", nameof(moves));
                }
            }
        }
    }

    /// <summary>Model units of source tank <paramref name="source"/>'s contents that a solution pours into the blend.</summary>
    public long InBlend(int source, Func<IntVar, long> value)
    {
        var poured = _draw[source] is { } draw ? value(draw) : Sources[source].Capacity * value(_whole[source]);
        for (var c = 0; c < Classes.Length; c++)
        {
            if (_used[source, c] is { } used)
            {
                poured += Classes[c].Capacity * value(used);
            }
        }

        return poured;
    }

    /// <summary>
    /// Hints every variable with <paramref name="values"/> (by variable index), replacing earlier hints:
    /// a complete feasible hint is CP-SAT's first solution. When the values break a constraint added
    /// since they were found, there is no hint at all (see <see cref="HintCheck"/>): CP-SAT would try
    /// to repair it, and that can abort the process.
    /// </summary>
    public void Hint(long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Model.ClearHints();
        foreach (var variable in _variables)
        {
            Model.AddHint(variable, values[variable.GetIndex()]);
        }

        HintCheck.KeepIfFeasible(Model);
    }

    /// <summary>The solver's current solution: every variable's value, by variable index.</summary>
    public long[] Snapshot(CpSolver solver)
    {
        ArgumentNullException.ThrowIfNull(solver);
        var values = new long[_variables.Max(v => v.GetIndex()) + 1];
        foreach (var variable in _variables)
        {
            values[variable.GetIndex()] = solver.Value(variable);
        }

        return values;
    }
}
