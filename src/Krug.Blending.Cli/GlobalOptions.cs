using System.CommandLine;
using Serilog.Events;

namespace Krug.Blending.Cli;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    /// <summary>More detail on standard error, including the solver's own log.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Write detailed logs to standard error, including the solver's own log.",
        Recursive = true,
    };

    /// <summary>Only warnings and errors on standard error.</summary>
    public static Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Write only warnings and errors to standard error (no progress).",
        Recursive = true,
    };

    /// <summary>All global options.</summary>
    public static IReadOnlyList<Option> All { get; } = [Verbose, Quiet];

    /// <summary>The log level the command line asks for.</summary>
    public static LogEventLevel LogLevel(ParseResult parseResult) =>
        parseResult.GetValue(Verbose) ? LogEventLevel.Debug
        : parseResult.GetValue(Quiet) ? LogEventLevel.Warning
        : LogEventLevel.Information;
}
