using Google.OrTools.Sat;
using Google.Protobuf.Collections;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// Checks a model's solution hint before CP-SAT sees it. A hint that breaks a constraint makes
/// CP-SAT 9.15 "repair" it, and that repair with interleaved search aborted the whole process
/// ("Check failed: heuristics.fixed_search", exit 134), also when the hint left a variable out that
/// presolve then removed. So a hint is handed over only when it is complete (every variable) and
/// feasible, which is also when CP-SAT takes it as its first solution.
/// </summary>
internal static class HintCheck
{
    /// <summary>What a model's hint is, as CP-SAT would judge it before presolve.</summary>
    public enum Verdict
    {
        /// <summary>Some variable has no hint: CP-SAT uses it as a preference, or repairs it when presolve removed the rest.</summary>
        Incomplete,

        /// <summary>Every variable hinted, inside its domain, every constraint met: CP-SAT's first solution.</summary>
        Feasible,

        /// <summary>
        /// Every variable hinted but a domain or a constraint broken, or a constraint of a kind this check
        /// does not read (treated as broken: the check must never let an infeasible complete hint through).
        /// </summary>
        Infeasible,
    }

    /// <summary>Judges <paramref name="model"/>'s hint.</summary>
    public static Verdict Of(CpModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var values = new long?[model.Variables.Count];
        var hint = model.SolutionHint;
        if (hint is not null)
        {
            for (var i = 0; i < hint.Vars.Count; i++)
            {
                values[hint.Vars[i]] = hint.Values[i];
            }
        }

        if (Array.Exists(values, v => v is null))
        {
            return Verdict.Incomplete;
        }

        var solution = Array.ConvertAll(values, v => v!.Value);
        try
        {
            return Judge(model, solution);
        }
        catch (OverflowException)
        {
            // CP-SAT refuses a model whose sums can overflow; a hint that overflows one is not a solution.
            return Verdict.Infeasible;
        }
    }

    private static Verdict Judge(CpModelProto model, long[] solution)
    {
        for (var i = 0; i < solution.Length; i++)
        {
            if (!InDomain(model.Variables[i].Domain, solution[i]))
            {
                return Verdict.Infeasible;
            }
        }

        foreach (var constraint in model.Constraints)
        {
            if (!Holds(constraint, solution))
            {
                return Verdict.Infeasible;
            }
        }

        return Verdict.Feasible;
    }

    /// <summary>
    /// Keeps <paramref name="model"/>'s hint only when it is complete and feasible, and clears it
    /// otherwise; returns whether it was kept. An incomplete hint is not safe either: presolve may
    /// remove the variables it leaves out, and CP-SAT then repairs what has become a complete
    /// infeasible hint (measured: a plan hinted without its deviation aborted the process).
    /// </summary>
    public static bool KeepIfFeasible(CpModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Of(model.Model) == Verdict.Feasible)
        {
            return true;
        }

        model.ClearHints();
        return false;
    }

    private static bool Holds(ConstraintProto constraint, long[] solution)
    {
        if (constraint.EnforcementLiteral.Any(l => !IsTrue(l, solution)))
        {
            return true;
        }

        return constraint.ConstraintCase switch
        {
            ConstraintProto.ConstraintOneofCase.Linear => InDomain(constraint.Linear.Domain, Sum(constraint.Linear.Vars, constraint.Linear.Coeffs, 0, solution)),
            ConstraintProto.ConstraintOneofCase.BoolOr => constraint.BoolOr.Literals.Any(l => IsTrue(l, solution)),
            ConstraintProto.ConstraintOneofCase.BoolAnd => constraint.BoolAnd.Literals.All(l => IsTrue(l, solution)),
            ConstraintProto.ConstraintOneofCase.AtMostOne => constraint.AtMostOne.Literals.Count(l => IsTrue(l, solution)) <= 1,
            ConstraintProto.ConstraintOneofCase.ExactlyOne => constraint.ExactlyOne.Literals.Count(l => IsTrue(l, solution)) == 1,
            ConstraintProto.ConstraintOneofCase.LinMax =>
                Value(constraint.LinMax.Target, solution) == constraint.LinMax.Exprs.Max(e => Value(e, solution)),
            ConstraintProto.ConstraintOneofCase.IntProd =>
                Value(constraint.IntProd.Target, solution) == constraint.IntProd.Exprs.Aggregate(1L, (p, e) => checked(p * Value(e, solution))),
            ConstraintProto.ConstraintOneofCase.None => true,
            _ => false,
        };
    }

    private static bool IsTrue(int literal, long[] solution) =>
        literal >= 0 ? solution[literal] != 0 : solution[-literal - 1] == 0;

    private static long Value(LinearExpressionProto expression, long[] solution) =>
        Sum(expression.Vars, expression.Coeffs, expression.Offset, solution);

    private static long Sum(RepeatedField<int> vars, RepeatedField<long> coeffs, long offset, long[] solution)
    {
        var sum = offset;
        for (var i = 0; i < vars.Count; i++)
        {
            sum = checked(sum + (coeffs[i] * solution[vars[i]]));
        }

        return sum;
    }

    // A domain is a sorted list of disjoint intervals, flattened as [lo0, hi0, lo1, hi1, ...].
    private static bool InDomain(RepeatedField<long> domain, long value)
    {
        for (var i = 0; i + 1 < domain.Count; i += 2)
        {
            if (value >= domain[i] && value <= domain[i + 1])
            {
                return true;
            }
        }

        return false;
    }
}
