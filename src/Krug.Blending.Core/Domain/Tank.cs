namespace Krug.Blending.Domain;

/// <summary>
/// A tank of the cellar as it is at the start of a plan.
/// </summary>
/// <param name="Id">Unique, non-empty identifier (any text; compared ordinally).</param>
/// <param name="Capacity">Capacity in the cellar's volume units (see <see cref="VolumeUnit"/>); always positive.</param>
/// <param name="Wine">The wine that fills the tank completely at the start, or <see langword="null"/> for an empty tank.</param>
public sealed record Tank(string Id, long Capacity, string? Wine)
{
    /// <summary>Whether the tank is full at the start.</summary>
    public bool IsFull => Wine is not null;
}
