using System.Globalization;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Writes a plan as a work order a cellar hand can follow: per step and transfer, which tanks to
/// empty (with what they hold) and which to fill, and what each transfer's blend is.
/// </summary>
internal static class WorkOrderWriter
{
    public static void Write(TextWriter writer, Cellar cellar, Plan plan, BlendReport report)
    {
        var unit = cellar.Unit;
        var idWidth = Math.Max(4, plan.Transfers.SelectMany(t => t.From.Concat(t.To)).Max(l => l.TankId.Length));
        var volumeWidth = plan.Transfers.SelectMany(t => t.From.Concat(t.To)).Max(l => unit.Format(l.Volume).Length);
        var holds = cellar.Tanks.ToDictionary(t => t.Id, t => t.Lot is { } lot ? "lot: " + lot.Name : t.Content ?? "empty", StringComparer.Ordinal);
        var final = plan.FinalTransfer!;
        var firstWithBlend = new Dictionary<Composition, int>();

        writer.WriteLine(Invariant($"Work order: {plan.StepCount} {Plural(plan.StepCount, "step")}, {plan.TransferCount} {Plural(plan.TransferCount, "transfer")}. Transfers of one step can run at the same time."));
        // The cellar hand reads a lot by its name; its make-up, once, is what the blend report adds up.
        var lots = plan.Transfers.SelectMany(t => t.From)
            .Select(f => cellar.ById.GetValueOrDefault(f.TankId)?.Lot)
            .OfType<Lot>()
            .DistinctBy(l => l.Name, StringComparer.Ordinal)
            .OrderBy(l => l.Name, StringComparer.Ordinal);
        foreach (var lot in lots)
        {
            writer.WriteLine(Invariant($"Lot {lot.Name}: {Describe(lot.Composition)}."));
        }

        foreach (var step in plan.Steps)
        {
            writer.WriteLine();
            writer.WriteLine(Invariant($"Step {step.Number}"));
            var filled = new List<(string TankId, string Holds)>();
            foreach (var transfer in step.Transfers)
            {
                var isFinal = ReferenceEquals(transfer, final);
                // A transfer whose sources all hold the same wine (or lot, or earlier blend) mixes nothing:
                // the cellar master reads it as a move, not as a blend to taste.
                var mixesNothing = transfer.From.Select(s => holds[s.TankId]).Distinct(StringComparer.Ordinal).Count() == 1;
                var title = isFinal ? "final blend"
                    : !mixesNothing ? "blend"
                    : transfer.From.Length > 1 ? "move"
                    : transfer.To.Length > 1 ? $"split {transfer.From[0].TankId}"
                    : $"move {transfer.From[0].TankId}";
                writer.WriteLine(Invariant($"  Transfer {transfer.Number} ({title}): {unit.Format(transfer.VolumeFilled)} {unit.Label}"));
                foreach (var source in transfer.From)
                {
                    var capacity = cellar.ById[source.TankId].Capacity;
                    var drawn = source.Volume == capacity
                        ? Invariant($"{unit.Format(source.Volume).PadLeft(volumeWidth)} {unit.Label}")
                        : Invariant($"{unit.Format(source.Volume).PadLeft(volumeWidth)} {unit.Label} of {unit.Format(capacity)} (waste {unit.Format(capacity - source.Volume)} {unit.Label})");
                    writer.WriteLine(Invariant($"    from {source.TankId.PadRight(idWidth)}  {drawn}  {holds[source.TankId]}"));
                }

                foreach (var target in transfer.To)
                {
                    writer.WriteLine(Invariant($"    to   {target.TankId.PadRight(idWidth)}  {unit.Format(target.Volume).PadLeft(volumeWidth)} {unit.Label}"));
                }

                var blend = report.TransferBlends.GetValueOrDefault(transfer.Number);
                var description = blend is null ? "?" : Describe(blend);
                if (isFinal)
                {
                    writer.WriteLine(Invariant($"    the targets now hold the final blend ({blend?.Shares.Count ?? 0} {Plural(blend?.Shares.Count ?? 0, "wine")}; see the report)"));
                }
                else if (blend is not null && !blend.IsPure && cellar.NameOf(blend) is null)
                {
                    // Multi-level plans often move or split a blend unchanged: say so rather than repeat a long composition.
                    if (firstWithBlend.TryGetValue(blend, out var earlier))
                    {
                        writer.WriteLine(Invariant($"    blend {transfer.Number}: same as blend {earlier}"));
                    }
                    else
                    {
                        firstWithBlend[blend] = transfer.Number;
                        writer.WriteLine(Invariant($"    blend {transfer.Number}: {description}"));
                    }
                }

                var label = blend is null ? "?"
                    : blend.IsPure ? blend.Shares.Keys.First()
                    : cellar.NameOf(blend) is { } lotName ? "lot: " + lotName
                    : $"blend {transfer.Number}";
                filled.AddRange(transfer.To.Select(t => (t.TankId, label)));
                foreach (var source in transfer.From)
                {
                    holds[source.TankId] = "empty";
                }
            }

            foreach (var (tankId, label) in filled)
            {
                holds[tankId] = label;
            }
        }

        writer.WriteLine();
    }

    private static string Describe(Composition blend) => CellarAfterWriter.Describe(blend);

    private static string Plural(int count, string word) => count == 1 ? word : word + "s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
