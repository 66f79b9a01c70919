using System.Text;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// A text writer for people: what it passes on has every control character of
/// <see cref="TerminalText"/> escaped except line feeds and tabs, and its line end is the inner
/// writer's. Tables always go through it (a report read in a pager or an e-mail is still read by
/// people); standard output goes through it as a whole when it is a terminal, which covers CSV and
/// JSON printed there too. Redirected CSV and JSON are left exact, since scripts read them back.
/// </summary>
internal sealed class TerminalWriter : TextWriter
{
    private readonly TextWriter _inner;

    private TerminalWriter(TextWriter inner)
        : base(inner.FormatProvider)
    {
        _inner = inner;
    }

    /// <inheritdoc/>
    public override Encoding Encoding => _inner.Encoding;

    /// <summary><paramref name="inner"/> wrapped, unless it already is a terminal writer.</summary>
    public static TextWriter For(TextWriter inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return inner is TerminalWriter ? inner : new TerminalWriter(inner);
    }

    /// <inheritdoc/>
    public override void Write(char value)
    {
        if (TerminalText.IsControl(value) && value is not ('\n' or '\t'))
        {
            _inner.Write(TerminalText.Escape(value.ToString()));
        }
        else
        {
            _inner.Write(value);
        }
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        if (value is not null)
        {
            _inner.Write(TerminalText.EscapeKeepingLines(value));
        }
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer) => Write(buffer.ToString());

    /// <inheritdoc/>
    public override void WriteLine() => _inner.WriteLine();

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        Write(value);
        _inner.WriteLine();
    }

    /// <inheritdoc/>
    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override void Flush() => _inner.Flush();

    /// <inheritdoc/>
    public override Task FlushAsync() => _inner.FlushAsync();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
}
