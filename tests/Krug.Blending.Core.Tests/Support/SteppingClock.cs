namespace Krug.Blending.Core.Tests.Support;

/// <summary>
/// A clock for tests of time limits without real time: it stands still until moved, and can move
/// by itself each time it is read, like a machine so loaded that every look at the clock finds it
/// further on. Timestamps are in ticks of 100 ns.
/// </summary>
public sealed class SteppingClock(TimeSpan stepPerRead) : TimeProvider
{
    private readonly Lock _gate = new();
    private long _ticks;

    /// <summary>A clock that only moves when told to.</summary>
    public SteppingClock()
        : this(TimeSpan.Zero)
    {
    }

    /// <summary>How often the clock was read.</summary>
    public int Reads { get; private set; }

    /// <summary>Time since the clock was made.</summary>
    public TimeSpan Now
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_ticks);
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            Reads++;
            var now = _ticks;
            _ticks += stepPerRead.Ticks;
            return now;
        }
    }

    /// <summary>Moves the clock on by <paramref name="duration"/>.</summary>
    public void Advance(TimeSpan duration)
    {
        lock (_gate)
        {
            _ticks += duration.Ticks;
        }
    }
}
