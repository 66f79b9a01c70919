using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Krug.Blending.Cli.Output;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// Progress of a batch on standard error: a bar redrawn in place when standard error is a terminal,
/// one plain line per finished formula otherwise (logs, CI).
/// </summary>
internal sealed class BatchProgress(CliConsole console, ILogger logger, int total, bool bar)
{
    private const int BarWidth = 24;
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);
    private int _done;

    public void Started(string formula)
    {
        _running[formula] = 0;
        if (bar)
        {
            Draw();
        }
    }

    public void Finished(BatchRow row)
    {
        _running.TryRemove(row.Formula, out _);
        var done = Interlocked.Increment(ref _done);
        if (bar)
        {
            Draw();
            return;
        }

        var figures = row.Blend is { } blend
            ? string.Create(CultureInfo.InvariantCulture, $"{ReportNumbers.Format(blend.MaxDeviationPp, ReportNumbers.PointDecimals)} pp, {blend.Transfers} transfers")
            : row.Message;
        logger.Information(
            "[{Done}/{Total}] {Formula}: {Status} ({Figures}); elapsed {Elapsed} s",
            done, total, row.Formula, row.Status, figures, _clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
    }

    public void Done()
    {
        if (bar)
        {
            lock (_gate)
            {
                console.Error.Write('\n');
                console.Error.Flush();
            }
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            var done = Volatile.Read(ref _done);
            var filled = total == 0 ? BarWidth : done * BarWidth / total;
            var current = TerminalText.Escape(string.Join(", ", _running.Keys.Order(StringComparer.Ordinal)));
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{total}  {_clock.Elapsed.TotalSeconds:0.0} s  {current}");
            if (line.Length > 100)
            {
                line = line[..97] + "...";
            }

            console.Error.Write("\r" + line.PadRight(100));
            console.Error.Flush();
        }
    }
}
