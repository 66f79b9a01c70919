using System.Runtime.InteropServices;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Optimization.Exhaustive;

/// <summary>Why a search stopped before it had considered every plan within the bounds.</summary>
internal enum SearchStop
{
    /// <summary>It did not stop early: the search is complete.</summary>
    None,

    /// <summary>The deterministic work limit derived from the time limit was reached.</summary>
    WorkLimit,

    /// <summary>The budget's deadline was reached before its work limit.</summary>
    WallClock,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>The state table reached its memory cap.</summary>
    StateLimit,
}

/// <summary>What the search believes of its best plan, before the plan is rebuilt and replayed.</summary>
/// <param name="MaxDeviation">Exact L∞ share of the final blend.</param>
/// <param name="Volume">Final blend volume, in volume units.</param>
/// <param name="LeftoverBlends">Capacity left holding mixtures that are not the blend (only when the request allows it).</param>
/// <param name="Transfers">Transfers on the search path to the final transfer, the final one included.</param>
/// <param name="Steps">Steps on that path.</param>
internal sealed record SearchBelief(Fraction MaxDeviation, long Volume, long LeftoverBlends, int Transfers, int Steps);

/// <summary>
/// Breadth-first search over cellar states, one level per step. A state is the content of every
/// usable tank; tanks of equal capacity are sorted by content id, so interchangeable tanks give one
/// key. A level holds the states whose fewest transfers improved at that step count; any other
/// arrival is dominated (as many steps or more, as many transfers or more, same future). From every
/// kept state each possible transfer is scored as the plan's final transfer, and every set of
/// transfers on disjoint tanks is applied as the next step.
/// </summary>
internal sealed partial class CellarSearch
{
    private const int CheckEvery = 1024;

    private readonly BlendRequest _request;
    private readonly PlanOrder _order;
    private readonly Budget _budget;
    private readonly BlendTable _table;
    private readonly long[] _capacity;
    private readonly int[] _groupStart;
    private readonly int[] _groupEnd;
    private readonly int[] _rootTanks;
    private readonly int _maxSteps;
    private readonly int _maxTransfers;
    private readonly long _minVolume;
    private readonly long _maxVolume;
    private readonly long _volumeCeiling;
    private readonly long _workLimit;
    private readonly CancellationToken _cancellation;
    private readonly ProgressReporter _progress;

    private readonly StateTable _states;
    private readonly int _maxStates;

    // Scratch for the state being processed; reused to keep the inner loops allocation-free.
    private readonly List<TankClass> _full = [];
    private readonly List<TankClass> _empty = [];
    private readonly List<int> _sourceMix = [];
    private readonly List<long> _sourceVolume = [];
    private readonly List<double> _sourceApprox = [];
    private readonly List<int> _sourceCounts = [];
    private readonly List<long> _targetVolume = [];
    private readonly List<int> _targetCounts = [];
    private readonly List<TargetKey> _targetOrder = [];
    private readonly List<(int Source, int Target)> _transferTypes = [];
    private readonly List<int> _stepSlots = [];
    private readonly int[] _working;
    private readonly int[] _scratch;
    private double[] _amounts = [];
    private int[] _takenFull = [];
    private int[] _takenEmpty = [];
    private readonly List<int> _nextLevel = [];

    private long _work;
    private SearchStop _stop;
    private int _level;

    private BestPlan? _best;

    public CellarSearch(
        IReadOnlyList<Tank> tanks,
        BlendTable table,
        BlendRequest request,
        PlanOrder planOrder,
        Budget budget,
        long workLimit,
        int maxStates,
        ProgressReporter progress,
        CancellationToken cancellation)
    {
        _request = request;
        _order = planOrder;
        _budget = budget;
        _table = table;
        _progress = progress;
        _cancellation = cancellation;
        _workLimit = workLimit;
        _maxStates = maxStates;
        _maxSteps = request.MaxSteps;
        _maxTransfers = request.MaxTransfers ?? int.MaxValue;
        _minVolume = request.Volume.Min;
        _maxVolume = request.Volume.Max;

        // Slots in capacity order: equal capacities are adjacent, which is what canonical keys sort within.
        var order = Enumerable.Range(0, tanks.Count).OrderBy(i => tanks[i].Capacity).ThenBy(i => i).ToArray();
        _capacity = [.. order.Select(i => tanks[i].Capacity)];
        var starts = new List<int>();
        var ends = new List<int>();
        for (var slot = 0; slot < order.Length; slot++)
        {
            if (slot == 0 || _capacity[slot] != _capacity[slot - 1])
            {
                if (slot > 0)
                {
                    ends.Add(slot);
                }

                starts.Add(slot);
            }
        }

        ends.Add(order.Length);
        _groupStart = [.. starts];
        _groupEnd = [.. ends];
        _states = new StateTable(order.Length);
        _working = new int[order.Length];
        _scratch = new int[order.Length];

        var root = order.Select(i => tanks[i].Contents is { } contents ? table.Of(contents) : BlendTable.Empty).ToArray();
        _rootTanks = order;
        Canonicalize(root, _rootTanks);
        RootContents = root;

        var totalWine = tanks.Where(t => t.IsFull).Sum(t => t.Capacity);
        var totalEmpty = tanks.Where(t => !t.IsFull).Sum(t => t.Capacity);
        _volumeCeiling = Math.Min(Math.Min(totalWine, totalEmpty), _maxVolume);
    }

    /// <summary>The canonical contents of the initial cellar.</summary>
    public int[] RootContents { get; }

    /// <summary>Why the search stopped early, or <see cref="SearchStop.None"/> when it is complete.</summary>
    public SearchStop Stop => _stop;

    /// <summary>Cellar states stored.</summary>
    public long StatesExplored => _states.Count;

    /// <summary>How many step levels were searched completely.</summary>
    public int LevelsSearched { get; private set; }

    public SearchBelief? Belief => _best is { } best
        ? new SearchBelief(_table.MaxDeviation(best.Mix), best.Volume, best.Score.LeftoverBlends, best.Transfers, best.Steps)
        : null;

    /// <summary>Work units the search used (states generated, transfers scored, sets enumerated).</summary>
    public long Work => _work;

    public void Run()
    {
        var rootIndex = _states.Add(RootContents, parent: -1, level: 0, transfers: 0, step: []);
        var current = new List<int> { rootIndex };
        for (_level = 0; _level < _maxSteps && current.Count > 0; _level++)
        {
            _nextLevel.Clear();
            var expand = _level + 1 < _maxSteps;
            foreach (var nodeIndex in current)
            {
                if (_cancellation.IsCancellationRequested)
                {
                    _stop = SearchStop.Cancelled;
                }

                if (_stop != SearchStop.None || !Classify(nodeIndex, out var floor))
                {
                    continue;
                }

                var transfers = _states.Transfers(nodeIndex);
                var score = MayImprove(floor, transfers + 1, _level + 1);
                if (!score && !(expand && MayImprove(floor, transfers + 2, _level + 2)))
                {
                    continue;
                }

                EnumerateChoices();
                if (score)
                {
                    ScoreFinals(nodeIndex);
                }

                // Re-checked: scoring may just have found a plan this state cannot improve on.
                if (expand && _stop == SearchStop.None && MayImprove(floor, transfers + 2, _level + 2))
                {
                    Expand(nodeIndex);
                }
            }

            if (_stop != SearchStop.None)
            {
                break;
            }

            LevelsSearched = _level + 1;
            current = [.. _nextLevel];
        }
    }

    /// <summary>
    /// Rebuilds the best plan as transfers on tank indices (into the list given to the constructor),
    /// in the order the search applied them, the final transfer last; <see langword="null"/> without a plan.
    /// </summary>
    public IReadOnlyList<(int[] From, int[] To)>? BestSequence()
    {
        if (_best is not { } best)
        {
            return null;
        }

        var path = new List<int>();
        for (var index = best.Node; index >= 0; index = _states.Parent(index))
        {
            path.Add(index);
        }

        path.Reverse();
        var physical = (int[])_rootTanks.Clone();
        var sequence = new List<(int[] From, int[] To)>();
        for (var i = 1; i < path.Count; i++)
        {
            var parent = _states.Contents(path[i - 1]).ToArray();
            var working = (int[])parent.Clone();
            var step = _states.Step(path[i]).ToArray();
            var position = 0;
            while (position < step.Length)
            {
                var sources = step.AsSpan(position + 2, step[position]);
                var targets = step.AsSpan(position + 2 + step[position], step[position + 1]);
                var mix = MixOf(parent, sources);
                sequence.Add((Map(sources, physical), Map(targets, physical)));
                foreach (var slot in sources)
                {
                    working[slot] = BlendTable.Empty;
                }

                foreach (var slot in targets)
                {
                    working[slot] = mix;
                }

                position += 2 + step[position] + step[position + 1];
            }

            Canonicalize(working, physical);
            if (!working.AsSpan().SequenceEqual(_states.Contents(path[i])))
            {
                throw new InvalidOperationException("Replaying the exhaustive search path did not reproduce its states (a bug).");
            }
        }

        sequence.Add((Map(best.Sources, physical), Map(best.Targets, physical)));
        return sequence;
    }

    private static int[] Map(ReadOnlySpan<int> slots, int[] physical)
    {
        var tanks = new int[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            tanks[i] = physical[slots[i]];
        }

        return tanks;
    }

    private int MixOf(int[] contents, ReadOnlySpan<int> sources)
    {
        var mix = contents[sources[0]];
        var volume = _capacity[sources[0]];
        foreach (var slot in sources[1..])
        {
            mix = _table.Mix(mix, volume, contents[slot], _capacity[slot]);
            volume += _capacity[slot];
        }

        return mix;
    }

    /// <summary>
    /// Splits the state into classes of interchangeable tanks, and bounds the accuracy of every blend
    /// it can still lead to (zero, unused, while there is no plan to beat). Returns
    /// <see langword="false"/> when no transfer is possible.
    /// </summary>
    private bool Classify(int nodeIndex, out Fraction floor)
    {
        floor = Fraction.Zero;
        var contents = _states.Contents(nodeIndex);
        _full.Clear();
        _empty.Clear();
        for (var g = 0; g < _groupStart.Length; g++)
        {
            var slot = _groupStart[g];
            while (slot < _groupEnd[g])
            {
                var first = slot;
                while (slot < _groupEnd[g] && contents[slot] == contents[first])
                {
                    slot++;
                }

                var tankClass = new TankClass(contents[first], _capacity[first], first, slot - first);
                (contents[first] == BlendTable.Empty ? _empty : _full).Add(tankClass);
            }
        }

        if (_full.Count == 0 || _empty.Count == 0)
        {
            return false;
        }

        if (_best is null)
        {
            return true;
        }

        Span<int> fullIds = stackalloc int[_full.Count];
        for (var c = 0; c < _full.Count; c++)
        {
            fullIds[c] = _full[c].Content;
        }

        floor = _table.Rank(_table.DeviationFloor(fullIds));
        return true;
    }

    private void Expand(int nodeIndex)
    {
        _transferTypes.Clear();
        for (var s = 0; s < _sourceMix.Count; s++)
        {
            var position = FirstTargetPosition(_sourceVolume[s]);
            if (position < 0)
            {
                continue;
            }

            SourceMix(s);
            for (; position < _targetOrder.Count && _targetOrder[position].Volume == _sourceVolume[s]; position++)
            {
                if (!LeavesStateUnchanged(s, _targetOrder[position].Index))
                {
                    _transferTypes.Add((s, _targetOrder[position].Index));
                }
            }
        }

        if (_takenFull.Length < _full.Count)
        {
            _takenFull = new int[_full.Count];
        }

        if (_takenEmpty.Length < _empty.Count)
        {
            _takenEmpty = new int[_empty.Count];
        }

        Array.Clear(_takenFull);
        Array.Clear(_takenEmpty);
        _states.Contents(nodeIndex).CopyTo(_working);
        _stepSlots.Clear();
        ChooseTransfers(nodeIndex, 0, 0);
    }

    /// <summary>
    /// Whether the transfer only moves one content into tanks of the same capacities: the state
    /// key does not change, so in a step it would only add a transfer.
    /// </summary>
    private bool LeavesStateUnchanged(int source, int target)
    {
        var sourceCounts = CollectionsMarshal.AsSpan(_sourceCounts).Slice(source * _full.Count, _full.Count);
        var targetCounts = CollectionsMarshal.AsSpan(_targetCounts).Slice(target * _empty.Count, _empty.Count);
        var content = BlendTable.Empty;
        for (var c = 0; c < sourceCounts.Length; c++)
        {
            if (sourceCounts[c] == 0)
            {
                continue;
            }

            if (content != BlendTable.Empty && content != _full[c].Content)
            {
                return false;
            }

            content = _full[c].Content;
        }

        for (var e = 0; e < targetCounts.Length; e++)
        {
            var sameCapacity = 0;
            for (var c = 0; c < sourceCounts.Length; c++)
            {
                if (_full[c].Capacity == _empty[e].Capacity)
                {
                    sameCapacity += sourceCounts[c];
                }
            }

            if (sameCapacity != targetCounts[e])
            {
                return false;
            }
        }

        // Equal volumes and equal counts at every target capacity leave no source tank unmatched.
        return true;
    }

    /// <summary>
    /// Adds every transfer type from <paramref name="start"/> on to the step being built (types in
    /// non-decreasing order, so each set of transfers is built once) and emits the resulting state.
    /// </summary>
    private void ChooseTransfers(int nodeIndex, int start, int chosen)
    {
        // One more transfer in this step, and the final one, must fit the transfer bound.
        if (_states.Transfers(nodeIndex) + chosen + 2 > _maxTransfers)
        {
            return;
        }

        var fullCount = _full.Count;
        var emptyCount = _empty.Count;
        for (var i = start; i < _transferTypes.Count && _stop == SearchStop.None; i++)
        {
            var (source, target) = _transferTypes[i];
            var sourceCounts = CollectionsMarshal.AsSpan(_sourceCounts).Slice(source * fullCount, fullCount);
            var targetCounts = CollectionsMarshal.AsSpan(_targetCounts).Slice(target * emptyCount, emptyCount);
            if (!Fits(sourceCounts, _full, _takenFull) || !Fits(targetCounts, _empty, _takenEmpty))
            {
                continue;
            }

            var mark = _stepSlots.Count;
            _stepSlots.Add(Total(sourceCounts));
            _stepSlots.Add(Total(targetCounts));
            Take(sourceCounts, _full, _takenFull, BlendTable.Empty);
            Take(targetCounts, _empty, _takenEmpty, _sourceMix[source]);

            Emit(nodeIndex, chosen + 1);
            ChooseTransfers(nodeIndex, i, chosen + 1);

            Give(sourceCounts, _takenFull);
            Give(targetCounts, _takenEmpty);
            var parent = _states.Contents(nodeIndex);
            for (var k = mark + 2; k < _stepSlots.Count; k++)
            {
                _working[_stepSlots[k]] = parent[_stepSlots[k]];
            }

            _stepSlots.RemoveRange(mark, _stepSlots.Count - mark);
        }
    }

    private static int Total(ReadOnlySpan<int> counts)
    {
        var total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        return total;
    }

    private static bool Fits(ReadOnlySpan<int> counts, List<TankClass> classes, int[] taken)
    {
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] > classes[c].Count - taken[c])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Takes the lowest free slots of each class: equal tanks are interchangeable, so any would do.</summary>
    private void Take(ReadOnlySpan<int> counts, List<TankClass> classes, int[] taken, int content)
    {
        for (var c = 0; c < counts.Length; c++)
        {
            for (var k = 0; k < counts[c]; k++)
            {
                var slot = classes[c].First + taken[c] + k;
                _working[slot] = content;
                _stepSlots.Add(slot);
            }

            taken[c] += counts[c];
        }
    }

    private static void Give(ReadOnlySpan<int> counts, int[] taken)
    {
        for (var c = 0; c < counts.Length; c++)
        {
            taken[c] -= counts[c];
        }
    }

    private void Emit(int parentIndex, int transfersInStep)
    {
        Spend(1);
        _working.CopyTo(_scratch, 0);
        Canonicalize(_scratch, null);
        var transfers = _states.Transfers(parentIndex) + transfersInStep;
        var level = _level + 1;

        // The final transfer is still to come.
        if (transfers >= _maxTransfers)
        {
            return;
        }

        var existing = _states.Find(_scratch);
        if (existing >= 0)
        {
            if (_states.Transfers(existing) <= transfers)
            {
                return;
            }

            if (_states.Level(existing) == level)
            {
                _states.Improve(existing, parentIndex, transfers, CollectionsMarshal.AsSpan(_stepSlots));
                return;
            }
        }

        if (_states.Count >= _maxStates)
        {
            _stop = SearchStop.StateLimit;
            return;
        }

        _nextLevel.Add(_states.Add(_scratch, parentIndex, level, transfers, CollectionsMarshal.AsSpan(_stepSlots)));
    }

    /// <summary>
    /// Sorts the content ids within each group of equal capacity (stable insertion sort: groups are
    /// small), moving <paramref name="companion"/> along when given.
    /// </summary>
    private void Canonicalize(Span<int> contents, int[]? companion)
    {
        for (var g = 0; g < _groupStart.Length; g++)
        {
            for (var i = _groupStart[g] + 1; i < _groupEnd[g]; i++)
            {
                var key = contents[i];
                var carried = companion?[i] ?? 0;
                var j = i - 1;
                while (j >= _groupStart[g] && contents[j] > key)
                {
                    contents[j + 1] = contents[j];
                    if (companion is not null)
                    {
                        companion[j + 1] = companion[j];
                    }

                    j--;
                }

                contents[j + 1] = key;
                if (companion is not null)
                {
                    companion[j + 1] = carried;
                }
            }
        }
    }

    private void Spend(long units)
    {
        _work += units;
        if (_work % CheckEvery != 0 && _work < _workLimit)
        {
            return;
        }

        if (_work >= _workLimit)
        {
            _stop = SearchStop.WorkLimit;
        }
        else if (_cancellation.IsCancellationRequested)
        {
            _stop = SearchStop.Cancelled;
        }
        else if (_budget.TimeLeft <= TimeSpan.Zero)
        {
            _stop = SearchStop.WallClock;
            _budget.NoteWallClockCutIn();
        }
    }

    /// <summary>A target choice by volume, then enumeration order, so that the first of a volume is always the same.</summary>
    private readonly record struct TargetKey(long Volume, int Index) : IComparable<TargetKey>
    {
        public int CompareTo(TargetKey other) => Volume != other.Volume ? Volume.CompareTo(other.Volume) : Index.CompareTo(other.Index);
    }

    /// <summary>Tanks of one capacity holding one content: slots <c>First .. First+Count-1</c>.</summary>
    private readonly record struct TankClass(int Content, long Capacity, int First, int Count);

    private sealed record BestPlan(int Node, int[] Sources, int[] Targets, int Mix, Fraction Ranked, double TopApprox, PlanScore Score)
    {
        public long Volume => Score.Volume;

        public int Transfers => Score.Transfers;

        public int Steps => Score.Steps;
    }
}
