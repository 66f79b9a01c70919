using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Verification;

/// <summary>
/// Replays a plan from the initial cellar with exact arithmetic and checks every cellar rule.
/// It knows nothing of how a plan was made: it is the trust anchor for every optimizer, and every
/// plan the tool shows or writes has passed it.
/// </summary>
public static class PlanVerifier
{
    /// <summary>
    /// Replays <paramref name="plan"/> on <paramref name="cellar"/> and reports every broken rule
    /// and, when there is none, the final blend compared with <paramref name="formula"/>.
    /// </summary>
    public static VerificationReport Verify(Cellar cellar, Formula formula, Plan plan, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cellar);
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(plan);
        options ??= VerificationOptions.Strict;

        var replay = new Replay(cellar, options);
        replay.Run(plan);

        if (replay.Violations.Count > 0)
        {
            return new VerificationReport([.. replay.Violations], null);
        }

        return new VerificationReport(ImmutableArray<PlanViolation>.Empty, Report(cellar, formula, plan, replay));
    }

    private static BlendReport Report(Cellar cellar, Formula formula, Plan plan, Replay replay)
    {
        var final = plan.FinalTransfer!;
        var finalTanks = final.To.Select(t => t.TankId).Order(StringComparer.Ordinal).ToImmutableArray();
        var blend = replay.Contents[finalTanks[0]].Blend!;
        var volume = final.To.Sum(t => cellar.ById[t.TankId].Capacity);

        var wines = formula.Lines.Select(l => l.Wine)
            .Concat(blend.Shares.Keys.Where(w => !formula.Shares.ContainsKey(w)))
            .Select(w => new WineDeviation(w, formula.ShareOf(w), blend.ShareOf(w)))
            .ToImmutableArray();
        var maxDeviation = wines.Aggregate(Fraction.Zero, (max, w) => Fraction.Max(max, (w.Achieved - w.Target).Abs()));

        var finalSet = finalTanks.ToHashSet(StringComparer.Ordinal);
        var unused = cellar.Tanks
            .Where(t => replay.Contents[t.Id].Full && !finalSet.Contains(t.Id))
            .Sum(t => t.Capacity);

        return new BlendReport(volume, finalTanks, blend, wines, maxDeviation, replay.Wasted, unused, plan.TransferCount, plan.StepCount)
        {
            TransferBlends = replay.TransferBlends.ToImmutableDictionary(),
        };
    }

    private readonly record struct TankState(bool Full, Composition? Blend);

    private sealed class Replay(Cellar cellar, VerificationOptions options)
    {
        public Dictionary<string, TankState> Contents { get; } = cellar.Tanks.ToDictionary(
            t => t.Id,
            t => t.Wine is null ? new TankState(false, null) : new TankState(true, Composition.Pure(t.Wine)),
            StringComparer.Ordinal);

        public List<PlanViolation> Violations { get; } = [];

        public long Wasted { get; private set; }

        public Dictionary<int, Composition> TransferBlends { get; } = [];

        public void Run(Plan plan)
        {
            if (plan.TransferCount == 0)
            {
                Add(ViolationKind.EmptyPlan, null, null, null, "The plan has no transfer, so it makes no blend.");
            }

            var expectedStep = 1;
            var expectedTransfer = 1;
            foreach (var step in plan.Steps)
            {
                if (step.Number != expectedStep)
                {
                    Add(ViolationKind.StepNumbering, step.Number, null, null,
                        $"Step {step.Number} comes where step {expectedStep} was expected: steps are numbered 1, 2, 3, … without gaps.");
                }

                expectedStep = step.Number + 1;
                foreach (var transfer in step.Transfers)
                {
                    if (transfer.Number != expectedTransfer)
                    {
                        Add(ViolationKind.TransferNumbering, step.Number, transfer.Number, null,
                            $"Transfer {transfer.Number} comes where transfer {expectedTransfer} was expected: transfers are numbered 1, 2, 3, … across the plan, in step order.");
                    }

                    expectedTransfer = transfer.Number + 1;
                }

                RunStep(step);
            }

            if (options.MaxWaste is { } maxWaste && Wasted > maxWaste)
            {
                Add(ViolationKind.WasteLimitExceeded, null, null, null,
                    $"The plan wastes {Format(Wasted)}, more than the {Format(maxWaste)} allowed.");
            }
        }

        private void RunStep(PlanStep step)
        {
            // Every transfer of a step sees the cellar as it was when the step began.
            var usedBy = new Dictionary<string, int>(StringComparer.Ordinal);
            var emptied = new List<string>();
            var filled = new List<(string TankId, Composition? Blend)>();

            foreach (var transfer in step.Transfers)
            {
                var where = (Step: step.Number, Transfer: transfer.Number);
                if (transfer.From.IsEmpty || transfer.To.IsEmpty)
                {
                    Add(ViolationKind.EmptyTransfer, where.Step, where.Transfer, null,
                        transfer.From.IsEmpty
                            ? "The transfer has no source tank (role 'from')."
                            : "The transfer has no target tank (role 'to').");
                }

                var parts = new List<(Composition, long)>();
                foreach (var source in transfer.From)
                {
                    if (!CheckTank(source, where, usedBy, out var tank))
                    {
                        continue;
                    }

                    CheckPositive(source, where);
                    var state = Contents[tank.Id];
                    if (!state.Full)
                    {
                        Add(ViolationKind.SourceNotFull, where.Step, where.Transfer, tank.Id,
                            $"Tank {tank.Id} is empty at the start of step {where.Step}, so it cannot give wine.");
                    }
                    else
                    {
                        CheckKeptWine(tank.Id, state.Blend, where);
                        if (source.Volume > tank.Capacity)
                        {
                            Add(ViolationKind.DrawExceedsCapacity, where.Step, where.Transfer, tank.Id,
                                $"Tank {tank.Id} gives {Format(source.Volume)} but holds only {Format(tank.Capacity)}.");
                        }
                        else if (source.Volume < tank.Capacity && source.Volume > 0)
                        {
                            if (options.AllowWaste)
                            {
                                Wasted += tank.Capacity - source.Volume;
                            }
                            else
                            {
                                Add(ViolationKind.PartialDrawWithoutWaste, where.Step, where.Transfer, tank.Id,
                                    $"Tank {tank.Id} gives {Format(source.Volume)} of its {Format(tank.Capacity)}; the rest would oxidise. Drawing part of a tank needs --allow-waste.");
                            }
                        }

                        if (state.Blend is not null && source.Volume > 0)
                        {
                            parts.Add((state.Blend, Math.Min(source.Volume, tank.Capacity)));
                        }
                    }

                    emptied.Add(tank.Id);
                }

                var blend = parts.Count > 0 ? Composition.Mix(parts) : null;
                if (blend is not null)
                {
                    TransferBlends[transfer.Number] = blend;
                }
                foreach (var target in transfer.To)
                {
                    if (!CheckTank(target, where, usedBy, out var tank))
                    {
                        continue;
                    }

                    CheckPositive(target, where);
                    if (target.Volume != tank.Capacity)
                    {
                        Add(ViolationKind.CapacityMismatch, where.Step, where.Transfer, tank.Id,
                            $"Tank {tank.Id} is filled with {Format(target.Volume)} but its capacity is {Format(tank.Capacity)}: a target is always filled completely.");
                    }

                    if (Contents[tank.Id].Full)
                    {
                        Add(ViolationKind.TargetNotEmpty, where.Step, where.Transfer, tank.Id,
                            $"Tank {tank.Id} is full at the start of step {where.Step}, so it cannot receive wine.");
                    }

                    filled.Add((tank.Id, blend));
                }

                var drawn = transfer.VolumeDrawn;
                var poured = transfer.VolumeFilled;
                if (drawn != poured && !transfer.From.IsEmpty && !transfer.To.IsEmpty)
                {
                    Add(ViolationKind.VolumeMismatch, where.Step, where.Transfer, null,
                        $"The sources give {Format(drawn)} but the targets hold {Format(poured)}: a transfer must fill its targets exactly.");
                }
            }

            foreach (var tankId in emptied)
            {
                Contents[tankId] = new TankState(false, null);
            }

            foreach (var (tankId, blend) in filled)
            {
                Contents[tankId] = new TankState(true, blend);
            }
        }

        private bool CheckTank(TankVolume leg, (int Step, int Transfer) where, Dictionary<string, int> usedBy, out Tank tank)
        {
            if (!cellar.ById.TryGetValue(leg.TankId, out tank!))
            {
                Add(ViolationKind.UnknownTank, where.Step, where.Transfer, leg.TankId,
                    $"Tank {leg.TankId} is not in the cellar.");
                return false;
            }

            if (usedBy.TryGetValue(tank.Id, out var firstTransfer))
            {
                Add(ViolationKind.TankUsedTwiceInStep, where.Step, where.Transfer, tank.Id,
                    firstTransfer == where.Transfer
                        ? $"Tank {tank.Id} appears twice in transfer {where.Transfer}."
                        : $"Tank {tank.Id} is already used by transfer {firstTransfer} of step {where.Step}: a tank takes part in at most one transfer per step.");
            }
            else
            {
                usedBy[tank.Id] = where.Transfer;
            }

            if (options.ExcludedTanks.Contains(tank.Id))
            {
                Add(ViolationKind.ExcludedTankUsed, where.Step, where.Transfer, tank.Id,
                    $"Tank {tank.Id} is excluded from this plan but the plan uses it.");
            }

            return true;
        }

        private void CheckPositive(TankVolume leg, (int Step, int Transfer) where)
        {
            if (leg.Volume <= 0)
            {
                Add(ViolationKind.NonPositiveVolume, where.Step, where.Transfer, leg.TankId,
                    $"Tank {leg.TankId} has volume {Format(leg.Volume)}; volumes must be positive.");
            }
        }

        private void CheckKeptWine(string tankId, Composition? blend, (int Step, int Transfer) where)
        {
            if (blend is null || options.KeptWines.IsEmpty)
            {
                return;
            }

            foreach (var wine in blend.Shares.Keys)
            {
                if (options.KeptWines.Contains(wine))
                {
                    Add(ViolationKind.KeptWineTouched, where.Step, where.Transfer, tankId,
                        $"Tank {tankId} holds {wine}, which is kept out of this plan.");
                    return;
                }
            }
        }

        private string Format(long volume) =>
            string.Create(CultureInfo.InvariantCulture, $"{cellar.Unit.Format(volume)} {cellar.Unit.Label}");

        private void Add(ViolationKind kind, int? step, int? transfer, string? tankId, string message) =>
            Violations.Add(new PlanViolation(kind, step, transfer, tankId, message));
    }
}
