using Krug.Blending.Cli.Output;
using Serilog.Core;
using Serilog.Events;

namespace Krug.Blending.Cli.Logging;

/// <summary>
/// Escapes control characters in the values of every log event (see <see cref="TerminalText"/>):
/// messages quote tank and wine names, cells and paths, and standard error is usually a terminal.
/// The templates are the tool's own text and are left as they are.
/// </summary>
internal sealed class TerminalSafeEnricher : ILogEventEnricher
{
    /// <inheritdoc/>
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var safe = Escape(value);
            if (!ReferenceEquals(safe, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, safe));
            }
        }

        foreach (var property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    private static LogEventPropertyValue Escape(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                // Values are single lines: a line break in a file name must not forge a log line.
                var escaped = TerminalText.Escape(text);
                return ReferenceEquals(escaped, text) ? value : new ScalarValue(escaped);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Escape).ToList();
                return elements.SequenceEqual(sequence.Elements) ? value : new SequenceValue(elements);
            default:
                return value;
        }
    }
}
