namespace Krug.Blending.Optimization;

/// <summary>
/// How long a search may run, and what it has spent: a <em>time limit</em> in real seconds, a
/// promise to the user that the run ends on time whatever the machine's load, and a
/// <em>work limit</em> in deterministic work units (CP-SAT's deterministic seconds, and the same
/// units for the searches around it), which makes runs reproducible. The work limit is sized to end
/// first on an idle machine; when the clock ends a search first, <see cref="WallClockCutIn"/> says
/// so, because the plan may then differ from run to run.
/// </summary>
/// <remarks>
/// A budget is a tree: <see cref="Slice"/>, <see cref="Take"/>, <see cref="Reserve"/>, <see cref="Pace"/>
/// and <see cref="Extend"/> make children that share the root's clock and charge the root for everything
/// they spend. It is not thread-safe: one search
/// spends it at a time.
/// </remarks>
public sealed class Budget
{
    /// <summary>
    /// Work units granted per second of time limit when no work limit is given. Measured on the
    /// 2-core reference machine with nothing else running: the planner's work runs at 1.2–1.6 units
    /// per second of wall-clock time on large cellars (model building and presolve are not counted
    /// in CP-SAT's deterministic time), so half a unit per second ends well inside the limit.
    /// </summary>
    public const double DefaultWorkPerSecond = 0.5;

    private readonly Budget? _parent;
    private readonly Budget _root;
    private readonly long _started;
    private readonly bool _ownWork;
    private readonly bool _branch;
    private double _spent;
    private bool _wallClockCutIn;

    /// <summary>Starts a budget now.</summary>
    /// <param name="timeLimit">Wall-clock time the whole run may take; positive.</param>
    /// <param name="workLimit">Work units the run may spend; <see langword="null"/> for <see cref="DefaultWorkPerSecond"/> per second of <paramref name="timeLimit"/>.</param>
    /// <param name="clock">The clock; <see cref="TimeProvider.System"/> by default (tests give a fake one).</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public Budget(TimeSpan timeLimit, double? workLimit = null, TimeProvider? clock = null)
    {
        if (timeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimit), timeLimit, "A time limit must be positive.");
        }

        var work = workLimit ?? timeLimit.TotalSeconds * DefaultWorkPerSecond;
        if (!(work > 0) || double.IsInfinity(work))
        {
            throw new ArgumentOutOfRangeException(nameof(workLimit), workLimit, "A work limit must be a positive number.");
        }

        Clock = clock ?? TimeProvider.System;
        _started = Clock.GetTimestamp();
        _root = this;
        Deadline = timeLimit;
        WorkLimit = work;
    }

    private Budget(Budget parent, TimeSpan deadline, double workLimit, bool ownWork = false, bool branch = false)
    {
        _parent = parent;
        _ownWork = ownWork || branch;
        _branch = branch;
        _root = parent._root;
        Clock = parent.Clock;
        _started = parent._started;
        Deadline = deadline;
        WorkLimit = workLimit;
    }

    /// <summary>A budget of <paramref name="seconds"/> real seconds and the default work limit.</summary>
    public static Budget Seconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    /// <summary>The clock this budget reads.</summary>
    public TimeProvider Clock { get; }

    /// <summary>When this budget ends, measured from the start of the root budget.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>Work units this budget may spend.</summary>
    public double WorkLimit { get; }

    /// <summary>Work units spent through this budget and its children.</summary>
    public double WorkSpent => _spent;

    /// <summary>Work units left: this budget's, and never more than its parents have left.</summary>
    public double WorkLeft
    {
        get
        {
            var left = Math.Max(0, WorkLimit - _spent);
            return _parent is null || _ownWork ? left : Math.Min(left, _parent.WorkLeft);
        }
    }

    /// <summary>Time since the root budget started.</summary>
    public TimeSpan Elapsed => Clock.GetElapsedTime(_started);

    /// <summary>Wall-clock time left before the deadline (zero once it has passed).</summary>
    public TimeSpan TimeLeft
    {
        get
        {
            var left = Deadline - Elapsed;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Whether the clock, not the work limit, ended some search of this run: the plan may then
    /// differ from run to run. Shared by the whole tree.
    /// </summary>
    public bool WallClockCutIn => _root._wallClockCutIn;

    /// <summary>
    /// Whether nothing is left to spend: no work, or no time (which is then noted as
    /// <see cref="WallClockCutIn"/>).
    /// </summary>
    public bool IsSpent
    {
        get
        {
            if (WorkLeft <= 0)
            {
                return true;
            }

            if (TimeLeft > TimeSpan.Zero)
            {
                return false;
            }

            NoteWallClockCutIn();
            return true;
        }
    }

    /// <summary>A child with <paramref name="share"/> of the work left (0 to 1) and the same deadline.</summary>
    public Budget Slice(double share)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "A share lies between 0 and 1.");
        }

        return new Budget(this, Deadline, WorkLeft * share);
    }

    /// <summary>A child with at most <paramref name="work"/> units (and no more than is left) and the same deadline.</summary>
    public Budget Take(double work) => new(this, Deadline, Math.Clamp(work, 0, WorkLeft));

    /// <summary>
    /// A child with all the work left and a deadline <paramref name="reserve"/> earlier, keeping that
    /// much time for what comes after it (verification, writing the files).
    /// </summary>
    public Budget Reserve(TimeSpan reserve)
    {
        var deadline = Deadline - reserve;
        return new Budget(this, deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero, WorkLeft);
    }

    /// <summary>
    /// A child with all the work left and a deadline that keeps the clock's share of the time left for
    /// <paramref name="laterWork"/> units planned after it (the rest of a search's phases, or a search on
    /// top of it): the child gets <c>WorkLeft / (WorkLeft + laterWork)</c> of the time left. Where the work
    /// limit ends the searches first (what the default sizing aims at), the child ends by its work and
    /// nothing changes; where the clock would end the run first (a slower or busier machine), each part is
    /// cut in proportion to its work, so the last parts are not left without any time.
    /// </summary>
    /// <param name="laterWork">Work units planned after the child within this budget's deadline; 0 keeps the deadline.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="laterWork"/> is negative or not finite.</exception>
    public Budget Pace(double laterWork)
    {
        if (!(laterWork >= 0) || double.IsInfinity(laterWork))
        {
            throw new ArgumentOutOfRangeException(nameof(laterWork), laterWork, "Later work must be a finite number, not negative.");
        }

        var work = WorkLeft;
        if (laterWork == 0 || work <= 0)
        {
            return new Budget(this, Deadline, work);
        }

        var now = Elapsed;
        var left = Deadline > now ? Deadline - now : TimeSpan.Zero;
        return new Budget(this, now + (left * (work / (work + laterWork))), work);
    }

    /// <summary>
    /// A child with <paramref name="work"/> units of its own, beyond what this budget has left, and the
    /// same deadline: for a search the request adds on top of the usual one (partial draws after the
    /// waste-free search), so that the usual one keeps exactly the work it would have had alone.
    /// Its spending is still charged to this budget.
    /// </summary>
    public Budget Extend(double work)
    {
        if (!(work >= 0) || double.IsInfinity(work))
        {
            throw new ArgumentOutOfRangeException(nameof(work), work, "Extra work must be a finite number, not negative.");
        }

        return new Budget(this, Deadline, work, ownWork: true);
    }

    /// <summary>
    /// A child with <paramref name="work"/> units (at most what this budget has left) and the same
    /// deadline, whose spending is <b>not</b> charged to this budget: for searches run side by side on
    /// separate threads, where the caller charges what their batch cost (the longest one's work) once
    /// they are done, so that no thread's limit depends on when another one charged.
    /// </summary>
    /// <param name="work">Work units of the branch, clamped to [0, <see cref="WorkLeft"/>].</param>
    public Budget Branch(double work) => new(this, Deadline, Math.Clamp(work, 0, WorkLeft), branch: true);

    /// <summary>Records <paramref name="work"/> units spent here and in every parent up to the first branch (see <see cref="Branch"/>).</summary>
    public void Charge(double work)
    {
        if (!(work >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(work), work, "Work spent cannot be negative.");
        }

        for (var budget = this; budget is not null; budget = budget._branch ? null : budget._parent)
        {
            budget._spent += work;
        }
    }

    /// <summary>Notes that the clock ended a search before its work limit.</summary>
    public void NoteWallClockCutIn() => _root._wallClockCutIn = true;

    /// <summary>A stopwatch-like reading of this budget's clock, for code that measures its own steps.</summary>
    internal long Timestamp() => Clock.GetTimestamp();

    /// <summary>Seconds on this budget's clock since <paramref name="timestamp"/> (from <see cref="Timestamp"/>).</summary>
    internal double SecondsSince(long timestamp) => Clock.GetElapsedTime(timestamp).TotalSeconds;

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"work {WorkSpent:0.###}/{WorkLimit:0.###}, time {Elapsed.TotalSeconds:0.###}/{Deadline.TotalSeconds:0.###} s");
}
