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

    /// <summary>Whether some sources are groups of tanks poured together (see <see cref="SourceTank.Members"/>).</summary>
    public bool HasGroups => Sources.Any(t => t.IsGroup);

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

    /// <summary>Hints every variable with <paramref name="values"/> (by variable index), replacing earlier hints: CP-SAT wants a hint for each variable or none.</summary>
    public void Hint(long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Model.ClearHints();
        foreach (var variable in _variables)
        {
            Model.AddHint(variable, values[variable.GetIndex()]);
        }
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
