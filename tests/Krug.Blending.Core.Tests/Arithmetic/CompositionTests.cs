using Krug.Blending.Arithmetic;

namespace Krug.Blending.Core.Tests.Arithmetic;

public class CompositionTests
{
    [Fact]
    public void APureWineIsAllOfTheBlend()
    {
        var pure = Composition.Pure("Chardonnay Avize 2019");

        pure.IsPure.Should().BeTrue();
        pure.Shares.Should().ContainSingle().Which.Value.Should().Be(Fraction.One);
        pure.ShareOf("Chardonnay Avize 2019").Should().Be(Fraction.One);
    }

    [Fact]
    public void APureWineNeedsAName()
    {
        var act = () => Composition.Pure("");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void MixingTwiceAsMuchOfOneWineGivesThirdsExactly()
    {
        var blend = Composition.Mix([(Composition.Pure("A"), 1250), (Composition.Pure("B"), 2500)]);

        blend.IsPure.Should().BeFalse();
        blend.ShareOf("A").Should().Be(new Fraction(1, 3));
        blend.ShareOf("B").Should().Be(new Fraction(2, 3));
    }

    [Fact]
    public void MixingABlendWithAnotherWineWeighsEachWineByItsVolume()
    {
        var thirds = Composition.Mix([(Composition.Pure("A"), 1), (Composition.Pure("B"), 2)]);

        // 300 of (A 1/3, B 2/3) + 600 of C = 100 A + 200 B + 600 C out of 900.
        var blend = Composition.Mix([(thirds, 300), (Composition.Pure("C"), 600)]);

        blend.ShareOf("A").Should().Be(new Fraction(1, 9));
        blend.ShareOf("B").Should().Be(new Fraction(2, 9));
        blend.ShareOf("C").Should().Be(new Fraction(2, 3));
    }

    [Fact]
    public void TheSharesOfAnyMixAddUpToExactlyOne()
    {
        var blend = Composition.Mix([(Composition.Pure("A"), 7), (Composition.Pure("B"), 11), (Composition.Pure("C"), 13)]);
        var again = Composition.Mix([(blend, 17), (Composition.Pure("D"), 19), (Composition.Pure("A"), 23)]);

        again.Shares.Values.Aggregate(Fraction.Zero, (sum, share) => sum + share).Should().Be(Fraction.One);
        again.ShareOf("A").Should().Be(new Fraction(17 * 7 + 31 * 23, 31 * 59));
    }

    [Fact]
    public void MixingABlendWithItselfChangesNothing()
    {
        var blend = Composition.Mix([(Composition.Pure("A"), 3), (Composition.Pure("B"), 5)]);

        Composition.Mix([(blend, 10), (blend, 70)]).Should().Be(blend);
    }

    [Fact]
    public void PartsWithNoVolumeAreLeftOut()
    {
        var blend = Composition.Mix([(Composition.Pure("A"), 40), (Composition.Pure("B"), 0)]);

        blend.Should().Be(Composition.Pure("A"));
        blend.Shares.Should().NotContainKey("B");
    }

    [Fact]
    public void ABlendWithoutVolumeIsRefused()
    {
        var act = () => Composition.Mix([(Composition.Pure("A"), 0)]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ANegativeVolumeIsRefused()
    {
        var act = () => Composition.Mix([(Composition.Pure("A"), 10), (Composition.Pure("B"), -1)]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void CompositionsWithTheSameSharesAreEqualWhateverTheOrderTheyWereMixedIn()
    {
        var one = Composition.Mix([(Composition.Pure("A"), 1), (Composition.Pure("B"), 2)]);
        var other = Composition.Mix([(Composition.Pure("B"), 4), (Composition.Pure("A"), 2)]);

        one.Should().Be(other);
        one.Equals((object)other).Should().BeTrue();
        one.GetHashCode().Should().Be(other.GetHashCode());
    }

    [Fact]
    public void CompositionsWithDifferentSharesOrWinesDiffer()
    {
        var thirds = Composition.Mix([(Composition.Pure("A"), 1), (Composition.Pure("B"), 2)]);

        thirds.Should().NotBe(Composition.Mix([(Composition.Pure("A"), 2), (Composition.Pure("B"), 1)]));
        thirds.Should().NotBe(Composition.Mix([(Composition.Pure("A"), 1), (Composition.Pure("C"), 2)]));
        thirds.Equals(null).Should().BeFalse();
    }

    [Fact]
    public void AWineNotInTheBlendHasAShareOfZero()
    {
        Composition.Pure("A").ShareOf("B").Should().Be(Fraction.Zero);
    }

    [Fact]
    public void WinesAreOrderedOrdinallyWhichPutsAccentedNamesLast()
    {
        var blend = Composition.Mix([(Composition.Pure("Écueil"), 1), (Composition.Pure("avize"), 1), (Composition.Pure("Aÿ"), 1), (Composition.Pure("Bouzy"), 1)]);

        blend.Shares.Keys.Should().Equal("Aÿ", "Bouzy", "avize", "Écueil");
    }

    [Fact]
    public void TheTextListsEachWineWithItsExactShare()
    {
        var blend = Composition.Mix([(Composition.Pure("B"), 2), (Composition.Pure("A"), 1)]);

        blend.ToString().Should().Be("A 1/3 + B 2/3");
    }
}
