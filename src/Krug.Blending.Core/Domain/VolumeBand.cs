namespace Krug.Blending.Domain;

/// <summary>
/// The blend volume a request accepts, in the cellar's integer volume units: every plan makes a
/// volume in <c>[Min, Max]</c>, and among plans equally close to the formula the one closest to
/// <see cref="Target"/> is preferred (the most volume when there is no target).
/// Invariants: <c>1 ≤ Min ≤ Max</c>; a target, when set, is positive.
/// </summary>
public sealed record VolumeBand
{
    /// <summary>
    /// How far either side of the volume to make a plan may land by default, as a share of it:
    /// blends fill tanks exactly, so the exact volume is often out of reach, while a blend much
    /// smaller or larger than asked is not what the cellar master wanted.
    /// </summary>
    public const decimal DefaultSpread = 0.05m;

    /// <summary>Creates a band and checks its invariants.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not positive, the bounds are crossed, or the target is not positive.</exception>
    public VolumeBand(long min, long max, long? target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        if (target is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "A target volume must be positive.");
        }

        Min = min;
        Max = max;
        Target = target;
    }

    /// <summary>Any positive volume, no target: what <c>verify</c> checks when no volume is asked for.</summary>
    public static VolumeBand Any { get; } = new(1, long.MaxValue, null);

    /// <summary>Smallest acceptable blend volume (at least 1).</summary>
    public long Min { get; }

    /// <summary>Largest acceptable blend volume.</summary>
    public long Max { get; }

    /// <summary>The volume to make, when the request names one.</summary>
    public long? Target { get; }

    /// <summary>
    /// The band around <paramref name="target"/>: <see cref="DefaultSpread"/> either side unless
    /// <paramref name="min"/> or <paramref name="max"/> say otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is not positive or lies outside the given bounds.</exception>
    public static VolumeBand Around(long target, long? min = null, long? max = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        var low = min ?? Math.Max(1, (long)Math.Ceiling(target * (1 - DefaultSpread)));
        var high = max ?? (long)Math.Floor(target * (1 + DefaultSpread));
        if (target < low || target > high)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target volume lies outside its bounds.");
        }

        return new VolumeBand(low, high, target);
    }

    /// <summary>Whether <paramref name="volume"/> lies in the band.</summary>
    public bool Contains(long volume) => volume >= Min && volume <= Max;

    /// <summary>How far <paramref name="volume"/> is from the target (0 without one).</summary>
    public long OffTarget(long volume) => Target is { } target ? Math.Abs(volume - target) : 0;
}
