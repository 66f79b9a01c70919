using System.Collections.Immutable;
using Krug.Blending.Arithmetic;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// A full tank the model may leave alone, pour whole into the blend, or split. Its contents are a
/// constant composition (a pure wine, or a blend made by earlier steps), so every wine's volume in
/// the final blend stays linear in the decisions.
/// </summary>
internal sealed record SourceTank(string Id, long Capacity, Composition Contents)
{
    /// <summary>A tank holding one pure wine.</summary>
    public SourceTank(string id, long capacity, string wine)
        : this(id, capacity, Composition.Pure(wine))
    {
    }

    /// <summary>
    /// Orders and groups interchangeable tanks: the wine's name for a pure tank (so pure cellars keep
    /// the order they always had), the composition after every pure name for a blend.
    /// </summary>
    public string ContentKey => Contents.IsPure ? Contents.Shares.Keys.First() : "\uFFFF" + Contents;
}

/// <summary>Empty tanks of one capacity: interchangeable, so the model only counts them.</summary>
internal sealed record EmptyClass(long Capacity, ImmutableArray<string> TankIds);
