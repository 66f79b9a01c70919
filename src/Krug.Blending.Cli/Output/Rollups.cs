using System.Collections.Immutable;
using Krug.Blending.Arithmetic;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Output;

/// <summary>One value of an attribute and its exact share of the final blend.</summary>
/// <param name="Value">The value as wines.csv first spells it; <see langword="null"/> for wines without one (not listed, or an empty cell).</param>
/// <param name="Share">Exact share of the blend, positive.</param>
internal sealed record RollupValue(string? Value, Fraction Share);

/// <summary>The final blend rolled up by one attribute of wines.csv.</summary>
/// <param name="Attribute">The attribute as written in the header.</param>
/// <param name="Values">Each value present in the blend, largest share first (ties by value), wines without a value last.</param>
internal sealed record AttributeRollup(string Attribute, ImmutableArray<RollupValue> Values);

/// <summary>A share requirement of the request and what the blend reaches.</summary>
/// <param name="Requirement">The requirement.</param>
/// <param name="Share">Exact share of its wines in the blend.</param>
internal sealed record RequirementCheck(ShareRequirement Requirement, Fraction Share)
{
    /// <summary>Whether the blend meets it (always, for a verified plan of <c>plan</c>).</summary>
    public bool Met => Requirement.Admits(Share);
}

/// <summary>
/// The "Roll-ups" section of a report: the final blend by each attribute of wines.csv, and each share
/// requirement with the share reached. Computed from the verifier's exact blend, so its figures are
/// exact fractions until they are printed.
/// </summary>
/// <param name="Attributes">One roll-up per attribute, in the order of wines.csv's columns.</param>
/// <param name="Requirements">The request's requirements, in command-line order.</param>
internal sealed record Rollups(ImmutableArray<AttributeRollup> Attributes, ImmutableArray<RequirementCheck> Requirements)
{
    /// <summary>What <c>(none)</c> stands for in the table and CSV: wines with no value for the attribute.</summary>
    public const string NoValue = "(none)";

    /// <summary>
    /// The roll-ups of <paramref name="blend"/>, or <see langword="null"/> when there is nothing to roll
    /// up by (no wines.csv) and no requirement: reports then keep their usual shape.
    /// </summary>
    public static Rollups? Of(BlendReport blend, WineAttributes? attributes, ImmutableArray<ShareRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(blend);
        if (attributes is null && requirements.IsDefaultOrEmpty)
        {
            return null;
        }

        var rollups = ImmutableArray.CreateBuilder<AttributeRollup>();
        for (var a = 0; a < (attributes?.Attributes.Length ?? 0); a++)
        {
            var shares = new Dictionary<string, Fraction>(StringComparer.Ordinal);
            var none = Fraction.Zero;
            foreach (var (wine, share) in blend.Blend.Shares)
            {
                if (attributes!.ValueOf(wine, a) is { } value)
                {
                    shares[value] = shares.GetValueOrDefault(value) + share;
                }
                else
                {
                    none += share;
                }
            }

            var values = shares
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new RollupValue(p.Key, p.Value))
                .ToList();
            if (!none.IsZero)
            {
                values.Add(new RollupValue(null, none));
            }

            rollups.Add(new AttributeRollup(attributes!.Attributes[a], [.. values]));
        }

        var checks = (requirements.IsDefault ? [] : requirements).Select(r => new RequirementCheck(r, r.ShareIn(blend.Blend)));
        return new Rollups(rollups.ToImmutable(), [.. checks]);
    }
}
