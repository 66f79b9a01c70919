using Krug.Blending.Core.Tests.MultiLevel;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Krug.Blending.Optimization.MultiLevel;
using Krug.Blending.Optimization.SplitAssemble;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Optimization;

/// <summary>
/// A search of another family between split-then-assemble's accuracy phases and its stages (the
/// multi-level strategy's second round of splits): what it is shown, the work it may take, and what it
/// leaves alone.
/// </summary>
public sealed class RivalSearchTests
{
    private const double Work = 5;

    /// <summary>The client's example at any volume: small, and the stages have something to rank.</summary>
    private static BlendRequest Request() => Some.SpecRequest();

    [Fact]
    public void ARivalThatWinsIsShownTheBestPlanAfterAFirstPassOfTheStagesAndTakesTheRestOfTheirWork()
    {
        var context = Assembly.Context(Request(), work: Work);
        Plan? shown = null;
        var stageWork = 0.0;
        var spentWhenShown = 0.0;

        var outcome = SplitAssembleStrategy.Search(context, (plan, stages) =>
        {
            shown = plan;
            stageWork = stages.WorkLeft;
            spentWhenShown = context.Budget.WorkSpent;
            return true;
        });

        shown.Should().NotBeNull();
        PlanVerifier.Verify(context.Request, shown!).Violations.Should().BeEmpty();
        outcome.Plan.Should().BeSameAs(shown, "the rest of the stages is skipped: the plan shown is the outcome");
        var restOfTheStages = (1 - SplitAssembleRun.AccuracyShare) * (1 - SplitAssembleSearch.StagesBeforeRival) * Work;
        stageWork.Should().BeGreaterThanOrEqualTo(restOfTheStages - 1e-9, "two thirds of the stages' share, and whatever accuracy and the first pass left");
        context.Budget.WorkSpent.Should().Be(spentWhenShown, "no stage ran after the rival won");
    }

    [Fact]
    public void ARivalThatLosesLeavesTheStagesTheRestOfTheirWorkAndThePlanRanksNoWorseThanTheOneShown()
    {
        var context = Assembly.Context(Request(), work: Work);
        Plan? shown = null;
        var spentWhenShown = 0.0;

        var outcome = SplitAssembleStrategy.Search(context, (plan, _) =>
        {
            shown = plan;
            spentWhenShown = context.Budget.WorkSpent;
            return false;
        });

        context.Budget.WorkSpent.Should().BeGreaterThan(spentWhenShown, "the rest of the stages ran");
        var order = new PlanOrder(context.Request, context.Settings.AccuracyResolutionPp);
        var final = PlanVerifier.Verify(context.Request, outcome.Plan!);
        final.Violations.Should().BeEmpty();
        order.Compare(final.Blend!, PlanVerifier.Verify(context.Request, shown!).Blend!).Should().BeLessThanOrEqualTo(0);
    }

    /// <summary>
    /// On a machine too slow for the work limit only the clock ends the phases; each phase then ends by the
    /// share of the clock its work asks for, so the phases before the rival cannot take all of it. The
    /// accuracy phase's deadline keeps the stages' 30 % of the work and the rival's own work their share; with
    /// leftover blends allowed the run is not paced (see <see cref="PlanningContext.PaceFor"/>).
    /// </summary>
    [Theory]
    [InlineData(0, false, 42)]
    [InlineData(2, false, 35)]
    [InlineData(2, true, 60)]
    public void TheAccuracyPhaseEndsByItsShareOfTheClockLeavingTheStagesAndARivalTheirs(double rivalWork, bool allowLeftoverBlends, double accuracySeconds)
    {
        var request = Request() with { AllowLeftoverBlends = allowLeftoverBlends };
        var context = Assembly.Context(request, budget: new Budget(TimeSpan.FromSeconds(60), 10, new SteppingClock()));
        var model = Some.AssemblyModel(request, context.Targets);

        using var run = new SplitAssembleRun(model, context, SearchDepth.Full, rivalWork);

        run.Accuracy.WorkLimit.Should().Be(10 * SplitAssembleRun.AccuracyShare);
        run.Accuracy.Deadline.Should().Be(TimeSpan.FromSeconds(accuracySeconds), "7 of the 10 or 12 units planned get 7/10 or 7/12 of the 60 s, unless leftover blends are allowed: not paced");
        run.Budget.Deadline.Should().Be(TimeSpan.FromSeconds(60), "the run itself keeps the whole of the time for the stages after a losing rival");
    }

    /// <summary>
    /// Where the work limit ends the phases first (what the default sizing aims at), pacing changes
    /// nothing: the same request and work give the same plan with a rival's share of the clock planned or not.
    /// </summary>
    [Fact]
    public void WhereTheWorkEndsFirstARivalsShareOfTheClockChangesNoPlan()
    {
        Plan? Run(double rivalWork) =>
            SplitAssembleStrategy.Search(Assembly.Context(Request(), work: Work), (_, _) => false, rivalWork).Plan;

        Run(Work).Should().BeEquivalentTo(Run(0), o => o.WithStrictOrdering());
    }

    /// <summary>
    /// The multi-level strategy gives split-then-assemble work of its own, so that the second round's
    /// work (on top of the limit) does not shrink what the stages get: a rival spending from the parent
    /// budget ends with the same plan as one spending nothing.
    /// </summary>
    [Fact]
    public void ARivalSpendingWorkOfItsOwnLeavesTheStagesTheirs()
    {
        StrategyOutcome Run(bool spend)
        {
            var context = Assembly.Context(Request(), work: Work);
            var parent = context.Budget;
            var outcome = SplitAssembleStrategy.Search(context.With(parent.Extend(parent.WorkLeft)), (_, _) =>
            {
                if (spend)
                {
                    parent.Extend(Work).Charge(Work);
                }

                return false;
            });
            if (spend)
            {
                parent.WorkLeft.Should().Be(0, "the rival's work is charged to the run");
            }

            return outcome;
        }

        Run(spend: true).Plan.Should().BeEquivalentTo(Run(spend: false).Plan, o => o.WithStrictOrdering());
    }

    /// <summary>
    /// The second round shows its plan to the caller, which may let it go on from there; the plan it
    /// returns is then at least as accurate as the one shown and still verifies.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSecondRoundGoesOnFromThePlanItShowsOnlyWithTheWorkItIsGiven(bool more)
    {
        var request = SecondSplitRoundTests.TankScarce();
        var context = Assembly.Context(request, Some.Settings(PlanningStrategy.MultiLevel), work: Work);
        var without = SecondSplitRound.Find(Assembly.Context(request, Some.Settings(PlanningStrategy.MultiLevel), work: Work), Some.Work(Work), null);
        var bonus = Some.Work(Work);
        Plan? shown = null;

        var plan = SecondSplitRound.Find(context, Some.Work(Work), null, p =>
        {
            shown = p;
            return more ? bonus : null;
        });

        shown.Should().NotBeNull("a plan with a second round exists here and is shown");
        shown!.StepCount.Should().Be(3);
        var report = PlanVerifier.Verify(request, plan!);
        report.Violations.Should().BeEmpty();
        report.Blend!.MaxDeviation.Should().BeLessThanOrEqualTo(PlanVerifier.Verify(request, shown).Blend!.MaxDeviation);
        if (!more)
        {
            plan.Should().BeEquivalentTo(without, o => o.WithStrictOrdering(), "a caller that gives nothing changes nothing");
        }
    }
}
