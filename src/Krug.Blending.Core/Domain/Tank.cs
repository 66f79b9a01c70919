using Krug.Blending.Arithmetic;

namespace Krug.Blending.Domain;

/// <summary>
/// A tank of the cellar as it is at the start of a plan: empty, full of one wine, or full of a
/// <see cref="Domain.Lot"/> (a blend the cellar keeps under a name). Pure wines are the common
/// case: <c>new Tank("C1", 100, "Wine A")</c>, <c>new Tank("C2", 100, null)</c> for an empty tank;
/// a lot's tank is <c>Tank.OfLot("C7", 50, lot)</c>.
/// </summary>
/// <param name="Id">Unique, non-empty identifier (any text; compared ordinally).</param>
/// <param name="Capacity">Capacity in the cellar's volume units (see <see cref="VolumeUnit"/>); always positive.</param>
/// <param name="Content">
/// What fills the tank completely at the start — the name of a wine, or of the tank's <see cref="Lot"/> —
/// or <see langword="null"/> for an empty tank.
/// </param>
public sealed record Tank(string Id, long Capacity, string? Content)
{
    /// <summary>A tank full of <paramref name="lot"/>; its <see cref="Content"/> is the lot's name.</summary>
    public static Tank OfLot(string id, long capacity, Lot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        return new Tank(id, capacity, lot.Name) { Lot = lot };
    }

    /// <summary>
    /// The lot that fills the tank, or <see langword="null"/> for a tank of one wine or an empty tank.
    /// When set, <see cref="Content"/> is its name (the cellar checks this).
    /// </summary>
    public Lot? Lot { get; private init; }

    /// <summary>Whether the tank is full at the start.</summary>
    public bool IsFull => Content is not null;

    /// <summary>
    /// The exact make-up of what the tank holds at the start: the lot's composition, a pure wine, or
    /// <see langword="null"/> for an empty tank. Everything that replays or plans works on this.
    /// </summary>
    public Composition? Contents => Lot?.Composition ?? (Content is null ? null : Composition.Pure(Content));
}
