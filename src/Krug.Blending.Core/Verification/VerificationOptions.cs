using System.Collections.Immutable;

namespace Krug.Blending.Verification;

/// <summary>What a plan is allowed to do beyond the cellar's fixed rules.</summary>
public sealed record VerificationOptions
{
    /// <summary>The fixed rules only: no waste, every tank usable, every wine movable.</summary>
    public static VerificationOptions Strict { get; } = new();

    /// <summary>Whether a source may give less than its capacity (the rest oxidises and is wasted).</summary>
    public bool AllowWaste { get; init; }

    /// <summary>The most wine that may be wasted, in volume units; <see langword="null"/> for no limit. Only with <see cref="AllowWaste"/>.</summary>
    public long? MaxWaste { get; init; }

    /// <summary>Tanks the plan must not touch (maintenance, reserved).</summary>
    public ImmutableHashSet<string> ExcludedTanks { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Wines whose tanks the plan must not touch.</summary>
    public ImmutableHashSet<string> KeptWines { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
}
