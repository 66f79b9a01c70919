namespace Krug.Blending.Cli.Tests.Support;

/// <summary>
/// The client's example cellar: full tanks of 1250, 2500 and 3750 hL, empty tanks of 1875, 1875
/// and 4375 hL, and a 20/40/40 formula. Wine names carry accents to exercise UTF-8 and alignment.
/// </summary>
internal static class SpecExample
{
    public const string WineA = "Chardonnay Le Mesnil 2019";
    public const string WineB = "Pinot Noir Aÿ 2018";
    public const string WineC = "Meunier Œuilly 2020";

    public const string Tanks =
        "tank,capacity,wine\n" +
        "C001,1250," + WineA + "\n" +
        "C002,2500," + WineB + "\n" +
        "C003,3750," + WineC + "\n" +
        "C004,1875,\n" +
        "C005,1875,\n" +
        "C006,4375,\n";

    public const string Formula =
        "wine,percent\n" +
        WineA + ",20\n" +
        WineB + ",40\n" +
        WineC + ",40\n";

    /// <summary>
    /// Step 1: A + B (1250 + 2500) into C004 + C005, each 1875 of A:B = 1:2. Step 2: C (3750) into
    /// the emptied C001 + C002. Step 3: C004 (625 A + 1250 B) + C002 (2500 C) into C006 (4375).
    /// Final blend 625 : 1250 : 2500 = 1/7 : 2/7 : 4/7. C005 keeps the other 1875 hL of the A:B
    /// mixture: a leftover blend, so <c>verify</c> accepts the plan only with <c>--allow-leftover-blends</c>;
    /// C001 ends holding 1250 hL of pure C (wine moved, not a leftover blend).
    /// </summary>
    public const string ThreeStepPlan =
        "step,transfer,tank,role,volume\n" +
        "1,1,C001,from,1250\n" +
        "1,1,C002,from,2500\n" +
        "1,1,C004,to,1875\n" +
        "1,1,C005,to,1875\n" +
        "2,2,C003,from,3750\n" +
        "2,2,C001,to,1250\n" +
        "2,2,C002,to,2500\n" +
        "3,3,C002,from,2500\n" +
        "3,3,C004,from,1875\n" +
        "3,3,C006,to,4375\n";

    /// <summary>
    /// The plan.csv example of the issue: C splits into C004 + C005, then A + B fill the emptied
    /// C003. Final blend 1250 A + 2500 B in C003 = 1/3 : 2/3 : 0. C004 and C005 end holding pure C
    /// (wine moved), so no leftover blend: valid under the default request.
    /// </summary>
    public const string TwoStepPlan =
        "step,transfer,tank,role,volume\n" +
        "1,1,C003,from,3750\n" +
        "1,1,C004,to,1875\n" +
        "1,1,C005,to,1875\n" +
        "2,2,C001,from,1250\n" +
        "2,2,C002,from,2500\n" +
        "2,2,C003,to,3750\n";
}
