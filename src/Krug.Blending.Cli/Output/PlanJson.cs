using Krug.Blending.Cli.Commands;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;

namespace Krug.Blending.Cli.Output;

/// <summary>The JSON document of <c>plan --format json</c>: status, plan rows and blend report.</summary>
internal static class PlanJson
{
    public static void Write(TextWriter writer, PlanningResult result, BlendRequest request, VolumeUnit unit, Rollups? rollups = null, EffectiveOptions? options = null) =>
        JsonOutput.Write(writer, json =>
        {
            json.WriteStartObject();
            json.WriteString("status", JsonOutput.Name(result.Status));
            json.WriteString("verdict", result.Verdict.Summary);
            json.WriteBoolean("offFormula", result.Verdict.OffFormula);
            json.WriteStartArray("warnings");
            foreach (var warning in result.Verdict.Warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
            json.WriteBoolean("interrupted", result.Interrupted);
            json.WriteBoolean("wallClockCutIn", result.WallClockCutIn);
            json.WriteString("strategy", result.Strategy);
            json.WriteString("message", result.Message);
            if (result.Limits is { } limits)
            {
                json.WriteStartObject("volumeLimits");
                json.WriteNumber("formulaLimited", unit.ToDecimal(limits.FormulaLimitedFloor));
                json.WriteString("limitingWine", limits.LimitingWine);
                json.WriteNumber("emptyRoom", unit.ToDecimal(limits.EmptyRoom));
                json.WriteNumber("usableWine", unit.ToDecimal(limits.UsableWine));
                json.WriteEndObject();
            }

            json.WriteStartObject("volumeAsked");
            json.WriteNumber("min", unit.ToDecimal(request.Volume.Min));
            if (request.Volume.Max == long.MaxValue)
            {
                json.WriteNull("max");
            }
            else
            {
                json.WriteNumber("max", unit.ToDecimal(request.Volume.Max));
            }

            if (request.Volume.Target is { } target)
            {
                json.WriteNumber("target", unit.ToDecimal(target));
            }
            else
            {
                json.WriteNull("target");
            }

            json.WriteEndObject();
            if (result.BoundPp is { } bound)
            {
                json.WriteNumber("boundPp", Math.Round(bound, 6));
            }
            else
            {
                json.WriteNull("boundPp");
            }

            json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteNumber("workSpent", Math.Round(result.WorkSpent, 3));
            json.WritePropertyName("plan");
            if (result.Plan is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteStartArray();
                foreach (var row in result.Plan.ToRows())
                {
                    json.WriteStartObject();
                    json.WriteNumber("step", row.Step);
                    json.WriteNumber("transfer", row.Transfer);
                    json.WriteString("tank", row.TankId);
                    json.WriteString("role", JsonOutput.Name(row.Role));
                    json.WriteNumber("volume", unit.ToDecimal(row.Volume));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WritePropertyName("blend");
            if (result.Blend is null)
            {
                json.WriteNullValue();
            }
            else
            {
                BlendReportWriter.WriteJsonObject(result.Blend, unit, json, rollups);
            }

            if (options is not null)
            {
                json.WritePropertyName("options");
                options.WriteJson(json);
            }

            json.WriteEndObject();
        });
}
