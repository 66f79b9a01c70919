namespace Krug.Blending.Cli;

/// <summary>Where a command writes: requested output to <see cref="Out"/>, logs and progress to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output: only what the user asked for.</param>
/// <param name="Error">Standard error: logs, warnings, progress.</param>
/// <param name="IsErrorTerminal">Whether standard error is an interactive terminal (progress bars) rather than a pipe or file.</param>
/// <param name="IsOutputTerminal">Whether standard output is an interactive terminal (tables) rather than a pipe or file.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsOutputTerminal, bool IsErrorTerminal)
{
    /// <summary>The clock time limits are measured on (tests give a fake one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long the process had run before the command started (runtime start-up, loading the
    /// solver): the user's clock started then, so time limits count it.
    /// </summary>
    public TimeSpan StartUp { get; init; }

    /// <summary>
    /// The process's own console; one instance, because KrugCli recognises it by reference to handle Ctrl-C.
    /// On a terminal, standard output escapes control characters, whatever the format (see <see cref="Output.TerminalWriter"/>).
    /// </summary>
    public static CliConsole System { get; } = new(
        Console.IsOutputRedirected ? Console.Out : Output.TerminalWriter.For(Console.Out),
        Console.Error,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected)
    {
        StartUp = ProcessAge(),
    };

    private static TimeSpan ProcessAge()
    {
        using var process = global::System.Diagnostics.Process.GetCurrentProcess();
        var age = DateTime.Now - process.StartTime;
        return age > TimeSpan.Zero && age < TimeSpan.FromMinutes(1) ? age : TimeSpan.Zero;
    }
}
