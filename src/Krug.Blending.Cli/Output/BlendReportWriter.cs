using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Krug.Blending.Cli.Commands;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Prints the blend of a plan: per wine the target, the share achieved and the deviation, then the
/// totals, then the cellar after the plan. Shared by <c>verify</c> and <c>plan</c>; the CSV and JSON
/// shapes are documented in docs/csv-formats.md. Every line ends with <c>\n</c> on every platform.
/// </summary>
internal static class BlendReportWriter
{
    /// <summary>Header of the CSV report.</summary>
    public const string CsvHeader = "wine,target_percent,achieved_percent,deviation_pp,moved_not_used,measure,value,unit,tank,capacity,before,after,tank_end";

    /// <summary>
    /// Columns the CSV report gains when it has roll-ups (<c>--wines</c> or <c>--require</c>): one row per
    /// value of an attribute (<c>attribute … attribute_percent</c>), one per requirement (<c>requirement … requirement_met</c>).
    /// Without them the header stays <see cref="CsvHeader"/>, byte for byte.
    /// </summary>
    public const string RollupHeader = "attribute,attribute_value,attribute_percent,requirement,requirement_percent,requirement_met";

    private const int WineColumns = 5;
    private const int MeasureColumns = 3;
    private const int TankColumns = 5;
    private const int AttributeColumns = 3;
    private const int RequirementColumns = 3;

    /// <summary>Column names of the CSV report.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } = CsvHeader.Split(',');

    /// <summary>Column names the CSV report gains with roll-ups.</summary>
    public static IReadOnlyList<string> RollupColumns { get; } = RollupHeader.Split(',');

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\n",
        // Percentages are formatted text that must stay numbers (-5.714286); the text cells go through CsvCell.
        Injection = CsvInjection.None,
    };

    /// <summary>Aligned text: a wine table, then the totals, the roll-ups when there are any, and the cellar after the plan.</summary>
    public static void WriteTable(BlendReport report, VolumeUnit unit, TextWriter writer, Rollups? rollups = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(writer);

        string[] header = ["Wine", "Target %", "Achieved %", "Deviation pp"];
        var rows = report.Wines.Select(w => new[]
        {
            TerminalText.Escape(w.Wine),
            ReportNumbers.Percent(w.Target, ReportNumbers.PercentDecimals),
            ReportNumbers.Percent(w.Achieved, ReportNumbers.PercentDecimals),
            ReportNumbers.SignedPoints(w.Achieved - w.Target, ReportNumbers.PointDecimals),
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        WriteAligned(writer, header, widths);
        foreach (var row in rows)
        {
            WriteAligned(writer, row, widths);
        }

        writer.Write('\n');
        var volume = (string v) => v + " " + unit.Label;
        (string Label, string Value)[] totals =
        [
            ("Blend volume", volume(unit.Format(report.Volume))),
            ("Final tanks", string.Join(", ", report.FinalTanks)),
            ("Largest deviation", ReportNumbers.Percent(report.MaxDeviation, ReportNumbers.PointDecimals) + " pp"),
            ("Euclidean distance", ReportNumbers.Format(report.EuclideanPp, ReportNumbers.PointDecimals) + " pp"),
            ("Wasted", volume(unit.Format(report.Wasted))),
            ("Unused", volume(unit.Format(report.Unused)) + " (left in full tanks)"),
            ("Leftover blends", volume(unit.Format(report.After.LeftoverBlendVolume)) + " (mixtures that are not the blend)"),
            ("Transfers", report.Transfers.ToString(CultureInfo.InvariantCulture)),
            ("Steps", report.Steps.ToString(CultureInfo.InvariantCulture)),
        ];
        var labelWidth = totals.Max(t => t.Label.Length);
        foreach (var (label, value) in totals)
        {
            writer.Write(label.PadRight(labelWidth + 2));
            writer.Write(value);
            writer.Write('\n');
        }

        writer.Write('\n');
        if (rollups is not null)
        {
            WriteRollupTable(rollups, writer);
        }

        CellarAfterWriter.WriteTable(report.After, unit, writer);
    }

    /// <summary>The roll-ups as aligned text: per attribute each value's share, then each requirement with the share reached.</summary>
    private static void WriteRollupTable(Rollups rollups, TextWriter writer)
    {
        const int Digits = ReportNumbers.PercentDecimals;
        if (!rollups.Attributes.IsEmpty)
        {
            writer.Write("Roll-ups of the final blend\n");
            var rows = rollups.Attributes.SelectMany(a => a.Values.Select((v, i) => new[]
            {
                i == 0 ? TerminalText.Escape(a.Attribute) : string.Empty,
                TerminalText.Escape(v.Value ?? Rollups.NoValue),
                ReportNumbers.Percent(v.Share, Digits) + " %",
            })).ToList();
            WriteIndented(writer, rows, numberColumn: 2);
            writer.Write('\n');
        }

        if (!rollups.Requirements.IsEmpty)
        {
            writer.Write("Share requirements\n");
            WriteIndented(writer, [.. rollups.Requirements.Select(r => new[]
            {
                TerminalText.Escape(r.Requirement.ToString()),
                ReportNumbers.Percent(r.Share, Digits) + " %",
                r.Met ? "met" : "NOT MET",
            })], numberColumn: 1);
            writer.Write('\n');
        }
    }

    private static void WriteIndented(TextWriter writer, List<string[]> rows, int numberColumn)
    {
        // Text aligned left, the percentage aligned right.
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((c, i) => i == numberColumn ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
            writer.Write(("  " + string.Join("  ", cells)).TrimEnd());
            writer.Write('\n');
        }
    }

    /// <summary>
    /// CSV in three groups of columns; each row fills one group and leaves the others empty: one row
    /// per wine (<c>wine … moved_not_used</c>), one per total (<c>measure,value,unit</c>), one per
    /// tank the plan changed (<c>tank … tank_end</c>).
    /// </summary>
    public static void WriteCsv(BlendReport report, VolumeUnit unit, TextWriter writer, Rollups? rollups = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(writer);
        const int Digits = ReportNumbers.MachineDecimals;
        using var csv = CsvWriter.Create(writer, CsvOptions, leaveOpen: true);
        csv.WriteHeader(rollups is null ? [.. CsvColumns] : [.. CsvColumns, .. RollupColumns]);
        string[] Row(string[] wine, string[] measure, string[] tank, string[]? attribute = null, string[]? requirement = null) => rollups is null
            ? BaseRow(wine, measure, tank)
            : [.. BaseRow(wine, measure, tank), .. Pad(attribute ?? [], AttributeColumns), .. Pad(requirement ?? [], RequirementColumns)];
        var moved = report.After.MovedNotUsed.ToDictionary(m => m.Wine, m => m.Volume, StringComparer.Ordinal);
        string MovedOf(string wine) => moved.TryGetValue(wine, out var volume) ? unit.Format(volume) : unit.Format(0);
        foreach (var wine in report.Wines)
        {
            csv.WriteRecord(Row(
                [CsvCell.Text(wine.Wine), ReportNumbers.Percent(wine.Target, Digits), ReportNumbers.Percent(wine.Achieved, Digits), ReportNumbers.Percent(wine.Achieved - wine.Target, Digits), MovedOf(wine.Wine)],
                [],
                []));
        }

        // Wine moved but in neither the formula nor the blend still belongs in the wine rows.
        foreach (var extra in report.After.MovedNotUsed.Where(m => !report.Wines.Any(w => w.Wine == m.Wine)))
        {
            csv.WriteRecord(Row([CsvCell.Text(extra.Wine), string.Empty, string.Empty, string.Empty, unit.Format(extra.Volume)], [], []));
        }

        void Measure(string name, string value, string measureUnit) => csv.WriteRecord(Row([], [name, value, CsvCell.Text(measureUnit)], []));

        Measure("volume", unit.Format(report.Volume), unit.Label);
        foreach (var tank in report.FinalTanks)
        {
            Measure("final_tank", CsvCell.Text(tank), string.Empty);
        }

        Measure("max_deviation", ReportNumbers.Percent(report.MaxDeviation, Digits), "pp");
        Measure("euclidean_distance", ReportNumbers.Format(report.EuclideanPp, Digits), "pp");
        Measure("wasted", unit.Format(report.Wasted), unit.Label);
        Measure("unused", unit.Format(report.Unused), unit.Label);
        Measure("leftover_blends", unit.Format(report.After.LeftoverBlendVolume), unit.Label);
        Measure("transfers", report.Transfers.ToString(CultureInfo.InvariantCulture), string.Empty);
        Measure("steps", report.Steps.ToString(CultureInfo.InvariantCulture), string.Empty);
        foreach (var change in report.After.Changed)
        {
            csv.WriteRecord(Row([], [], CellarAfterWriter.CsvCells(change, unit)));
        }

        foreach (var attribute in rollups?.Attributes ?? [])
        {
            foreach (var value in attribute.Values)
            {
                // No value is an empty cell: a script tells the rows apart by the attribute column.
                csv.WriteRecord(Row([], [], [], [CsvCell.Text(attribute.Attribute), CsvCell.Text(value.Value ?? string.Empty), ReportNumbers.Percent(value.Share, Digits)]));
            }
        }

        foreach (var check in rollups?.Requirements ?? [])
        {
            csv.WriteRecord(Row([], [], [], null, [CsvCell.Text(check.Requirement.ToString()), ReportNumbers.Percent(check.Share, Digits), check.Met ? "true" : "false"]));
        }

        csv.Flush();
    }

    private static string[] BaseRow(string[] wine, string[] measure, string[] tank) =>
    [
        .. Pad(wine, WineColumns),
        .. Pad(measure, MeasureColumns),
        .. Pad(tank, TankColumns),
    ];

    private static IEnumerable<string> Pad(string[] cells, int count) => cells.Concat(Enumerable.Repeat(string.Empty, count - cells.Length));

    /// <summary>The blend object alone as a JSON document (the shape of <c>blend</c> in verify's JSON).</summary>
    /// <param name="report">The blend.</param>
    /// <param name="unit">The volume unit.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="rollups">The roll-ups, when there are any.</param>
    /// <param name="options">The run's effective options, echoed as <c>options</c> at the end of the document.</param>
    public static void WriteJson(BlendReport report, VolumeUnit unit, TextWriter writer, Rollups? rollups = null, EffectiveOptions? options = null) =>
        JsonOutput.Write(writer, json => WriteJsonObject(report, unit, json, rollups, options));

    /// <summary>Writes the blend object to an open JSON writer (with <c>rollups</c> when there are any).</summary>
    public static void WriteJsonObject(BlendReport report, VolumeUnit unit, Utf8JsonWriter json, Rollups? rollups = null, EffectiveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(json);
        const int Digits = ReportNumbers.MachineDecimals;
        json.WriteStartObject();
        json.WriteNumber("volume", ReportNumbers.Normalise(unit.ToDecimal(report.Volume)));
        json.WriteString("unit", unit.Label);
        json.WriteStartArray("wines");
        foreach (var wine in report.Wines)
        {
            json.WriteStartObject();
            json.WriteString("wine", wine.Wine);
            json.WriteNumber("targetPercent", ReportNumbers.PercentValue(wine.Target, Digits));
            json.WriteNumber("achievedPercent", ReportNumbers.PercentValue(wine.Achieved, Digits));
            json.WriteNumber("deviationPp", ReportNumbers.PercentValue(wine.Achieved - wine.Target, Digits));
            json.WriteString("targetShare", ReportNumbers.Exact(wine.Target));
            json.WriteString("achievedShare", ReportNumbers.Exact(wine.Achieved));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("maxDeviationPp", ReportNumbers.PercentValue(report.MaxDeviation, Digits));
        json.WriteNumber("euclideanPp", ReportNumbers.Rounded(report.EuclideanPp, Digits));
        json.WriteNumber("wasted", ReportNumbers.Normalise(unit.ToDecimal(report.Wasted)));
        json.WriteNumber("unused", ReportNumbers.Normalise(unit.ToDecimal(report.Unused)));
        json.WriteNumber("leftoverBlends", ReportNumbers.Normalise(unit.ToDecimal(report.After.LeftoverBlendVolume)));
        json.WriteNumber("transfers", report.Transfers);
        json.WriteNumber("steps", report.Steps);
        json.WriteStartArray("finalTanks");
        foreach (var tank in report.FinalTanks)
        {
            json.WriteStringValue(tank);
        }

        json.WriteEndArray();
        json.WritePropertyName("cellarAfter");
        CellarAfterWriter.WriteJsonObject(report.After, unit, json);
        if (rollups is not null)
        {
            json.WritePropertyName("rollups");
            WriteRollupJson(rollups, json);
        }

        if (options is not null)
        {
            json.WritePropertyName("options");
            options.WriteJson(json);
        }

        json.WriteEndObject();
    }

    private static void WriteRollupJson(Rollups rollups, Utf8JsonWriter json)
    {
        const int Digits = ReportNumbers.MachineDecimals;
        json.WriteStartObject();
        json.WriteStartArray("attributes");
        foreach (var attribute in rollups.Attributes)
        {
            json.WriteStartObject();
            json.WriteString("attribute", attribute.Attribute);
            json.WriteStartArray("values");
            foreach (var value in attribute.Values)
            {
                json.WriteStartObject();
                json.WriteString("value", value.Value);
                json.WriteNumber("percent", ReportNumbers.PercentValue(value.Share, Digits));
                json.WriteString("share", ReportNumbers.Exact(value.Share));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("requirements");
        foreach (var check in rollups.Requirements)
        {
            var requirement = check.Requirement;
            json.WriteStartObject();
            json.WriteString("requirement", requirement.ToString());
            json.WriteString("label", requirement.Label);
            WriteNullableNumber(json, "minPercent", requirement.MinPercent);
            WriteNullableNumber(json, "maxPercent", requirement.MaxPercent);
            json.WriteNumber("achievedPercent", ReportNumbers.PercentValue(check.Share, Digits));
            json.WriteString("achievedShare", ReportNumbers.Exact(check.Share));
            json.WriteBoolean("met", check.Met);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, ReportNumbers.Normalise(number));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteAligned(TextWriter writer, IReadOnlyList<string> cells, int[] widths)
    {
        // The first column (wine) is text, aligned left; the numbers are aligned right.
        var line = string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        writer.Write(line.TrimEnd());
        writer.Write('\n');
    }
}
