namespace Krug.Blending.Cli.Csv;

/// <summary>
/// Collects the errors of one file up to a cap: the user fixes a whole file in one go, yet a file
/// in the wrong format does not print a thousand lines.
/// </summary>
internal sealed class ErrorList(string file)
{
    /// <summary>Most errors reported for one file.</summary>
    public const int Cap = 20;

    private readonly List<InputError> _errors = [];
    private bool _truncated;

    public int Count => _errors.Count;

    public bool IsFull => _errors.Count >= Cap;

    public void Add(int? line, int? column, string message)
    {
        if (IsFull)
        {
            _truncated = true;
            return;
        }

        _errors.Add(new InputError(file, line, column, message));
    }

    /// <summary>Notes that reading stopped at the cap, so more errors may follow.</summary>
    public void Stop() => _truncated = true;

    /// <summary>The errors in file order, with a closing note when reading stopped at the cap.</summary>
    public IReadOnlyList<InputError> ToList()
    {
        var sorted = _errors.OrderBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0).ToList();
        if (_truncated)
        {
            sorted.Add(new InputError(file, null, null, $"stopped after {Cap} errors; fix them and run again to see the rest"));
        }

        return sorted;
    }
}
