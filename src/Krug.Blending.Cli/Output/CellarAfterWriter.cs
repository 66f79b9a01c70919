using System.Globalization;
using System.Text.Json;
using Krug.Blending.Arithmetic;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// The cellar after the plan, as far as the plan changed it: which tanks hold the blend, which hold a
/// wine that moved, which hold a leftover mixture, which are now empty, and the wine moved but not
/// used. Part of the work order, the report and <c>verify</c>'s output.
/// </summary>
internal static class CellarAfterWriter
{
    private const int WinesInline = 6;

    /// <summary>
    /// How a tank's contents read in one cell: a wine name, <c>lot: </c> and the lot's name, "final
    /// blend", a mixture's make-up, or "empty".
    /// </summary>
    /// <param name="contents">What the tank holds.</param>
    /// <param name="lot">The name of the lot it holds, when it holds one.</param>
    /// <param name="end">How the tank ends, for the contents after the plan.</param>
    public static string Contents(Composition? contents, string? lot, TankEnd? end = null) => (contents, end) switch
    {
        (null, _) => "empty",
        (_, TankEnd.Blend) => "final blend",
        ({ IsPure: true }, _) => contents.Shares.Keys.First(),
        _ when lot is not null => "lot: " + lot,
        _ => "mixture: " + Describe(contents),
    };

    /// <summary>The word scripts see for how a tank ends: <c>blend</c>, <c>moved</c>, <c>leftover-blend</c>, <c>emptied</c>.</summary>
    public static string EndName(TankEnd end) => JsonOutput.Name(end);

    /// <summary>A blend's make-up, largest share first, at most a few wines inline.</summary>
    public static string Describe(Composition blend)
    {
        ArgumentNullException.ThrowIfNull(blend);
        var parts = blend.Shares
            .OrderByDescending(s => s.Value)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => Invariant($"{s.Key} {(s.Value * 100).ToDouble():0.###} %"))
            .ToList();
        return parts.Count <= WinesInline
            ? string.Join(", ", parts)
            : string.Join(", ", parts.Take(WinesInline)) + Invariant($", … ({parts.Count - WinesInline} more)");
    }

    /// <summary>Aligned text for people.</summary>
    public static void WriteTable(CellarAfter after, VolumeUnit unit, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("Cellar after the plan (tanks that changed)\n");
        string[] header = ["Tank", "Capacity", "Before", "After"];
        var rows = after.Changed.Select(c => new[]
        {
            c.TankId,
            unit.Format(c.Capacity) + " " + unit.Label,
            Contents(c.Before, c.BeforeLot),
            Contents(c.After, c.AfterLot, c.End) + c.End switch
            {
                TankEnd.Moved => " (moved)",
                TankEnd.LeftoverBlend => " (LEFTOVER BLEND)",
                _ => string.Empty,
            },
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        Row(writer, header, widths);
        foreach (var row in rows)
        {
            Row(writer, row, widths);
        }

        var blend = after.Changed.Count(c => c.End == TankEnd.Blend);
        var moved = after.Changed.Count(c => c.End == TankEnd.Moved);
        var leftover = after.LeftoverBlends.ToList();
        writer.Write(Invariant($"{blend} {Plural(blend, "tank")} of final blend, {moved} {Plural(moved, "tank")} of wine moved, {leftover.Count} {Plural(leftover.Count, "tank")} of leftover blend"));
        writer.Write(leftover.Count == 0 ? ".\n" : Invariant($" ({unit.Format(after.LeftoverBlendVolume)} {unit.Label}).\n"));
        if (after.MovedNotUsed.IsEmpty)
        {
            writer.Write("Wine moved but not used: none.\n");
            return;
        }

        writer.Write("Wine moved but not used:\n");
        var wineWidth = after.MovedNotUsed.Max(m => m.Wine.Length);
        foreach (var wine in after.MovedNotUsed)
        {
            writer.Write(Invariant($"  {wine.Wine.PadRight(wineWidth)}  {unit.Format(wine.Volume)} {unit.Label}\n"));
        }
    }

    /// <summary>The CSV cells of one changed tank: <c>tank,capacity,before,after,tank_end</c>.</summary>
    public static string[] CsvCells(TankChange change, VolumeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(unit);
        return [CsvCell.Text(change.TankId), unit.Format(change.Capacity), CsvCell.Text(Contents(change.Before, change.BeforeLot)), CsvCell.Text(Contents(change.After, change.AfterLot, change.End)), EndName(change.End)];
    }

    /// <summary>The <c>cellarAfter</c> object of the JSON reports.</summary>
    public static void WriteJsonObject(CellarAfter after, VolumeUnit unit, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteStartArray("changedTanks");
        foreach (var change in after.Changed)
        {
            json.WriteStartObject();
            json.WriteString("tank", change.TankId);
            json.WriteNumber("capacity", unit.ToDecimal(change.Capacity));
            json.WriteString("end", EndName(change.End));
            json.WritePropertyName("before");
            WriteContents(change.Before, json);
            json.WritePropertyName("after");
            WriteContents(change.After, json);
            // Only for lots, so that reports of cellars without lots keep their shape.
            if (change.BeforeLot is { } beforeLot)
            {
                json.WriteString("beforeLot", beforeLot);
            }

            if (change.AfterLot is { } afterLot)
            {
                json.WriteString("afterLot", afterLot);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("leftoverBlendVolume", ReportNumbers.Normalise(unit.ToDecimal(after.LeftoverBlendVolume)));
        json.WriteStartArray("movedNotUsed");
        foreach (var moved in after.MovedNotUsed)
        {
            json.WriteStartObject();
            json.WriteString("wine", moved.Wine);
            json.WriteNumber("volume", decimal.Parse(unit.Format(moved.Volume), CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteContents(Composition? contents, Utf8JsonWriter json)
    {
        if (contents is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        foreach (var (wine, share) in contents.Shares)
        {
            json.WriteNumber(wine, ReportNumbers.PercentValue(share, ReportNumbers.MachineDecimals));
        }

        json.WriteEndObject();
    }

    private static void Row(TextWriter writer, IReadOnlyList<string> cells, int[] widths)
    {
        var line = string.Join("  ", cells.Select((c, i) => i == 1 ? c.PadLeft(widths[i]) : c.PadRight(widths[i])));
        writer.Write("  ");
        writer.Write(line.TrimEnd());
        writer.Write('\n');
    }

    private static string Plural(int count, string word) => count == 1 ? word : word + "s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
