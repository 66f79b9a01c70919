using System.Globalization;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// One <c>--require</c> value as written, e.g. <c>variety=Chardonnay&gt;=35%</c>: an attribute of
/// wines.csv (or <c>wine</c> for one wine by name), a value, and a bound on the share of the wines
/// that have it. Parsed on its own (a malformed one is a usage error before any file is read), then
/// resolved against the cellar and wines.csv into Core's <see cref="ShareRequirement"/>.
/// </summary>
/// <param name="Attribute">The attribute, as typed (trimmed).</param>
/// <param name="Value">The value, as typed (trimmed).</param>
/// <param name="AtLeast">Whether the bound is a least share (<c>&gt;=</c>) rather than a most (<c>&lt;=</c>).</param>
/// <param name="Percent">The bound in percent, 0–100.</param>
internal sealed record RequirementExpression(string Attribute, string Value, bool AtLeast, decimal Percent)
{
    /// <summary>The attribute that names one wine of the cellar rather than a column of wines.csv.</summary>
    public const string WineAttribute = "wine";

    /// <summary>The shape of a value, for usage errors and help.</summary>
    public const string Usage = "ATTRIBUTE=VALUE>=P% or ATTRIBUTE=VALUE<=P% (e.g. variety=Chardonnay>=35%)";

    /// <summary>What the bound applies to, e.g. <c>variety=Chardonnay</c>: the requirement's label in reports.</summary>
    public string Label => Attribute + "=" + Value;

    /// <summary>The expression in its normal form, e.g. <c>variety=Chardonnay&gt;=35%</c>.</summary>
    public override string ToString() =>
        Label + (AtLeast ? ">=" : "<=") + Percent.ToString("0.####", CultureInfo.InvariantCulture) + "%";

    /// <summary>Reads <paramref name="text"/>; <see langword="null"/> with the reason when it is malformed.</summary>
    public static RequirementExpression? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var trimmed = text.Trim();
        // The bound comes last: a value may itself hold '=' or '<', never a trailing bound.
        var at = Math.Max(trimmed.LastIndexOf(">=", StringComparison.Ordinal), trimmed.LastIndexOf("<=", StringComparison.Ordinal));
        if (at < 0)
        {
            problem = "it has no bound '>=' or '<='";
            return null;
        }

        var left = trimmed[..at];
        var equals = left.IndexOf('=', StringComparison.Ordinal);
        var attribute = equals < 0 ? string.Empty : left[..equals].Trim();
        var value = equals < 0 ? string.Empty : left[(equals + 1)..].Trim();
        if (attribute.Length == 0 || value.Length == 0)
        {
            problem = "the bound must follow ATTRIBUTE=VALUE";
            return null;
        }

        var bound = trimmed[(at + 2)..].Trim();
        if (CsvNumber.TryParse(bound, decimalComma: false, allowPercent: true, out var percent) != NumberProblem.None || percent is < 0 or > 100)
        {
            problem = $"the bound must be a percentage from 0 to 100 such as 35% (digits and '.'), got {InputLocation.Quote(bound)}";
            return null;
        }

        return new RequirementExpression(attribute, value, trimmed[at] == '>', percent);
    }

    /// <summary>
    /// The requirement this expression asks of the cellar's blends: the wines with the value (any case),
    /// or the one wine named; <see langword="null"/> with a one-line error when the attribute or the
    /// value is unknown.
    /// </summary>
    public ShareRequirement? Resolve(Cellar cellar, string tanksFile, WineAttributes? attributes, out string? error)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        error = null;
        string[] wines;
        if (string.Equals(Attribute, WineAttribute, StringComparison.OrdinalIgnoreCase))
        {
            if (!cellar.Wines.Contains(Value, StringComparer.Ordinal))
            {
                var near = cellar.Wines.FirstOrDefault(w => string.Equals(w, Value, StringComparison.OrdinalIgnoreCase));
                error = $"--require {this}: no tank of {tanksFile} holds wine {InputLocation.Quote(Value)}" +
                        (near is null ? string.Empty : $" (did you mean {InputLocation.Quote(near)}?)");
                return null;
            }

            wines = [Value];
        }
        else if (attributes is null)
        {
            error = $"--require {this}: attribute {InputLocation.Quote(Attribute)} needs --wines, a wines.csv giving each wine's {Attribute} (or use wine=NAME for one wine)";
            return null;
        }
        else if (attributes.IndexOf(Attribute) is var index && index < 0)
        {
            error = $"--require {this}: {attributes.File} has no column {InputLocation.Quote(Attribute)} (its attributes: {string.Join(", ", attributes.Attributes)}, or wine=NAME)";
            return null;
        }
        else if (attributes.Known(index, Value) is null)
        {
            error = $"--require {this}: no wine of {attributes.File} has {attributes.Attributes[index]} {InputLocation.Quote(Value)} (its values: {List(attributes.ValuesOf(index))})";
            return null;
        }
        else
        {
            wines = [.. attributes.WinesWith(index, Value)];
        }

        return new ShareRequirement(Label, wines, AtLeast ? Percent : null, AtLeast ? null : Percent);
    }

    private static string List(IReadOnlyList<string> values)
    {
        const int MaxShown = 12;
        var shown = string.Join(", ", values.Take(MaxShown));
        return values.Count <= MaxShown ? shown : string.Create(CultureInfo.InvariantCulture, $"{shown} and {values.Count - MaxShown} more");
    }
}
