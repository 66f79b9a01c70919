using Google.OrTools.Sat;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.SplitAssemble;

namespace Krug.Blending.Core.Tests.Optimization;

public sealed class HintCheckTests
{
    // x + y = 7, x, y in [0, 10], a or b, not both, c exactly one with a, m = max(x, y), p = x * y, d = |x - y|,
    // and under enforcement e: x >= 5.
    private sealed class Small
    {
        public Small()
        {
            X = Model.NewIntVar(0, 10, "x");
            Y = Model.NewIntVar(0, 10, "y");
            A = Model.NewBoolVar("a");
            B = Model.NewBoolVar("b");
            C = Model.NewBoolVar("c");
            E = Model.NewBoolVar("e");
            M = Model.NewIntVar(0, 10, "m");
            P = Model.NewIntVar(0, 100, "p");
            D = Model.NewIntVar(0, 10, "d");
            Model.Add(X + Y == 7);
            Model.AddBoolOr([A, B]);
            Model.AddAtMostOne([A, B]);
            Model.AddExactlyOne([A, C]);
            Model.AddMaxEquality(M, [X, Y]);
            Model.AddMultiplicationEquality(P, X, Y);
            Model.AddAbsEquality(D, X - Y);
            Model.Add(X >= 5).OnlyEnforceIf(E);
        }

        public CpModel Model { get; } = new();

        public IntVar X { get; }

        public IntVar Y { get; }

        public BoolVar A { get; }

        public BoolVar B { get; }

        public BoolVar C { get; }

        public BoolVar E { get; }

        public IntVar M { get; }

        public IntVar P { get; }

        public IntVar D { get; }

        public Dictionary<string, IntVar> Variables => new Dictionary<string, IntVar>
        {
            ["x"] = X, ["y"] = Y, ["a"] = A, ["b"] = B, ["c"] = C, ["e"] = E, ["m"] = M, ["p"] = P, ["d"] = D,
        };

        // A solution: x = 5, y = 2, a, not b, not c, e, m = 5, p = 10, d = 3.
        public static Dictionary<string, long> Solution() => new()
        {
            ["x"] = 5, ["y"] = 2, ["a"] = 1, ["b"] = 0, ["c"] = 0, ["e"] = 1, ["m"] = 5, ["p"] = 10, ["d"] = 3,
        };

        public void Hint(IReadOnlyDictionary<string, long> values)
        {
            foreach (var (name, value) in values)
            {
                Model.AddHint(Variables[name], value);
            }
        }
    }

    [Fact]
    public void AHintOfEveryVariableThatMeetsEveryConstraintIsFeasible()
    {
        var model = new Small();
        model.Hint(Small.Solution());

        HintCheck.Of(model.Model.Model).Should().Be(HintCheck.Verdict.Feasible);
    }

    [Fact]
    public void AHintMissingAVariableIsIncompleteWhateverItsValues()
    {
        var model = new Small();
        var values = Small.Solution();
        values["y"] = 9;
        values.Remove("d");
        model.Hint(values);

        HintCheck.Of(model.Model.Model).Should().Be(HintCheck.Verdict.Incomplete);
    }

    [Fact]
    public void AModelWithoutAHintIsIncomplete()
    {
        HintCheck.Of(new Small().Model.Model).Should().Be(HintCheck.Verdict.Incomplete);
    }

    [Theory]
    [InlineData("linear: x + y is 8", "y", 3)]
    [InlineData("bool or: neither a nor b", "a", 0)]
    [InlineData("at most one: a and b", "b", 1)]
    [InlineData("exactly one: both a and c", "c", 1)]
    [InlineData("max: m is not max(x, y)", "m", 6)]
    [InlineData("product: p is not x * y", "p", 11)]
    [InlineData("abs: d is not |x - y|", "d", 2)]
    [InlineData("domain: x over its upper bound", "x", 11)]
    public void ACompleteHintBreakingOneConstraintIsInfeasible(string why, string variable, long value)
    {
        var model = new Small();
        var values = Small.Solution();
        values[variable] = value;
        model.Hint(values);

        HintCheck.Of(model.Model.Model).Should().Be(HintCheck.Verdict.Infeasible, why);
    }

    [Fact]
    public void AnEnforcedConstraintOnlyCountsWhenItsLiteralIsTrue()
    {
        var model = new Small();
        var values = Small.Solution();
        (values["x"], values["y"], values["m"], values["d"]) = (2, 5, 5, 3);

        var enforced = new Small();
        enforced.Hint(values);
        values["e"] = 0;
        model.Hint(values);

        HintCheck.Of(enforced.Model.Model).Should().Be(HintCheck.Verdict.Infeasible, "x >= 5 holds when e is true");
        HintCheck.Of(model.Model.Model).Should().Be(HintCheck.Verdict.Feasible, "x >= 5 is off when e is false");
    }

    [Fact]
    public void KeepIfFeasibleKeepsAFeasibleCompleteHint()
    {
        var model = new Small();
        model.Hint(Small.Solution());

        HintCheck.KeepIfFeasible(model.Model).Should().BeTrue();

        HintCheck.Of(model.Model.Model).Should().Be(HintCheck.Verdict.Feasible);
        model.Model.Model.SolutionHint.Vars.Should().HaveCount(model.Variables.Count);
    }

    [Theory]
    [InlineData("infeasible", true)]
    [InlineData("incomplete", false)]
    public void KeepIfFeasibleClearsAHintThatIsNotACompleteSolution(string why, bool complete)
    {
        var model = new Small();
        var values = Small.Solution();
        values["y"] = 3;
        if (!complete)
        {
            values.Remove("d");
        }

        model.Hint(values);

        HintCheck.KeepIfFeasible(model.Model).Should().BeFalse(why);

        (model.Model.Model.SolutionHint?.Vars.Count ?? 0).Should().Be(0, "CP-SAT repairs infeasible hints, incomplete ones too once presolve removes what they leave out");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CpSatAgreesWithTheVerdictOnACompleteHint(bool feasible)
    {
        var model = new Small();
        var values = Small.Solution();
        if (!feasible)
        {
            values["p"] = 11;
        }

        model.Hint(values);
        model.Model.Minimize(model.D);
        var log = new List<string>();
        var solver = new CpSolver { StringParameters = "num_workers:1 log_search_progress:true log_to_stdout:false catch_sigint_signal:false" };
        solver.SetLogCallback(log.Add);

        solver.Solve(model.Model);

        HintCheck.Of(model.Model.Model).Should().Be(feasible ? HintCheck.Verdict.Feasible : HintCheck.Verdict.Infeasible);
        log.Should().Contain(line => line.Contains(
            feasible ? "solution hint is complete and is feasible" : "solution hint is complete, but it is infeasible",
            StringComparison.Ordinal));
    }

    /// <summary>
    /// The stages and neighbourhood rounds hint the split-then-assemble model with a solution of it; that
    /// hint must name every variable and hold, or it would be dropped and the search would start cold.
    /// </summary>
    [Fact]
    public void ASolutionOfTheSplitThenAssembleModelHintsItCompletelyAndFeasibly()
    {
        var cellar = new CellarBuilder()
            .Full("A1", 80, "A").Full("B1", 130, "B").Full("C1", 100, "C")
            .Empty("E30", 30).Empty("E50a", 50).Empty("E50b", 50).Empty("E70", 70)
            .Build();
        var formula = Some.Formula(("A", 25m), ("B", 25m), ("C", 50m));
        var request = Some.Request(cellar, formula) with { Volume = new VolumeBand(100, 200, 200) };
        var targets = TargetShares.From(formula, TargetShares.PartsPerMillion);
        var model = Some.AssemblyModel(request, targets);
        model.Model.Minimize(model.AccuracyObjective);
        using var solver = new CpSolver { StringParameters = "num_workers:1 max_time_in_seconds:30 catch_sigint_signal:false" };
        solver.Solve(model.Model).Should().BeOneOf(CpSolverStatus.Optimal, CpSolverStatus.Feasible);

        model.Hint(model.Snapshot(solver));

        HintCheck.Of(model.Model.Model).Should().Be(HintCheck.Verdict.Feasible);
    }
}
