using CsCheck;
using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Properties;

/// <summary>Share requirements over random cellars (see <see cref="RandomCellar"/>): every plan meets every one.</summary>
public sealed class RequirementProperties
{
    /// <summary>
    /// A random cellar with one or two requirements on random sets of its wines, each bound within
    /// 15 pp of the formula's own share of the set (so they bind about half the time), at least or at most.
    /// </summary>
    private static readonly Gen<(RandomCellar Cellar, ShareRequirement[] Requirements)> Cases =
        from cellar in RandomCellar.Gen
        from picks in Gen.Select(Gen.Int, Gen.Int[-150, 150], Gen.Bool).Array[1, 2]
        select (cellar, picks.Select((p, i) => Requirement(cellar, i, p.Item1, p.Item2, p.Item3)).ToArray());

    private static ShareRequirement Requirement(RandomCellar cellar, int index, int subset, int tenthsOff, bool atLeast)
    {
        var wines = cellar.Wines.Where((_, w) => ((subset >> (w % 30)) & 1) == 1).ToArray();
        if (wines.Length == 0)
        {
            wines = [cellar.Wines.First()];
        }

        var formulaShare = wines.Aggregate(Fraction.Zero, (sum, w) => sum + cellar.Formula.ShareOf(w)).ToDouble() * 100;
        var bound = Math.Clamp(Math.Round((decimal)formulaShare, 1) + (tenthsOff / 10m), 0m, 100m);
        var label = "set" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return atLeast ? new ShareRequirement(label, wines, bound, null) : new ShareRequirement(label, wines, null, bound);
    }

    [Fact]
    public void EveryPlanOfEveryStrategyMeetsEveryRequirementByAnIndependentReplay()
    {
        var planned = 0;
        var binding = 0;
        Cases.Select(Gen.Int[0, 3]).Check(
            (sample, which) =>
            {
                var ((random, requirements), strategy) = (sample, (PlanningStrategy)which);
                if (strategy == PlanningStrategy.Exhaustive && random.Tanks.Length > 9)
                {
                    strategy = PlanningStrategy.SplitAssemble;
                }

                // A requirement the formula's own blend breaks forces the planner away from the formula:
                // those are the cases where meeting it is work. (Requirements no plan can meet are
                // ShareRequirementPlanningTests' concern, one test per strategy.)
                if (requirements.Any(r => !Meets(random.Formula, r)))
                {
                    binding++;
                }

                var request = Some.Request(random.Cellar, random.Formula) with { Requirements = [.. requirements] };
                var result = Some.Plan(request, Some.Settings(strategy), work: 1);
                if (result.Plan is null)
                {
                    return;
                }

                planned++;
                PlanVerifier.Verify(request, result.Plan).IsValid.Should().BeTrue();
                var replay = ExactReplay.Run(random.Cellar, result.Plan);
                foreach (var requirement in requirements)
                {
                    var share = requirement.Wines.Aggregate(Fraction.Zero, (sum, wine) => sum + replay.ShareOf(wine));
                    if (requirement.MinPercent is { } min)
                    {
                        (share * 100).Should().BeGreaterThanOrEqualTo(Fraction.FromDecimal(min), requirement.ToString());
                    }

                    if (requirement.MaxPercent is { } max)
                    {
                        (share * 100).Should().BeLessThanOrEqualTo(Fraction.FromDecimal(max), requirement.ToString());
                    }
                }
            },
            iter: 30,
            threads: 1);

        planned.Should().BePositive();
        binding.Should().BePositive("some requirements must break the formula's own blend, or the property tests little");
    }

    private static bool Meets(Formula formula, ShareRequirement requirement)
    {
        var share = requirement.Wines.Aggregate(Fraction.Zero, (sum, wine) => sum + formula.ShareOf(wine)) * 100;
        return (requirement.MinPercent is not { } min || share >= Fraction.FromDecimal(min))
            && (requirement.MaxPercent is not { } max || share <= Fraction.FromDecimal(max));
    }
}
