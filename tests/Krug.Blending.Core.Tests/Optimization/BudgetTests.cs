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
