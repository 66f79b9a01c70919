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
    /// every split source, and every member of a split group, receives the blend, as it must when the
    /// blend fills every empty tank. Moves of interchangeable tanks are reordered to the order the
    /// model's symmetry constraints require. Nothing is waste.
    /// </summary>
    public void Fix(DomainRestriction restriction, IReadOnlyList<SourceMove> moves)
    {
        ArgumentNullException.ThrowIfNull(restriction);
        ArgumentNullException.ThrowIfNull(moves);
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

/// <summary>Accuracy in percentage points, from the model's integer τ.</summary>
internal sealed partial class SplitAssembleModel
{
    /// <summary>
    /// How far τ can sit above a plan's exact largest deviation, in τ units: τ is rounded up (1), and
    /// each target share was rounded to the nearest part of <see cref="TargetShares.Scale"/> (½). A
    /// bound on τ proves a bound on the exact deviation only after taking this off.
    /// </summary>
    public const double TauRoundingSlack = 1.5;

    /// <summary>τ as percentage points (close to the plan's exact deviation, which the verifier computes).</summary>
    public double TauToPp(long tau) => tau / (double)_targets.Scale * 100.0;

    /// <summary>A proven bound on τ as a proven bound on the exact largest deviation, in percentage points.</summary>
    public double BoundToPp(long boundTau) => Math.Max(0.0, (boundTau - TauRoundingSlack) / _targets.Scale * 100.0);

    /// <summary>
    /// The largest τ that stays in the same accuracy step as <paramref name="tau"/> under the order on
    /// plans (<see cref="PlanOrder.AccuracyKey"/>): the later stages may use that room. Zero room
    /// without a resolution; the whole tolerance when τ is within it.
    /// </summary>
    public long SameAccuracyStep(long tau, decimal resolutionPp)
    {
        if (ToleratedTau is { } tolerated && tau <= tolerated)
        {
            return tolerated;
        }

        var step = (long)Math.Floor(resolutionPp / 100m * _targets.Scale);
        if (step <= 1)
        {
            return tau;
        }

        // One unit below the step's top: τ is rounded up, so the exact deviation of a plan at the top could cross into the next step.
        var top = (tau + step - 1) / step * step;
        return Math.Max(tau, top - 1);
    }
}

/// <summary>The exact score of a solution, for the order on plans.</summary>
internal sealed partial class SplitAssembleModel
{
    /// <summary>
    /// What the order on plans sees of the plan <paramref name="plan"/> decoded from
    /// <paramref name="values"/>: its exact largest deviation from <paramref name="formula"/>, waste,
    /// leftovers, volume, transfers and steps (of this assembly alone).
    /// </summary>
    public Verification.PlanScore Score(long[] values, Domain.Formula formula, Domain.Plan plan)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(plan);
        long Value(IntVar variable) => values[variable.GetIndex()];
        var amounts = new Dictionary<string, Arithmetic.Fraction>(StringComparer.Ordinal);
        for (var t = 0; t < Sources.Length; t++)
        {
            var poured = InBlend(t, Value);
            if (poured == 0)
            {
                continue;
            }

            foreach (var (wine, share) in Sources[t].Contents.Shares)
            {
                amounts[wine] = amounts.GetValueOrDefault(wine) + share * poured;
            }
        }

        var volume = Value(Volume);
        var worst = Arithmetic.Fraction.Zero;
        foreach (var wine in amounts.Keys.Union(formula.Shares.Keys, StringComparer.Ordinal))
        {
            var achieved = volume == 0 ? Arithmetic.Fraction.Zero : amounts.GetValueOrDefault(wine) / volume;
            worst = Arithmetic.Fraction.Max(worst, (achieved - formula.ShareOf(wine)).Abs());
        }

        return new Verification.PlanScore(worst, Value(Waste) * Unit, Value(LeftoverBlends) * Unit, volume * Unit, plan.TransferCount, plan.StepCount);
    }
}
