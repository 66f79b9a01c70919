using Krug.Blending.Domain;

namespace Krug.Blending.Optimization.SplitAssemble;

/// <summary>A split-then-assemble plan read in the pattern model's terms, so that the model can start from it.</summary>
internal static class StartPlan
{
    /// <summary>
    /// What <paramref name="plan"/> does with each source (indices into
    /// <see cref="SplitAssembleModel.Sources"/>; sources not named are left alone), pieces counted over
    /// <paramref name="classCount"/> classes, the empty classes first; or <see langword="null"/> when
    /// the plan does more than split single tanks into empty tanks and then assemble the blend.
    /// </summary>
    /// <remarks>
    /// Each wine's part of the plan is one of the pattern model's options whatever the rest of the plan
    /// does, so it joins that wine's options. The plan as a whole is a solution of the pattern model only
    /// when it is of the pattern's shape: every split tank receives the blend and no piece does, and the
    /// blend fills the empty tanks no piece took and the split tanks. The whole split-then-assemble model
    /// also allows plans outside that shape (a split tank left empty, tanks poured together); such a plan
    /// gives its options and no hint at all (see <see cref="HintCheck"/>).
    /// </remarks>
    public static IReadOnlyDictionary<int, SourceMove>? Moves(SplitAssembleModel model, Plan plan, int classCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.StepCount is < 1 or > 2 || plan.FinalTransfer is not { } final)
        {
            return null;
        }

        var index = Enumerable.Range(0, model.Sources.Length).Where(s => !model.Sources[s].IsGroup).ToDictionary(s => model.Sources[s].Id, StringComparer.Ordinal);
        var classOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < model.Classes.Length; c++)
        {
            foreach (var id in model.Classes[c].TankIds)
            {
                classOf[id] = c;
            }
        }

        var splits = plan.Transfers.Where(t => !ReferenceEquals(t, final)).ToList();
        if (splits.Any(t => t.From.Length != 1 || !index.ContainsKey(t.From[0].TankId) || t.To.Any(p => !classOf.ContainsKey(p.TankId))))
        {
            return null;
        }

        var poured = final.From.Select(f => f.TankId).ToHashSet(StringComparer.Ordinal);
        var moves = new Dictionary<int, SourceMove>();
        foreach (var transfer in splits)
        {
            var source = index[transfer.From[0].TankId];
            var pieces = new int[classCount];
            var used = new int[classCount];
            long volume = 0;
            foreach (var piece in transfer.To)
            {
                pieces[classOf[piece.TankId]]++;
                if (poured.Contains(piece.TankId))
                {
                    used[classOf[piece.TankId]]++;
                    volume += piece.Volume / model.Unit;
                }
            }

            moves[source] = new SourceMove(source, new SplitPattern([.. pieces], [.. used], volume));
        }

        foreach (var tank in final.From.Where(f => index.ContainsKey(f.TankId)))
        {
            moves.TryAdd(index[tank.TankId], new SourceMove(index[tank.TankId], null));
        }

        return moves;
    }
}
