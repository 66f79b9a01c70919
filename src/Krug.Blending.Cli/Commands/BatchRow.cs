using System.Globalization;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Output;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Commands;

/// <summary>One row of the batch summary.</summary>
internal sealed record BatchRow(string Formula, string Status, Verification.BlendReport? Blend, double? Seconds, string Message)
{
    /// <summary>What the plan is worth (see the planner's verdict), when there is one.</summary>
    public string Verdict { get; init; } = string.Empty;

    /// <summary>Whether the plan misses the formula (a formula wine of 1 % or more absent, or beyond the tolerance).</summary>
    public bool OffFormula { get; init; }

    /// <summary>Whether the formula got a verified plan that is on formula.</summary>
    public bool Succeeded => Blend is not null && !OffFormula;

    public static BatchRow Failed(string formula, string status, string message) => new(formula, status, null, null, message);

    public IEnumerable<string> CsvFields(VolumeUnit unit) =>
    [
        CsvCell.Text(Formula),
        Status,
        Blend is null ? string.Empty : ReportNumbers.Format(Blend.MaxDeviationPp, ReportNumbers.MachineDecimals),
        Blend is null ? string.Empty : ReportNumbers.Format(Blend.EuclideanPp, ReportNumbers.MachineDecimals),
        Blend is null ? string.Empty : unit.Format(Blend.Volume),
        Blend is null ? string.Empty : Blend.Transfers.ToString(CultureInfo.InvariantCulture),
        Blend is null ? string.Empty : Blend.Steps.ToString(CultureInfo.InvariantCulture),
        Seconds is { } seconds ? seconds.ToString("0.000", CultureInfo.InvariantCulture) : string.Empty,
        CsvCell.Text(Message),
        CsvCell.Text(Verdict),
        OffFormula ? "true" : "false",
    ];

    public void WriteJson(System.Text.Json.Utf8JsonWriter json, VolumeUnit unit)
    {
        json.WriteStartObject();
        json.WriteString("formula", Formula);
        json.WriteString("status", Status);
        if (Blend is null)
        {
            json.WriteNull("maxDeviationPp");
            json.WriteNull("euclideanPp");
            json.WriteNull("volume");
            json.WriteNull("transfers");
            json.WriteNull("steps");
        }
        else
        {
            json.WriteNumber("maxDeviationPp", ReportNumbers.Rounded(Blend.MaxDeviationPp, ReportNumbers.MachineDecimals));
            json.WriteNumber("euclideanPp", ReportNumbers.Rounded(Blend.EuclideanPp, ReportNumbers.MachineDecimals));
            json.WriteNumber("volume", unit.ToDecimal(Blend.Volume));
            json.WriteNumber("transfers", Blend.Transfers);
            json.WriteNumber("steps", Blend.Steps);
        }

        if (Seconds is { } seconds)
        {
            json.WriteNumber("seconds", Math.Round(seconds, 3));
        }
        else
        {
            json.WriteNull("seconds");
        }

        json.WriteString("message", Message);
        json.WriteString("verdict", Verdict);
        json.WriteBoolean("offFormula", OffFormula);
        json.WriteEndObject();
    }
}
