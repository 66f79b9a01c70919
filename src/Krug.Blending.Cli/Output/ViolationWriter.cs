using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Output;

/// <summary>Prints the rules a plan breaks, each located by step, transfer and tank where it applies.</summary>
internal static class ViolationWriter
{
    /// <summary>Header of the CSV list.</summary>
    public const string CsvHeader = "step,transfer,tank,kind,message";

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\n",
        // Step and transfer numbers stay numbers; the text cells go through CsvCell.
        Injection = CsvInjection.None,
    };

    /// <summary>A sentence, then one indented line per violation.</summary>
    public static void WriteTable(IReadOnlyList<PlanViolation> violations, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"The plan breaks {violations.Count} rule{(violations.Count == 1 ? string.Empty : "s")}:\n"));
        foreach (var violation in violations)
        {
            writer.Write("  ");
            writer.Write(Where(violation));
            writer.Write(": ");
            writer.Write(violation.Message);
            writer.Write('\n');
        }
    }

    /// <summary>One CSV row per violation: <c>step,transfer,tank,kind,message</c>, empty cells where a part does not apply.</summary>
    public static void WriteCsv(IReadOnlyList<PlanViolation> violations, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentNullException.ThrowIfNull(writer);
        using var csv = CsvWriter.Create(writer, CsvOptions, leaveOpen: true);
        csv.WriteHeader(CsvHeader.Split(','));
        foreach (var violation in violations)
        {
            csv.WriteRecord(
            [
                violation.Step?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                violation.Transfer?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                CsvCell.Text(violation.TankId ?? string.Empty),
                JsonOutput.Name(violation.Kind),
                CsvCell.Text(violation.Message),
            ]);
        }

        csv.Flush();
    }

    /// <summary>Writes the violations as a JSON array of <c>{kind, step, transfer, tank, message}</c>.</summary>
    public static void WriteJsonArray(IReadOnlyList<PlanViolation> violations, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartArray();
        foreach (var violation in violations)
        {
            json.WriteStartObject();
            json.WriteString("kind", JsonOutput.Name(violation.Kind));
            WriteNullable(json, "step", violation.Step);
            WriteNullable(json, "transfer", violation.Transfer);
            json.WriteString("tank", violation.TankId);
            json.WriteString("message", violation.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Where(PlanViolation violation)
    {
        var parts = new List<string>();
        if (violation.Step is { } step)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"step {step}"));
        }

        if (violation.Transfer is { } transfer)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"transfer {transfer}"));
        }

        if (violation.TankId is { } tank)
        {
            parts.Add("tank " + tank);
        }

        return parts.Count == 0 ? "plan" : string.Join(", ", parts);
    }
}
