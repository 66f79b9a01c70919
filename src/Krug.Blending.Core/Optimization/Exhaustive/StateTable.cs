using System.Runtime.InteropServices;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>
/// The cellar states kept by the search, in flat arrays: a state is a number, its key (a content
/// id per canonical slot) a slice of one pool, and the step that reached it a slice of another.
/// Millions of states then cost about 100 bytes each and give the garbage collector almost nothing
/// to trace. Each key maps to the latest state kept for it.
/// </summary>
internal sealed class StateTable
{
    private readonly int _slots;
    private readonly List<State> _states = [];
    private readonly List<int> _steps = [];
    private readonly HashSet<int> _index;
    private readonly HashSet<int>.AlternateLookup<ReadOnlySpan<int>> _lookup;
    private int[] _keys;

    public StateTable(int slots)
    {
        _slots = slots;
        _keys = new int[Math.Max(1, slots) * 1024];
        _index = new HashSet<int>(new KeyComparer(this));
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<int>>();
    }

    /// <summary>How many states are stored.</summary>
    public int Count => _states.Count;

    /// <summary>The key of state <paramref name="state"/>. Valid until the next <see cref="Add"/>.</summary>
    public ReadOnlySpan<int> Contents(int state) => _keys.AsSpan(state * _slots, _slots);

    /// <summary>The state the step came from, -1 for the initial cellar.</summary>
    public int Parent(int state) => _states[state].Parent;

    /// <summary>Steps from the initial cellar.</summary>
    public int Level(int state) => _states[state].Level;

    /// <summary>Fewest transfers known to reach the state in <see cref="Level"/> steps.</summary>
    public int Transfers(int state) => _states[state].Transfers;

    /// <summary>The step from the parent: per transfer, source count, target count, then the parent's slots.</summary>
    public ReadOnlySpan<int> Step(int state) =>
        CollectionsMarshal.AsSpan(_steps).Slice(_states[state].StepStart, _states[state].StepLength);

    /// <summary>The state last stored under <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<int> key) => _lookup.TryGetValue(key, out var state) ? state : -1;

    /// <summary>Stores a state; from now on its key finds it.</summary>
    public int Add(ReadOnlySpan<int> key, int parent, int level, int transfers, ReadOnlySpan<int> step)
    {
        var state = _states.Count;
        if ((state + 1) * _slots > _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
        }

        key.CopyTo(_keys.AsSpan(state * _slots, _slots));
        _states.Add(new State(parent, level, transfers, _steps.Count, step.Length));
        _steps.AddRange(step);
        if (_lookup.TryGetValue(key, out var previous))
        {
            _index.Remove(previous);
        }

        _index.Add(state);
        return state;
    }

    /// <summary>Records a better way (fewer transfers, same level) to reach a stored state.</summary>
    public void Improve(int state, int parent, int transfers, ReadOnlySpan<int> step)
    {
        CollectionsMarshal.AsSpan(_states)[state] = _states[state] with
        {
            Parent = parent,
            Transfers = transfers,
            StepStart = _steps.Count,
            StepLength = step.Length,
        };
        _steps.AddRange(step);
    }

    private readonly record struct State(int Parent, int Level, int Transfers, int StepStart, int StepLength);

    /// <summary>Compares states by key, and looks keys up from a span without storing them.</summary>
    private sealed class KeyComparer(StateTable table) : IEqualityComparer<int>, IAlternateEqualityComparer<ReadOnlySpan<int>, int>
    {
        public bool Equals(int x, int y) => x == y || table.Contents(x).SequenceEqual(table.Contents(y));

        public int GetHashCode(int obj) => Hash(table.Contents(obj));

        public bool Equals(ReadOnlySpan<int> alternate, int other) => alternate.SequenceEqual(table.Contents(other));

        public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);

        // Keys enter the set through Add with their state number, never from a span.
        public int Create(ReadOnlySpan<int> alternate) => throw new NotSupportedException();

        private static int Hash(ReadOnlySpan<int> key)
        {
            var hash = default(HashCode);
            hash.AddBytes(MemoryMarshal.AsBytes(key));
            return hash.ToHashCode();
        }
    }
}
