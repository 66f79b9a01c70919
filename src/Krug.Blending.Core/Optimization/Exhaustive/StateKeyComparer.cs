namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>
/// Compares cellar state keys (content id per canonical slot) by value, and lets the search look a
/// key up from a scratch span so that only states kept in the table allocate.
/// </summary>
internal sealed class StateKeyComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
{
    public static StateKeyComparer Instance { get; } = new();

    public bool Equals(int[]? x, int[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(int[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);

    public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<int> key)
    {
        var hash = default(HashCode);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(key));
        return hash.ToHashCode();
    }
}
