using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Prints the outcome of <c>verify</c>: every rule the plan breaks, and the blend and the cellar after
/// the plan whenever it can be replayed (a plan that only breaks a limit of the request can).
/// </summary>
internal static class VerificationReportWriter
{
    /// <summary>Writes <paramref name="report"/> in <paramref name="format"/>, with the roll-ups of its blend when there are any.</summary>
    public static void Write(VerificationReport report, VolumeUnit unit, ReportFormat format, TextWriter writer, Rollups? rollups = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(writer);
        switch (format)
        {
            case ReportFormat.Table when report.IsValid && report.Blend is { } blend:
                writer.Write("The plan is valid.\n\n");
                BlendReportWriter.WriteTable(blend, unit, TerminalWriter.For(writer), rollups);
                break;
            case ReportFormat.Table:
                ViolationWriter.WriteTable(report.Violations, TerminalWriter.For(writer));
                if (report.Blend is { } replayed)
                {
                    writer.Write("\nThe plan can still be replayed; what it makes:\n\n");
                    BlendReportWriter.WriteTable(replayed, unit, writer, rollups);
                }

                break;
            case ReportFormat.Csv when report.IsValid && report.Blend is { } blend:
                BlendReportWriter.WriteCsv(blend, unit, writer, rollups);
                break;
            case ReportFormat.Csv:
                ViolationWriter.WriteCsv(report.Violations, writer);
                break;
            case ReportFormat.Json:
                JsonOutput.Write(writer, json =>
                {
                    json.WriteStartObject();
                    json.WriteBoolean("valid", report.IsValid);
                    json.WritePropertyName("violations");
                    ViolationWriter.WriteJsonArray(report.Violations, json);
                    json.WritePropertyName("blend");
                    if (report.Blend is { } blend)
                    {
                        BlendReportWriter.WriteJsonObject(blend, unit, json, rollups);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }

                    json.WriteEndObject();
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
        }
    }
}
