using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Optimization;

namespace Krug.Blending.Core.Tests.Optimization;

public sealed class BudgetTests
{
    [Fact]
    public void WithoutAWorkLimitABudgetGetsHalfAUnitPerSecondOfItsTimeLimit()
    {
        var budget = new Budget(TimeSpan.FromSeconds(60));

        budget.WorkLimit.Should().Be(60 * Budget.DefaultWorkPerSecond);
        budget.WorkLeft.Should().Be(budget.WorkLimit);
    }

    [Fact]
    public void WorkSpentInAChildIsChargedToEveryParent()
    {
        var root = new Budget(TimeSpan.FromMinutes(1), 10);
        var child = root.Slice(0.5);
        var grandchild = child.Take(2);

        grandchild.Charge(1.5);

        grandchild.WorkSpent.Should().Be(1.5);
        child.WorkSpent.Should().Be(1.5);
        root.WorkSpent.Should().Be(1.5);
        child.WorkLeft.Should().Be(3.5);
        root.WorkLeft.Should().Be(8.5);
    }

    [Fact]
    public void AChildNeverHasMoreWorkLeftThanItsParent()
    {
        var root = new Budget(TimeSpan.FromMinutes(1), 10);
        var child = root.Slice(1);

        root.Charge(9);

        child.WorkLeft.Should().Be(1);
        root.Take(5).WorkLimit.Should().Be(1);
    }

    [Fact]
    public void AnExtensionHasWorkOfItsOwnButStillChargesItsParent()
    {
        var root = new Budget(TimeSpan.FromMinutes(1), 10);
        root.Charge(10);

        var extra = root.Extend(5);
        extra.Charge(2);

        extra.WorkLeft.Should().Be(3);
        root.WorkSpent.Should().Be(12);
        root.IsSpent.Should().BeTrue();
    }

    [Fact]
    public void ABranchSpendsWorkOfItsOwnThatItsParentIsNotCharged()
    {
        var root = new Budget(TimeSpan.FromMinutes(1), 10);
        root.Charge(4);

        var branch = root.Branch(3);
        branch.Take(2).Charge(1.5);

        branch.WorkSpent.Should().Be(1.5);
        branch.WorkLeft.Should().Be(1.5);
        root.WorkSpent.Should().Be(4, "the caller charges a batch of branches once they are done");
        root.Branch(100).WorkLimit.Should().Be(6, "a branch never has more work than its parent has left");
    }

    [Fact]
    public void ABranchKeepsItsWorkWhenItsParentIsChargedMeanwhile()
    {
        var root = new Budget(TimeSpan.FromMinutes(1), 10);
        var first = root.Branch(3);
        var second = root.Branch(3);

        root.Charge(first.WorkLimit);
        first.Charge(3);

        second.WorkLeft.Should().Be(3, "side-by-side searches must not depend on which one charged first");
    }

    [Fact]
    public void TheClockEndsABudgetWhoseWorkIsNotSpentAndSaysSo()
    {
        var clock = new SteppingClock();
        var budget = new Budget(TimeSpan.FromSeconds(10), 100, clock);
        var child = budget.Slice(0.5);

        clock.Advance(TimeSpan.FromSeconds(9));
        child.IsSpent.Should().BeFalse();
        budget.WallClockCutIn.Should().BeFalse();

        clock.Advance(TimeSpan.FromSeconds(1));
        child.IsSpent.Should().BeTrue();
        budget.WallClockCutIn.Should().BeTrue("the clock, not the work limit, ended it");
        child.TimeLeft.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void SpentWorkEndsABudgetWithoutBlamingTheClock()
    {
        var budget = new Budget(TimeSpan.FromSeconds(10), 1, new SteppingClock());

        budget.Charge(1);

        budget.IsSpent.Should().BeTrue();
        budget.WallClockCutIn.Should().BeFalse();
    }

    [Fact]
    public void AReserveEndsAChildEarlierWithTheSameWork()
    {
        var clock = new SteppingClock();
        var budget = new Budget(TimeSpan.FromSeconds(10), 4, clock);

        var search = budget.Reserve(TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(8.5));

        search.Deadline.Should().Be(TimeSpan.FromSeconds(8));
        search.WorkLeft.Should().Be(4);
        search.IsSpent.Should().BeTrue();
        budget.TimeLeft.Should().Be(TimeSpan.FromSeconds(1.5));
    }

    [Theory]
    [InlineData(4, 4, 6)]
    [InlineData(4, 12, 4)]
    [InlineData(4, 0, 10)]
    public void APacedChildKeepsTheShareOfTheTimeLeftThatTheWorkAfterItAsksFor(double workLeft, double laterWork, double deadlineSeconds)
    {
        var clock = new SteppingClock();
        var budget = new Budget(TimeSpan.FromSeconds(10), 10, clock);
        budget.Charge(10 - workLeft);
        clock.Advance(TimeSpan.FromSeconds(2));

        var child = budget.Pace(laterWork);

        child.Deadline.Should().Be(TimeSpan.FromSeconds(deadlineSeconds), "of the 8 s left it gets its work's share of the work planned");
        child.WorkLeft.Should().Be(workLeft, "pacing moves the deadline, never the work");
    }

    [Fact]
    public void WhereTheWorkEndsFirstAPacedChildEndsByItsWorkAndTheClockIsNotBlamed()
    {
        var clock = new SteppingClock();
        var budget = new Budget(TimeSpan.FromSeconds(10), 4, clock);

        var child = budget.Pace(4);
        clock.Advance(TimeSpan.FromSeconds(1));
        child.Charge(4);

        child.IsSpent.Should().BeTrue();
        budget.WallClockCutIn.Should().BeFalse();
        budget.TimeLeft.Should().Be(TimeSpan.FromSeconds(9), "what the child did not need is left for the work after it");
    }

    [Fact]
    public void WhereTheClockWouldEndTheRunFirstAPacedChildEndsAtItsShareAndSaysSo()
    {
        var clock = new SteppingClock();
        var budget = new Budget(TimeSpan.FromSeconds(10), 4, clock);

        var child = budget.Pace(12);
        clock.Advance(TimeSpan.FromSeconds(2.5));

        child.IsSpent.Should().BeTrue("a quarter of the work planned gets a quarter of the time");
        budget.WallClockCutIn.Should().BeTrue();
        budget.IsSpent.Should().BeFalse("the work after it still has its time");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void LaterWorkThatIsNotAFiniteNumberOrIsNegativeIsAContractViolation(double laterWork)
    {
        var act = () => new Budget(TimeSpan.FromSeconds(1), 1).Pace(laterWork);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ATimeLimitThatIsNotPositiveIsAContractViolation(double seconds)
    {
        var act = () => new Budget(TimeSpan.FromSeconds(seconds));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AWorkLimitThatIsNotAPositiveNumberIsAContractViolation(double work)
    {
        var act = () => new Budget(TimeSpan.FromSeconds(1), work);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
