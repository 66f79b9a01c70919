using System.Collections.Immutable;
using System.Globalization;
using Krug.Blending.Arithmetic;
using Krug.Blending.Domain;

namespace Krug.Blending.Verification;

/// <summary>
/// Replays a plan from the initial cellar with exact arithmetic and checks every rule of the cellar
/// and every limit of the request. It knows nothing of how a plan was made: it is the trust anchor
/// for every optimizer, and every plan the tool shows or writes has passed it.
/// </summary>
public static class PlanVerifier
{
    /// <summary>
    /// Replays <paramref name="plan"/> on the request's cellar and reports every broken rule and,
    /// when the cellar's rules hold, the final blend compared with the request's formula and the
    /// cellar after the plan.
    /// </summary>
    public static VerificationReport Verify(BlendRequest request, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);

        var replay = new Replay(request);
        replay.Run(plan);
        if (replay.Violations.Exists(v => !ViolationKinds.IsRequestLimit(v.Kind)))
        {
            return new VerificationReport([.. replay.Violations], null);
        }

        var blend = Report(request, plan, replay);
        CheckLimits(request, blend, replay);
        return new VerificationReport([.. replay.Violations], blend);
    }

    private static BlendReport Report(BlendRequest request, Plan plan, Replay replay)
    {
        var cellar = request.Cellar;
        var formula = request.Formula;
        var final = plan.FinalTransfer!;
        var finalTanks = final.To.Select(t => t.TankId).Order(StringComparer.Ordinal).ToImmutableArray();
        var blend = replay.Contents[finalTanks[0]]!;
        var volume = final.To.Sum(t => cellar.ById[t.TankId].Capacity);

        var wines = formula.Lines.Select(l => l.Wine)
            .Concat(blend.Shares.Keys.Where(w => !formula.Shares.ContainsKey(w)))
            .Select(w => new WineDeviation(w, formula.ShareOf(w), blend.ShareOf(w)))
            .ToImmutableArray();
        var maxDeviation = wines.Aggregate(Fraction.Zero, (max, w) => Fraction.Max(max, (w.Achieved - w.Target).Abs()));

        var finalSet = finalTanks.ToHashSet(StringComparer.Ordinal);
        var unused = cellar.Tanks
            .Where(t => replay.Contents[t.Id] is not null && !finalSet.Contains(t.Id))
            .Sum(t => t.Capacity);

        return new BlendReport(volume, finalTanks, blend, wines, maxDeviation, replay.Wasted, unused, plan.TransferCount, plan.StepCount, After(cellar, replay, finalSet))
        {
            TransferBlends = replay.TransferBlends.ToImmutableDictionary(),
        };
    }

    private static CellarAfter After(Cellar cellar, Replay replay, HashSet<string> finalTanks)
    {
        // What the cellar held at the start may move without harm (a piece of a pure wine, of a lot);
        // any other mixture left behind is a reserve that can no longer serve another cuvée.
        var original = cellar.Tanks.Where(t => t.IsFull).Select(t => t.Contents!).ToHashSet();
        var changed = ImmutableArray.CreateBuilder<TankChange>();
        var movedNotUsed = new SortedDictionary<string, Fraction>(StringComparer.Ordinal);
        foreach (var tank in cellar.Tanks.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var before = tank.Contents;
            var after = replay.Contents[tank.Id];
            if (Equals(before, after))
            {
                continue;
            }

            var end = after is null ? TankEnd.Emptied
                : finalTanks.Contains(tank.Id) ? TankEnd.Blend
                : original.Contains(after) ? TankEnd.Moved
                : TankEnd.LeftoverBlend;
            changed.Add(new TankChange(tank.Id, tank.Capacity, before, after, end)
            {
                BeforeLot = tank.Lot?.Name,
                AfterLot = after is null ? null
                    : tank.Lot is { } own && own.Composition.Equals(after) ? own.Name
                    : after.IsPure ? null
                    : cellar.NameOf(after),
            });
            if (end is TankEnd.Moved or TankEnd.LeftoverBlend)
            {
                foreach (var (wine, share) in after!.Shares)
                {
                    movedNotUsed[wine] = movedNotUsed.GetValueOrDefault(wine) + share * tank.Capacity;
                }
            }
        }

        return new CellarAfter(changed.ToImmutable(), [.. movedNotUsed.Select(m => new WineVolume(m.Key, m.Value))]);
    }

    private static void CheckLimits(BlendRequest request, BlendReport blend, Replay replay)
    {
        var band = request.Volume;
        if (blend.Volume < band.Min)
        {
            replay.Add(ViolationKind.VolumeBelowMinimum, null, null, null,
                $"The blend is {replay.Format(blend.Volume)}, less than the {replay.Format(band.Min)} asked for at least.");
        }
        else if (blend.Volume > band.Max)
        {
            replay.Add(ViolationKind.VolumeAboveMaximum, null, null, null,
                $"The blend is {replay.Format(blend.Volume)}, more than the {replay.Format(band.Max)} asked for at most.");
        }

        if (blend.Steps > request.MaxSteps)
        {
            replay.Add(ViolationKind.TooManySteps, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"The plan takes {blend.Steps} steps; at most {request.MaxSteps} are allowed."));
        }

        if (request.MaxTransfers is { } maxTransfers && blend.Transfers > maxTransfers)
        {
            replay.Add(ViolationKind.TooManyTransfers, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"The plan has {blend.Transfers} transfers; at most {maxTransfers} are allowed."));
        }

        foreach (var requirement in request.Requirements)
        {
            var share = requirement.ShareIn(blend.Blend);
            if (requirement.MinShare is { } min && share < min)
            {
                replay.Add(ViolationKind.RequirementNotMet, null, null, null,
                    $"The blend holds {PercentNear(share, requirement.MinPercent!.Value)} % of {requirement.Label}; at least {Percent(requirement.MinPercent.Value)} % is required.");
            }
            else if (requirement.MaxShare is { } max && share > max)
            {
                replay.Add(ViolationKind.RequirementNotMet, null, null, null,
                    $"The blend holds {PercentNear(share, requirement.MaxPercent!.Value)} % of {requirement.Label}; at most {Percent(requirement.MaxPercent.Value)} % is allowed.");
            }
        }

        if (!request.AllowLeftoverBlends)
        {
            foreach (var leftover in blend.After.LeftoverBlends)
            {
                replay.Add(ViolationKind.LeftoverBlend, null, null, leftover.TankId,
                    $"Tank {leftover.TankId} ends the plan holding a mixture that is not the final blend ({leftover.After}): reserve wines must stay pure unless leftover blends are allowed.");
            }
        }
    }

    private static string Percent(decimal percent) => percent.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="share"/> in percent with enough decimals not to read as the bound it misses
    /// (34.9996 % must not be printed as 35 % next to "at least 35 %").
    /// </summary>
    private static string PercentNear(Fraction share, decimal bound)
    {
        var percent = (share * 100).ToDouble();
        var text = percent.ToString("0.###", CultureInfo.InvariantCulture);
        for (var decimals = 4; decimals <= 12 && decimal.Parse(text, CultureInfo.InvariantCulture) == bound; decimals++)
        {
            text = percent.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        }

        return text;
    }

    private sealed class Replay(BlendRequest request)
    {
        private readonly Cellar _cellar = request.Cellar;

        /// <summary>What each tank holds now; <see langword="null"/> for an empty tank.</summary>
        public Dictionary<string, Composition?> Contents { get; } = request.Cellar.Tanks.ToDictionary(
            t => t.Id,
            t => t.Contents,
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

            long expectedStep = 1;
            long expectedTransfer = 1;
            foreach (var step in plan.Steps)
            {
                if (step.Number != expectedStep)
                {
                    Add(ViolationKind.StepNumbering, step.Number, null, null,
                        string.Create(CultureInfo.InvariantCulture, $"Step {step.Number} comes where step {expectedStep} was expected: steps are numbered 1, 2, 3, … without gaps."));
                }

                // long: a step or transfer number of int.MaxValue must be reported, not overflow.
                expectedStep = step.Number + 1L;
                foreach (var transfer in step.Transfers)
                {
                    if (transfer.Number != expectedTransfer)
                    {
                        Add(ViolationKind.TransferNumbering, step.Number, transfer.Number, null,
                            string.Create(CultureInfo.InvariantCulture, $"Transfer {transfer.Number} comes where transfer {expectedTransfer} was expected: transfers are numbered 1, 2, 3, … across the plan, in step order."));
                    }

                    expectedTransfer = transfer.Number + 1L;
                }

                RunStep(step);
            }

            if (request.AllowWaste && request.MaxWaste is { } maxWaste && Wasted > maxWaste)
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
                    var contents = Contents[tank.Id];
                    if (contents is null)
                    {
                        Add(ViolationKind.SourceNotFull, where.Step, where.Transfer, tank.Id,
                            $"Tank {tank.Id} is empty at the start of step {where.Step}, so it cannot give wine.");
                    }
                    else
                    {
                        CheckKept(tank, contents, where);
                        if (source.Volume > tank.Capacity)
                        {
                            Add(ViolationKind.DrawExceedsCapacity, where.Step, where.Transfer, tank.Id,
                                $"Tank {tank.Id} gives {Format(source.Volume)} but holds only {Format(tank.Capacity)}.");
                        }
                        else if (source.Volume < tank.Capacity && source.Volume > 0)
                        {
                            Wasted += tank.Capacity - source.Volume;
                            if (!request.AllowWaste)
                            {
                                Add(ViolationKind.PartialDrawWithoutWaste, where.Step, where.Transfer, tank.Id,
                                    $"Tank {tank.Id} gives {Format(source.Volume)} of its {Format(tank.Capacity)}; the rest would oxidise. Drawing part of a tank needs --allow-waste.");
                            }
                        }

                        if (source.Volume > 0)
                        {
                            parts.Add((contents, Math.Min(source.Volume, tank.Capacity)));
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

                    if (Contents[tank.Id] is not null)
                    {
                        Add(ViolationKind.TargetNotEmpty, where.Step, where.Transfer, tank.Id,
                            $"Tank {tank.Id} is full at the start of step {where.Step}, so it cannot receive wine.");
                    }

                    filled.Add((tank.Id, blend));
                }

                if (!transfer.From.IsEmpty && !transfer.To.IsEmpty)
                {
                    // Sums of arbitrary plan-file volumes may not fit a long; an overflow is a mismatch, not a crash.
                    var drawn = Sum(transfer.From);
                    var poured = Sum(transfer.To);
                    if (drawn != poured)
                    {
                        Add(ViolationKind.VolumeMismatch, where.Step, where.Transfer, null,
                            $"The sources give {Format(drawn)} but the targets hold {Format(poured)}: a transfer must fill its targets exactly.");
                    }
                }
            }

            foreach (var tankId in emptied)
            {
                Contents[tankId] = null;
            }

            foreach (var (tankId, blend) in filled)
            {
                Contents[tankId] = blend;
            }
        }

        private bool CheckTank(TankVolume leg, (int Step, int Transfer) where, Dictionary<string, int> usedBy, out Tank tank)
        {
            if (!_cellar.ById.TryGetValue(leg.TankId, out tank!))
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

            if (request.ExcludedTanks.Contains(tank.Id))
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

        private void CheckKept(Tank tank, Composition contents, (int Step, int Transfer) where)
        {
            // A kept lot is kept by its tanks: a blend the plan makes may by chance have its make-up.
            if (tank.Lot is { } lot && request.KeptWines.Contains(lot.Name))
            {
                Add(ViolationKind.KeptWineTouched, where.Step, where.Transfer, tank.Id,
                    $"Tank {tank.Id} holds lot {lot.Name}, which is kept out of this plan.");
                return;
            }

            foreach (var wine in contents.Shares.Keys)
            {
                if (request.KeptWines.Contains(wine))
                {
                    Add(ViolationKind.KeptWineTouched, where.Step, where.Transfer, tank.Id,
                        $"Tank {tank.Id} holds {wine}, which is kept out of this plan.");
                    return;
                }
            }
        }

        private static decimal Sum(IEnumerable<TankVolume> legs)
        {
            decimal sum = 0;
            foreach (var leg in legs)
            {
                sum += leg.Volume;
            }

            return sum;
        }

        public string Format(long volume) =>
            string.Create(CultureInfo.InvariantCulture, $"{_cellar.Unit.Format(volume)} {_cellar.Unit.Label}");

        private string Format(decimal volume) => volume is >= long.MinValue and <= long.MaxValue
            ? Format((long)volume)
            : string.Create(CultureInfo.InvariantCulture, $"{volume / _cellar.Unit.Scale} {_cellar.Unit.Label}");

        public void Add(ViolationKind kind, int? step, int? transfer, string? tankId, string message) =>
            Violations.Add(new PlanViolation(kind, step, transfer, tankId, message));
    }
}
