using System.Collections.Immutable;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// What the command line asks, before the formula is known: every limit, and the volumes the user
/// named (the rest follows from each formula). Volumes in the cellar's volume units.
/// </summary>
/// <param name="Cellar">The cellar.</param>
/// <param name="Mode">How the volume is chosen when none is named.</param>
internal sealed record RequestTemplate(Cellar Cellar, VolumeDefault Mode)
{
    public ImmutableHashSet<string> ExcludedTanks { get; init; } = [];

    public ImmutableHashSet<string> KeptWines { get; init; } = [];

    public decimal? TolerancePp { get; init; }

    public bool AllowWaste { get; init; }

    public bool AllowLeftoverBlends { get; init; }

    public int MaxSteps { get; init; } = BlendRequest.DefaultMaxSteps;

    public int? MaxTransfers { get; init; }

    /// <summary>--volume, when given.</summary>
    public long? Target { get; init; }

    /// <summary>--min-volume, when given.</summary>
    public long? Min { get; init; }

    /// <summary>--max-volume, when given.</summary>
    public long? Max { get; init; }

    /// <summary>--max-waste, when given.</summary>
    public long? MaxWaste { get; init; }

    /// <summary>--require, resolved to sets of wines.</summary>
    public ImmutableArray<ShareRequirement> Requirements { get; init; } = [];

    /// <summary>The request for <paramref name="formula"/>.</summary>
    public BlendRequest For(Formula formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        var request = new BlendRequest(Cellar, formula)
        {
            ExcludedTanks = ExcludedTanks,
            KeptWines = KeptWines,
            TolerancePp = TolerancePp,
            AllowWaste = AllowWaste,
            AllowLeftoverBlends = AllowLeftoverBlends,
            MaxSteps = MaxSteps,
            MaxTransfers = MaxTransfers,
            Requirements = Requirements,
        };
        request = request with { Volume = Band(request) };
        if (request.AllowWaste)
        {
            var cap = MaxWaste ?? (request.Volume.Target is { } volume ? (long)Math.Ceiling(volume * RequestOptionSet.DefaultWasteShare) : null);
            request = request with { MaxWaste = cap };
        }

        return request;
    }

    private VolumeBand Band(BlendRequest request)
    {
        if (Target is { } volume)
        {
            return VolumeBand.Around(volume, Min, Max);
        }

        if (Min is null && Max is null)
        {
            return Mode == VolumeDefault.Planned ? request.Limits.DefaultBand() : VolumeBand.Any;
        }

        var low = Min ?? 1;
        var high = Max ?? long.MaxValue;
        long? aim = Mode == VolumeDefault.Planned ? Math.Clamp(request.Limits.DefaultTarget, low, high) : null;
        return new VolumeBand(low, high, aim);
    }
}
