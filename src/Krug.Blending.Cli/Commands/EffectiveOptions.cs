using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// Every option a command runs with once the options file, the command line and the defaults are
/// merged, by name without dashes: what the run really took, echoed on standard error and in the
/// JSON outputs. Written as a JSON object it is itself a valid options file for the same command
/// (paths as the tool used them), so a run can be repeated from its own report.
/// </summary>
internal sealed class EffectiveOptions
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private EffectiveOptions(IReadOnlyList<(string Name, object Value)> values) => Values = values;

    /// <summary>Each option with a value, in the command's option order; options without a value (not given, no default) are left out.</summary>
    public IReadOnlyList<(string Name, object Value)> Values { get; }

    /// <summary>The options of the command <paramref name="parseResult"/> runs, with the global ones it was given.</summary>
    public static EffectiveOptions From(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var values = new List<(string, object)>();
        var command = parseResult.CommandResult.Command;
        foreach (var option in command.Options.Concat(GlobalOptions.All))
        {
            if (option is System.CommandLine.Help.HelpOption or VersionOption || ReferenceEquals(option, OptionsFile.Option))
            {
                continue;
            }

            if (parseResult.GetResult(option) is not { } result || result.GetValueOrDefault<object?>() is not { } value)
            {
                continue;
            }

            // Global flags only when given: every command has them, and off is what nobody asks.
            if (GlobalOptions.All.Contains(option) && value is false)
            {
                continue;
            }

            if (value is string[] { Length: 0 })
            {
                continue;
            }

            values.Add((OptionsFile.KeyOf(option), value));
        }

        return new EffectiveOptions(values);
    }

    /// <summary>Writes the options as one JSON object, values in their JSON types.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        foreach (var (name, value) in Values)
        {
            json.WritePropertyName(name);
            switch (value)
            {
                case bool flag:
                    json.WriteBooleanValue(flag);
                    break;
                case string text:
                    json.WriteStringValue(text);
                    break;
                case string[] list:
                    json.WriteStartArray();
                    foreach (var item in list)
                    {
                        json.WriteStringValue(item);
                    }

                    json.WriteEndArray();
                    break;
                case char delimiter:
                    json.WriteStringValue(delimiter == '\t' ? "tab" : delimiter.ToString());
                    break;
                case decimal number:
                    json.WriteNumberValue(number / 1.000000000000000000000000000000000m);
                    break;
                case double number:
                    json.WriteNumberValue(number);
                    break;
                case int number:
                    json.WriteNumberValue(number);
                    break;
                default:
                    json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        json.WriteEndObject();
    }

    /// <summary>The options as one line of JSON, for standard error.</summary>
    public string ToLine()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            WriteJson(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
