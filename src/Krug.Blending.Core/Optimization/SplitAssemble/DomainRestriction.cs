using Google.OrTools.Sat;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>
/// Narrows variable domains in the model's proto for one solve and puts them back on dispose:
/// CP-SAT's C# model cannot be copied or have constraints removed, and fixed variables are what
/// its presolve removes best.
/// </summary>
internal sealed class DomainRestriction : IDisposable
{
    private readonly List<(IntegerVariableProto Proto, long[] Domain)> _saved = [];

    public void Fix(IntVar variable, long value) => Set(variable.Proto, value, value);

    public void Cap(IntVar variable, long upper) => Set(variable.Proto, variable.Proto.Domain[0], upper);

    private void Set(IntegerVariableProto proto, long lower, long upper)
    {
        _saved.Add((proto, [.. proto.Domain]));
        proto.Domain.Clear();
        proto.Domain.Add(lower);
        proto.Domain.Add(upper);
    }

    public void Dispose()
    {
        // In reverse, so that a variable narrowed twice gets its original domain back.
        for (var i = _saved.Count - 1; i >= 0; i--)
        {
            var (proto, domain) = _saved[i];
            proto.Domain.Clear();
            proto.Domain.Add(domain);
        }
    }
}
