using System.Runtime.CompilerServices;
using CsCheck;

namespace Krug.Blending.Core.Tests.Properties;

/// <summary>
/// Runs a property over cases drawn from one fixed seed, so that every run of the test suite, on
/// every machine and in CI, checks the same random cellars: a property can fail only when the code
/// changes, never because a run drew an unlucky case. The cases are still random to whoever wrote
/// the property; what is fixed is which ones.
/// </summary>
/// <remarks>
/// A failing case is handed to CsCheck from its own seed, which shrinks it and names the seed in the
/// failure. Setting <c>KRUG_PROPERTIES=explore</c> (or any of CsCheck's <c>CsCheck_Iter</c>,
/// <c>CsCheck_Time</c>, <c>CsCheck_Seed</c>) hands the whole run to CsCheck's own random search
/// instead: for hunting bugs over many runs, or replaying a seed a failure printed
/// (docs/reliability.md).
/// </remarks>
internal static class PropertyRun
{
    // Any constant works; changing it changes every property's cases at once. Each property mixes in
    // its own name, so that two properties over the same generator check different cellars.
    private const ulong FixedSeed = 0x4B72_7567_2026;

    private static readonly bool Exploring =
        string.Equals(Environment.GetEnvironmentVariable("KRUG_PROPERTIES"), "explore", StringComparison.OrdinalIgnoreCase)
        || new[] { "CsCheck_Iter", "CsCheck_Time", "CsCheck_Seed" }.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)));

    /// <summary>
    /// Calls <paramref name="assert"/> on <paramref name="iter"/> cases of <paramref name="gen"/>,
    /// the same cases on every run unless exploring; one thread, since each case runs CP-SAT itself.
    /// </summary>
    public static void Check<T>(this Gen<T> gen, Action<T> assert, long iter, int threads = 1, Func<T, string>? print = null, [CallerMemberName] string property = "")
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(assert);
        if (Exploring)
        {
            gen.Sample(assert, iter: iter, threads: threads, print: print);
            return;
        }

        var pcg = new PCG(1, FixedSeed ^ StableHash(property));
        for (var i = 0L; i < iter; i++)
        {
            var state = pcg.State;
            var value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
#pragma warning disable CA1031 // Any failure of the property is handed to CsCheck, which shrinks it and rethrows.
            catch (Exception)
#pragma warning restore CA1031
            {
                gen.Sample(assert, seed: pcg.ToString(state), iter: iter, threads: 1, print: print);
                throw;
            }
        }
    }

    /// <summary><see cref="Check{T}"/> for a generator of pairs, the pair's halves as two arguments.</summary>
    public static void Check<T1, T2>(this Gen<(T1, T2)> gen, Action<T1, T2> assert, long iter, int threads = 1, [CallerMemberName] string property = "")
    {
        ArgumentNullException.ThrowIfNull(assert);
        gen.Check(pair => assert(pair.Item1, pair.Item2), iter, threads, property: property);
    }

    // FNV-1a: string.GetHashCode differs from process to process, and the cases must not.
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }
}
