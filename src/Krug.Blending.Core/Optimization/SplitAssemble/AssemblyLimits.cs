using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// What the request allows the assembly of one cellar state: the request's limits, with the transfers
/// an earlier pre-blend already used taken off. Volumes in the cellar's volume units.
/// </summary>
/// <param name="Volume">The volume band (and target) of the final blend.</param>
/// <param name="AllowWaste">Whether sources may be drawn partly.</param>
/// <param name="MaxWaste">The most wine that may be wasted, when waste is allowed.</param>
/// <param name="MaxTransfers">The most transfers the assembly may use, the final one included.</param>
/// <param name="TolerancePp">Deviation within which every plan counts as on target.</param>
/// <param name="AllowLeftoverBlends">Whether mixtures may be left behind (group pieces, pre-blends not used).</param>
internal sealed record AssemblyLimits(VolumeBand Volume, bool AllowWaste, long? MaxWaste, int? MaxTransfers, decimal? TolerancePp, bool AllowLeftoverBlends)
{
    /// <summary>The request's share requirements: the final blend must meet each.</summary>
    public System.Collections.Immutable.ImmutableArray<ShareRequirement> Requirements { get; init; } = [];

    /// <summary>The limits of the whole request.</summary>
    public static AssemblyLimits Of(BlendRequest request) => new(
        request.Volume,
        request.AllowWaste,
        request.AllowWaste ? request.MaxWaste : null,
        request.MaxTransfers,
        request.TolerancePp,
        request.AllowLeftoverBlends)
    {
        Requirements = request.Requirements,
    };
}
