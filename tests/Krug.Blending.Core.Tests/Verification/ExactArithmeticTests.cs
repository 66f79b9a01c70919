using Krug.Blending.Arithmetic;
using Krug.Blending.Core.Tests.Support;
using Krug.Blending.Domain;
using Krug.Blending.Verification;

namespace Krug.Blending.Core.Tests.Verification;

public class ExactArithmeticTests
{
    private static readonly Cellar Thirds = new CellarBuilder()
        .Full("A1250", 1250, "A")
        .Full("B2500", 2500, "B")
        .Empty("X3750", 3750)
        .Empty("Y1250", 1250)
        .Empty("Y2500", 2500)
        .Build();

    private static readonly Formula Formula = Some.Formula(("A", 1m), ("B", 2m));

    [Theory]
    [InlineData("A1250 -> Y1250", 1250)]
    [InlineData("B2500 -> Y2500", 2500)]
    public void ABlendSplitIntoUnequalTanksKeepsExactThirdsInEachPiece(string pourOnePiece, long pieceVolume)
    {
        // Blend 1250 A + 2500 B, split the 3750 into the emptied 1250 and 2500 tanks, then pour one piece on its own.
        var plan = Some.Plan(Thirds, "A1250 B2500 -> X3750", "X3750 -> A1250 B2500", pourOnePiece);

        // The other piece is left a mixture: allowed here, the subject is the arithmetic.
        var report = PlanVerifier.Verify(new BlendRequest(Thirds, Formula) { AllowLeftoverBlends = true }, plan);

        report.IsValid.Should().BeTrue();
        report.Blend!.Volume.Should().Be(pieceVolume);
        report.Blend.Blend.ShareOf("A").Should().Be(new Fraction(1, 3));
        report.Blend.Blend.ShareOf("B").Should().Be(new Fraction(2, 3));
        report.Blend.MaxDeviation.Should().Be(Fraction.Zero);
    }

    [Fact]
    public void TheSplitItselfEndsWithBothPiecesAtExactThirds()
    {
        var report = PlanVerifier.Verify(new BlendRequest(Thirds, Formula), Some.Plan(Thirds, "A1250 B2500 -> X3750", "X3750 -> A1250 B2500"));

        report.Blend!.FinalTanks.Should().Equal("A1250", "B2500");
        report.Blend.Volume.Should().Be(3750);
        report.Blend.Blend.Shares.Should().Equal(new Dictionary<string, Fraction> { ["A"] = new(1, 3), ["B"] = new(2, 3) });
    }

    [Theory]
    [InlineData(20251, false)]
    [InlineData(7, false)]
    [InlineData(20251, true)]
    [InlineData(99, true)]
    public void VolumeAndEveryWineAreConservedExactlyThroughFiftyRandomTransfers(int seed, bool allowWaste)
    {
        var random = new Random(seed);
        var cellar = RandomCellar(random);
        var formula = Some.Formula(("W0", 40m), ("W1", 30m), ("W2", 20m), ("W3", 10m));
        // Random transfers leave mixtures behind: allowed here, the subject is conservation.
        var request = new BlendRequest(cellar, formula) { AllowWaste = allowWaste, AllowLeftoverBlends = true, MaxSteps = 50 };
        var tracker = new CellarTracker(cellar);
        var initialTotal = cellar.TotalWine;
        var initialByWine = cellar.Wines.ToDictionary(w => w, w => (Fraction)cellar.VolumeOf(w), StringComparer.Ordinal);

        var steps = new List<PlanStep>();
        var stepTransfers = new List<Transfer>();
        HashSet<string> stepTanks = new(StringComparer.Ordinal);
        var transfers = 0;
        var wasteful = 0;
        for (var attempt = 0; transfers < 50 && attempt < 100_000; attempt++)
        {
            // Half the time try a transfer that can join the current step: on tanks no transfer of that step touched.
            var joinsStep = stepTransfers.Count > 0 && random.Next(2) == 0;
            HashSet<string> busy = joinsStep ? stepTanks : [];
            if (RandomTransfer(random, cellar, tracker, busy, allowWaste, transfers + 1) is not { } transfer)
            {
                continue;
            }

            if (!joinsStep && stepTransfers.Count > 0)
            {
                steps.Add(new PlanStep(steps.Count + 1, [.. stepTransfers]));
                stepTransfers.Clear();
                stepTanks.Clear();
                CheckAgainstVerifier(request, steps, tracker, initialTotal);
            }

            tracker.Apply(transfer);
            wasteful += transfer.VolumeDrawn < transfer.From.Sum(f => cellar.ById[f.TankId].Capacity) ? 1 : 0;
            stepTransfers.Add(transfer);
            stepTanks.UnionWith(transfer.From.Concat(transfer.To).Select(t => t.TankId));
            transfers++;
        }

        steps.Add(new PlanStep(steps.Count + 1, [.. stepTransfers]));
        transfers.Should().Be(50, "the random cellar must allow fifty transfers");
        CheckAgainstVerifier(request, steps, tracker, initialTotal);
        steps.Count.Should().BeLessThan(50, "some steps should carry several transfers");
        if (allowWaste)
        {
            wasteful.Should().BePositive("the waste case must actually draw tanks partly");
        }

        // The tracker's own books: every drop of each wine is in a tank or was wasted.
        foreach (var (wine, initial) in initialByWine)
        {
            (tracker.AmountInTanks(wine) + tracker.WastedOf(wine)).Should().Be(initial, $"{wine} is conserved");
        }

        tracker.TotalInTanks().Should().Be((Fraction)(initialTotal - tracker.Wasted));
    }

    private static void CheckAgainstVerifier(BlendRequest request, List<PlanStep> steps, CellarTracker tracker, long initialTotal)
    {
        var cellar = request.Cellar;
        var report = PlanVerifier.Verify(request, new Plan([.. steps]));

        report.Violations.Should().BeEmpty();
        var blend = report.Blend!;
        var finalTanks = steps[^1].Transfers[^1].To.Select(t => t.TankId).ToList();
        blend.Wasted.Should().Be(tracker.Wasted);
        (blend.Volume + blend.Unused).Should().Be(initialTotal - tracker.Wasted, "wine is only ever lost to partial draws");
        blend.Volume.Should().Be(finalTanks.Sum(id => cellar.ById[id].Capacity));
        foreach (var wine in cellar.Wines)
        {
            var inFinalTanks = finalTanks.Aggregate(Fraction.Zero, (sum, id) => sum + tracker.AmountIn(id, wine));
            (blend.Blend.ShareOf(wine) * blend.Volume).Should().Be(inFinalTanks, $"the verifier and the tracker agree on {wine}");
        }
    }

    private static Cellar RandomCellar(Random random)
    {
        // Capacities from a few multiples of 10 so that exact sums are common; about half the tanks full.
        int[] sizes = [10, 20, 30, 40, 50, 60, 80, 100];
        var builder = new CellarBuilder();
        for (var i = 0; i < 16; i++)
        {
            var capacity = sizes[random.Next(sizes.Length)];
            if (i < 8)
            {
                builder.Full($"T{i:00}", capacity, $"W{i % 4}");
            }
            else
            {
                builder.Empty($"T{i:00}", capacity);
            }
        }

        return builder.Build();
    }

    private static Transfer? RandomTransfer(Random random, Cellar cellar, CellarTracker tracker, HashSet<string> busy, bool allowWaste, int number)
    {
        var free = cellar.Tanks.Where(t => !busy.Contains(t.Id)).ToList();
        var full = free.Where(t => tracker.IsFull(t.Id)).ToList();
        var empty = free.Where(t => !tracker.IsFull(t.Id)).ToList();
        var sources = full.Where(_ => random.Next(3) == 0).ToList();
        var targets = empty.Where(_ => random.Next(3) == 0).ToList();
        if (sources.Count == 0 || targets.Count == 0)
        {
            return null;
        }

        var available = sources.Sum(t => t.Capacity);
        var needed = targets.Sum(t => t.Capacity);
        // Small losses only, so that the cellar keeps enough wine for fifty transfers.
        if (needed > available || (needed < available && !(allowWaste && available - needed <= 20)))
        {
            return null;
        }

        // Draw each source fully, then take the shortfall off random sources, leaving every draw positive.
        var draws = sources.ToDictionary(t => t.Id, t => t.Capacity, StringComparer.Ordinal);
        var excess = available - needed;
        while (excess > 0)
        {
            var id = sources[random.Next(sources.Count)].Id;
            var cut = Math.Min(excess, Math.Min(draws[id] - 1, 1 + random.Next(30)));
            if (draws.Values.All(d => d == 1))
            {
                return null;
            }

            draws[id] -= cut;
            excess -= cut;
        }

        return new Transfer(
            number,
            [.. sources.Select(t => new TankVolume(t.Id, draws[t.Id]))],
            [.. targets.Select(t => new TankVolume(t.Id, t.Capacity))]);
    }

    /// <summary>
    /// The test's own bookkeeping: the exact amount of each wine in each tank, in volume units.
    /// Deliberately unlike the verifier (amounts, not shares) so that the two cannot share a mistake.
    /// </summary>
    private sealed class CellarTracker
    {
        private readonly Cellar _cellar;
        private readonly Dictionary<string, Dictionary<string, Fraction>?> _amounts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Fraction> _wastedByWine = new(StringComparer.Ordinal);

        public CellarTracker(Cellar cellar)
        {
            _cellar = cellar;
            foreach (var tank in cellar.Tanks)
            {
                _amounts[tank.Id] = tank.Contents is not { } contents
                    ? null
                    : contents.Shares.ToDictionary(s => s.Key, s => s.Value * tank.Capacity, StringComparer.Ordinal);
            }
        }

        public long Wasted { get; private set; }

        public bool IsFull(string tankId) => _amounts[tankId] is not null;

        public Fraction AmountIn(string tankId, string wine) =>
            _amounts[tankId] is { } amounts && amounts.TryGetValue(wine, out var amount) ? amount : Fraction.Zero;

        public Fraction AmountInTanks(string wine) => _amounts.Keys.Aggregate(Fraction.Zero, (sum, id) => sum + AmountIn(id, wine));

        public Fraction WastedOf(string wine) => _wastedByWine.TryGetValue(wine, out var amount) ? amount : Fraction.Zero;

        public Fraction TotalInTanks() =>
            _amounts.Values.Where(a => a is not null).SelectMany(a => a!.Values).Aggregate(Fraction.Zero, (sum, a) => sum + a);

        public void Apply(Transfer transfer)
        {
            var poured = new Dictionary<string, Fraction>(StringComparer.Ordinal);
            foreach (var source in transfer.From)
            {
                var capacity = _cellar.ById[source.TankId].Capacity;
                var kept = new Fraction(source.Volume, capacity);
                foreach (var (wine, amount) in _amounts[source.TankId]!)
                {
                    poured[wine] = (poured.TryGetValue(wine, out var sum) ? sum : Fraction.Zero) + amount * kept;
                    _wastedByWine[wine] = WastedOf(wine) + amount * (Fraction.One - kept);
                }

                Wasted += capacity - source.Volume;
                _amounts[source.TankId] = null;
            }

            var total = transfer.VolumeFilled;
            foreach (var target in transfer.To)
            {
                var share = new Fraction(target.Volume, total);
                _amounts[target.TankId] = poured.ToDictionary(p => p.Key, p => p.Value * share, StringComparer.Ordinal);
            }
        }
    }
}
