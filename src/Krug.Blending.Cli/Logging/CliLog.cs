using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Krug.Blending.Cli.Logging;

/// <summary>Creates the logger of one command run: everything goes to standard error, never to standard output.</summary>
internal static class CliLog
{
    private const string Template = "[{Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>A logger writing to <paramref name="console"/>'s error writer at <paramref name="level"/> and above.</summary>
    public static Logger Create(CliConsole console, LogEventLevel level)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Is(level).Enrich.With(new TerminalSafeEnricher());
        if (ReferenceEquals(console.Error, Console.Error))
        {
            // standardErrorFromLevel: Verbose sends every level to stderr, so stdout carries only the requested output.
            return configuration.WriteTo.Console(
                outputTemplate: Template,
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger();
        }

        return configuration.WriteTo.Sink(new TextWriterSink(console.Error, new MessageTemplateTextFormatter(Template, CultureInfo.InvariantCulture)))
            .CreateLogger();
    }

    /// <summary>Writes log events to a text writer (tests capture standard error this way).</summary>
    private sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
    {
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_gate)
            {
                formatter.Format(logEvent, writer);
                writer.Flush();
            }
        }
    }
}
