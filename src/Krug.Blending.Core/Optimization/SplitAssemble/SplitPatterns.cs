using System.Collections.Immutable;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>What one source does in a pattern: poured whole, or split into pieces of which some are poured.</summary>
/// <param name="Source">Index into <see cref="SplitAssembleModel.Sources"/>.</param>
/// <param name="Split">The split, or <see langword="null"/> when the source is poured whole.</param>
internal sealed record SourceMove(int Source, SplitPattern? Split);

/// <summary>
/// A split of one source into empty tanks: pieces per capacity class (indices into
/// <see cref="SplitAssembleModel.Classes"/>), the pieces of each class poured into the blend, and
/// the volume poured, in model units.
/// </summary>
internal sealed record SplitPattern(ImmutableArray<int> Pieces, ImmutableArray<int> Used, long Poured);

/// <summary>
/// One way to deal with every tank of a wine, or with a group: the moves (sources not named are left
/// alone), the volume poured into the blend and the empty tanks taken per capacity class.
/// </summary>
internal sealed record PatternOption(long Poured, ImmutableArray<int> Pieces, ImmutableArray<SourceMove> Moves)
{
    /// <summary>Split transfers this option makes.</summary>
    public int Splits => Moves.Count(m => m.Split is not null);

    /// <summary>Empty tanks this option takes.</summary>
    public int PieceCount => Pieces.Sum();
}

/// <summary>
/// Enumerates the ways a tank can be split into the cellar's empty tanks and the ways a wine's
/// tanks can deliver about the volume the formula wants. All volumes are in model units.
/// </summary>
internal static class SplitPatterns
{
    /// <summary>
    /// Every split of a tank of <paramref name="capacity"/> into two to <paramref name="maxPieces"/>
    /// empty tanks whose capacities add up to it exactly, with every distinct volume poured (some but
    /// not all pieces: pouring every piece is pouring the tank whole, without taking empty tanks).
    /// </summary>
    public static IReadOnlyList<SplitPattern> Splits(long capacity, ImmutableArray<EmptyClass> classes, int maxPieces)
    {
        var result = new List<SplitPattern>();
        var pieces = new int[classes.Length];

        void Fill(int c, long rest, int count)
        {
            if (rest == 0)
            {
                if (count >= 2)
                {
                    AddPoured(pieces.ToImmutableArray());
                }

                return;
            }

            if (c < 0 || count == maxPieces)
            {
                return;
            }

            var size = classes[c].Capacity;
            var most = (int)Math.Min(Math.Min(classes[c].TankIds.Length, rest / size), maxPieces - count);
            for (var n = most; n >= 0; n--)
            {
                pieces[c] = n;
                Fill(c - 1, rest - n * size, count + n);
            }

            pieces[c] = 0;
        }

        void AddPoured(ImmutableArray<int> split)
        {
            var used = new int[split.Length];
            var seen = new HashSet<long>();

            void Choose(int c, long poured)
            {
                if (c == split.Length)
                {
                    if (poured > 0 && poured < capacity && seen.Add(poured))
                    {
                        result.Add(new SplitPattern(split, [.. used], poured));
                    }

                    return;
                }

                for (var n = 0; n <= split[c]; n++)
                {
                    used[c] = n;
                    Choose(c + 1, poured + n * classes[c].Capacity);
                }

                used[c] = 0;
            }

            Choose(0, 0);
        }

        Fill(classes.Length - 1, capacity, 0);
        return result;
    }

    /// <summary>
    /// Ways to deal with the tanks <paramref name="sources"/> of one wine: each left alone, poured
    /// whole or split (at most <paramref name="maxSplitTanks"/> of them), pouring between
    /// <paramref name="least"/> and <paramref name="most"/>. Options that pour the same volume into
    /// the same empty tanks are kept once.
    /// </summary>
    /// <remarks>
    /// Tanks of one capacity are interchangeable here: the enumeration chooses how many of them are
    /// split (and into what) and how many are poured whole, not which tank does what, so a wine held
    /// in many equal tanks costs a count, not every subset. The first tanks of
    /// <paramref name="sources"/> in each capacity act first. At most <paramref name="maxVisits"/>
    /// partial choices are visited, in a fixed order, so that no cellar makes this explode.
    /// </remarks>
    public static List<PatternOption> ForWine(
        IReadOnlyList<(int Source, long Capacity)> sources,
        Func<long, IReadOnlyList<SplitPattern>> splits,
        int maxSplitTanks,
        long least,
        long most,
        int classCount,
        int maxVisits = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(splits);
        var sets = sources
            .GroupBy(s => s.Capacity)
            .OrderBy(g => g.Key)
            .Select(g => (Capacity: g.Key, Sources: g.Select(s => s.Source).ToArray()))
            .ToArray();
        var options = new List<PatternOption>();
        var seen = new HashSet<(long, string)>();
        var moves = new List<SourceMove>();
        var pieces = new int[classCount];
        var visits = 0;

        void Visit(int set, long poured, int splitTanks)
        {
            if (poured > most || ++visits > maxVisits)
            {
                return;
            }

            if (set == sets.Length)
            {
                if (poured >= least && seen.Add((poured, string.Join(',', pieces))))
                {
                    options.Add(new PatternOption(poured, [.. pieces], [.. moves]));
                }

                return;
            }

            Choose(set, 0, 0, poured, splitTanks);
        }

        // The splits of set's first tanks (split patterns in non-decreasing order, so each multiset once), then how many of the rest go whole.
        void Choose(int set, int taken, int firstPattern, long poured, int splitTanks)
        {
            var (capacity, ids) = sets[set];
            for (var whole = 0; whole <= ids.Length - taken && poured + (whole * capacity) <= most; whole++)
            {
                for (var k = 0; k < whole; k++)
                {
                    moves.Add(new SourceMove(ids[taken + k], null));
                }

                Visit(set + 1, poured + (whole * capacity), splitTanks);
                moves.RemoveRange(moves.Count - whole, whole);
            }

            if (taken == ids.Length || splitTanks == maxSplitTanks)
            {
                return;
            }

            var patterns = splits(capacity);
            for (var p = firstPattern; p < patterns.Count; p++)
            {
                var split = patterns[p];
                moves.Add(new SourceMove(ids[taken], split));
                for (var c = 0; c < classCount; c++)
                {
                    pieces[c] += split.Pieces[c];
                }

                Choose(set, taken + 1, p, poured + split.Poured, splitTanks + 1);
                for (var c = 0; c < classCount; c++)
                {
                    pieces[c] -= split.Pieces[c];
                }

                moves.RemoveAt(moves.Count - 1);
            }
        }

        Visit(0, 0, 0);
        return options;
    }
}
