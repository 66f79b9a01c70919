namespace Krug.Blending.Cli.Tests.Support;

/// <summary>
/// wines.csv for the spec example's three wines: variety, vintage, village and cru (Œuilly has no
/// cru: an empty cell). Headers in mixed case, as a spreadsheet export may write them.
/// </summary>
internal static class WinesExample
{
    public const string Wines =
        "Wine,Variety,VINTAGE,village,Cru\n" +
        SpecExample.WineA + ",Chardonnay,2019,Le Mesnil-sur-Oger,grand cru\n" +
        SpecExample.WineB + ",Pinot Noir,2018,Aÿ,grand cru\n" +
        SpecExample.WineC + ",Pinot Meunier,2020,Œuilly,\n";

    /// <summary>The spec example with its three-step plan and wines.csv.</summary>
    public static TempFolder Folder()
    {
        var folder = new TempFolder().WithSpecExample(SpecExample.ThreeStepPlan);
        folder.Write("wines.csv", Wines);
        return folder;
    }
}

/// <summary>
/// A plain replay of a waste-free plan.csv on tanks.csv, in doubles, sharing no code with the tool:
/// the volume of each wine in every tank, step by step. For checking report figures independently.
/// </summary>
internal static class VolumeReplay
{
    /// <summary>Each wine's share of the final blend (the targets of the last transfer).</summary>
    public static Dictionary<string, double> FinalShares(string tanksCsv, string planCsv)
    {
        var tanks = CsvRows.Parse(tanksCsv).Skip(1).ToList();
        var contents = tanks.ToDictionary(
            r => r[0],
            r => r.Length > 2 && r[2].Length > 0
                ? new Dictionary<string, double> { [r[2]] = double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture) }
                : new Dictionary<string, double>());
        var capacity = tanks.ToDictionary(r => r[0], r => double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
        var rows = CsvRows.Parse(planCsv).Skip(1).Select(r => (Step: int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), Transfer: int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), Tank: r[2], Role: r[3])).ToList();
        foreach (var step in rows.GroupBy(r => r.Step).OrderBy(g => g.Key))
        {
            var pools = step.GroupBy(r => r.Transfer).Select(transfer =>
            {
                var pool = new Dictionary<string, double>();
                foreach (var source in transfer.Where(r => r.Role == "from"))
                {
                    foreach (var (wine, volume) in contents[source.Tank])
                    {
                        pool[wine] = pool.GetValueOrDefault(wine) + volume;
                    }

                    contents[source.Tank] = [];
                }

                return (Targets: transfer.Where(r => r.Role == "to").Select(r => r.Tank).ToList(), Pool: pool);
            }).ToList();
            foreach (var (targets, pool) in pools)
            {
                var total = targets.Sum(t => capacity[t]);
                foreach (var target in targets)
                {
                    contents[target] = pool.ToDictionary(p => p.Key, p => p.Value * capacity[target] / total);
                }
            }
        }

        var last = rows.Max(r => r.Transfer);
        var blend = new Dictionary<string, double>();
        foreach (var target in rows.Where(r => r.Transfer == last && r.Role == "to"))
        {
            foreach (var (wine, volume) in contents[target.Tank])
            {
                blend[wine] = blend.GetValueOrDefault(wine) + volume;
            }
        }

        var sum = blend.Values.Sum();
        return blend.ToDictionary(b => b.Key, b => b.Value / sum);
    }
}
