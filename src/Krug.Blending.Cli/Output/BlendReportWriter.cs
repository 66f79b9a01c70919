using System.Globalization;
using System.Text.Json;
using CsvHelper;
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

    private const int WineColumns = 5;
    private const int MeasureColumns = 3;
    private const int TankColumns = 5;

    /// <summary>Column names of the CSV report.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } = CsvHeader.Split(',');

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\n",
        // Percentages are formatted text that must stay numbers (-5.714286); the text cells go through CsvCell.
        Injection = CsvInjection.None,
    };

    /// <summary>Aligned text: a wine table, then the totals.</summary>
    public static void WriteTable(BlendReport report, VolumeUnit unit, TextWriter writer)
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
        CellarAfterWriter.WriteTable(report.After, unit, writer);
    }

    /// <summary>
    /// CSV in three groups of columns; each row fills one group and leaves the others empty: one row
    /// per wine (<c>wine … moved_not_used</c>), one per total (<c>measure,value,unit</c>), one per
    /// tank the plan changed (<c>tank … tank_end</c>).
    /// </summary>
    public static void WriteCsv(BlendReport report, VolumeUnit unit, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(writer);
        const int Digits = ReportNumbers.MachineDecimals;
        using var csv = CsvWriter.Create(writer, CsvOptions, leaveOpen: true);
        csv.WriteHeader(CsvColumns.ToArray());
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

        csv.Flush();
    }

    private static string[] Row(string[] wine, string[] measure, string[] tank) =>
    [
        .. Pad(wine, WineColumns),
        .. Pad(measure, MeasureColumns),
        .. Pad(tank, TankColumns),
    ];

    private static IEnumerable<string> Pad(string[] cells, int count) => cells.Concat(Enumerable.Repeat(string.Empty, count - cells.Length));

    /// <summary>The blend object alone as a JSON document (the shape of <c>blend</c> in verify's JSON).</summary>
    public static void WriteJson(BlendReport report, VolumeUnit unit, TextWriter writer) =>
        JsonOutput.Write(writer, json => WriteJsonObject(report, unit, json));

    /// <summary>Writes the blend object to an open JSON writer.</summary>
    public static void WriteJsonObject(BlendReport report, VolumeUnit unit, Utf8JsonWriter json)
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
        json.WriteEndObject();
    }

    private static void WriteAligned(TextWriter writer, IReadOnlyList<string> cells, int[] widths)
    {
        // The first column (wine) is text, aligned left; the numbers are aligned right.
        var line = string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        writer.Write(line.TrimEnd());
        writer.Write('\n');
    }
}
