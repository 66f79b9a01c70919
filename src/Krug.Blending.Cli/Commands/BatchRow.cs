using System.Globalization;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Output;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Commands;

/// <summary>One row of the batch summary.</summary>
internal sealed record BatchRow(string Formula, string Status, Verification.BlendReport? Blend, double? Seconds, string Message)
{
    /// <summary>Whether the formula got a verified plan.</summary>
    public bool Succeeded => Blend is not null;

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
        json.WriteEndObject();
    }
}
