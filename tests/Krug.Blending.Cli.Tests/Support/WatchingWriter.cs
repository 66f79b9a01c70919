using System.Globalization;

namespace Krug.Blending.Cli.Tests.Support;

/// <summary>
/// Standard error that runs an action once, when a flushed log line contains <paramref name="text"/>:
/// lets a test send Ctrl-C at a chosen moment of a run, as a signal would.
/// </summary>
internal sealed class WatchingWriter(string text, Action action) : StringWriter(CultureInfo.InvariantCulture)
{
    private bool _seen;

    public override void Flush()
    {
        base.Flush();
        if (!_seen && ToString().Contains(text, StringComparison.Ordinal))
        {
            _seen = true;
            action();
        }
    }
}
