using System.CommandLine;
using System.Globalization;
using System.Text;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Output;
using Krug.Blending.Domain;
using Krug.Blending.Optimization;
using Serilog;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// <c>krug-blend tradeoffs</c>: the choices a cellar master weighs, as a table. Accuracy against
/// blend volume (the best plan at 25, 50, 75, 90 and 100 % of the largest volume a plan can reach)
/// and against the number of transfers (the best plan with at most 1, 2, 3 … transfers, until one
/// more transfer no longer helps).
/// </summary>
internal sealed class TradeoffsCommand : KrugCommand
{
    /// <summary>The shares of the largest achievable volume the volume rows ask for, in percent.</summary>
    public static readonly IReadOnlyList<int> VolumeShares = [25, 50, 75, 90, 100];

    /// <summary>The most transfers tried; far beyond what the split-then-assemble family uses.</summary>
    public const int MaxTransferRows = 20;

    /// <summary>Header of the table in CSV (<c>tradeoffs.csv</c> under <c>--out-dir</c>).</summary>
    public const string CsvHeader = "tradeoff,limit,status,max_deviation_pp,euclidean_pp,volume,transfers,steps,plan";

    // Larger than any deviation (100 pp): every plan is on target, so the planner maximises volume.
    private const decimal AnyAccuracyPp = 1000m;

    private const string Summary =
        "Shows what accuracy costs: the best plan at 25, 50, 75, 90 and 100 % of the largest blend volume any plan reaches, " +
        "the largest-volume plan within --tolerance when it is given, and the best plan with at most 1, 2, 3 … transfers " +
        "until one more transfer gains nothing. Each row is a full planning run (budget --time-limit).\n\n" +
        "Example:\n" +
        "  krug-blend tradeoffs --tanks tanks.csv --formula formula.csv --time-limit 20 --out-dir choices/\n\n" +
        "Exit codes: 0 at least one plan, 6 no plan at all, 3 input error, 8 output not written.";

    private readonly InputOptions _input = new();

    private readonly Option<string?> _outDir = new("--out-dir")
    {
        Description = "Also write every row's plan to this folder (volume-25.csv, transfers-2.csv, …) and the table as tradeoffs.csv.",
        HelpName = "folder",
    };

    private readonly RequestOptionSet _request = new(VolumeDefault.Fixed);

    private readonly SolverOptionSet _solver = new();

    public TradeoffsCommand(CliConsole console)
        : base("tradeoffs", Summary, console)
    {
        _input.AddTo(this, _outDir);
        _request.AddTo(this);
        _solver.AddTo(this);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ILogger logger, CancellationToken cancellationToken)
    {
        var input = _input.Load(parseResult, logger);
        if (input is null)
        {
            return ExitCodes.InputError;
        }

        var cellar = input.Cellar;
        if (!_request.TryReadWines(parseResult, cellar, input.TanksFile, parseResult.GetValue(_input.Delimiter), logger, out var attributes))
        {
            return ExitCodes.InputError;
        }

        var request = _request.ToRequest(parseResult, input, logger, attributes);
        if (request is null)
        {
            return ExitCodes.UsageError;
        }

        var settings = _solver.ToSettings(parseResult);
        var outDir = parseResult.GetValue(_outDir);
        if (outDir is not null && OutputTarget.FolderOutputsProblem(outDir, FileNames(), input.InputFiles) is { } problem)
        {
            logger.Error("{Error}", problem);
            return ExitCodes.OutputError;
        }

        var rows = await Task.Run(() => Explore(request, settings, () => _solver.StartBudget(parseResult, Console, countStartUp: false), logger, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        var written = outDir is null || WriteFolder(outDir, rows, cellar.Unit, input.InputFiles, logger);

        WriteTable(TerminalWriter.For(Console.Out), rows, cellar.Unit, outDir is not null);
        await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (!written)
        {
            return ExitCodes.OutputError;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        return rows.Any(r => r.Result.Plan is not null) ? ExitCodes.Success : ExitCodes.NoPlan;
    }

    /// <summary>Runs every planning run of the table, in order. Each run is deterministic, so the table is too.</summary>
    internal static List<TradeoffRow> Explore(BlendRequest request, SolverSettings settings, Func<Budget> startBudget, ILogger logger, CancellationToken cancellationToken)
    {
        var cellar = request.Cellar;
        var rows = new List<TradeoffRow>();
        PlanningResult Run(string what, BlendRequest row)
        {
            logger.Information("Planning: {What}.", what);
            return BlendPlanner.Plan(row, settings, startBudget(), observer: null, cancellationToken);
        }

        // Without a target volume the order on plans prefers the most volume, which is what these rows measure.
        var exact = request with { TolerancePp = null, Volume = VolumeBand.Any, MaxTransfers = null, MaxWaste = request.AllowWaste ? request.MaxWaste : null };
        var largest = Run("largest achievable volume", exact with { TolerancePp = AnyAccuracyPp });
        if (largest.Blend is not { } largestBlend)
        {
            rows.Add(new TradeoffRow("volume", "largest", "volume-largest", largest));
            return rows;
        }

        var maxVolume = largestBlend.Volume;
        foreach (var share in VolumeShares)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return rows;
            }

            var minVolume = CeilingShare(maxVolume, share);
            var limit = string.Create(CultureInfo.InvariantCulture, $">= {share} % ({cellar.Unit.Format(minVolume)} {cellar.Unit.Label})");
            rows.Add(new TradeoffRow("volume", limit, $"volume-{share.ToString(CultureInfo.InvariantCulture)}", Run("volume " + limit, exact with { Volume = new VolumeBand(minVolume, long.MaxValue, null) })));
        }

        if (request.TolerancePp is { } tolerance)
        {
            var limit = string.Create(CultureInfo.InvariantCulture, $"largest within {tolerance} pp");
            rows.Add(new TradeoffRow("volume", limit, "volume-tolerance", Run(limit, exact with { TolerancePp = tolerance })));
        }

        double? best = null;
        for (var transfers = 1; transfers <= MaxTransferRows && !cancellationToken.IsCancellationRequested; transfers++)
        {
            var limit = string.Create(CultureInfo.InvariantCulture, $"<= {transfers} transfers");
            var result = Run(limit, exact with { MaxTransfers = transfers });
            rows.Add(new TradeoffRow("transfers", limit, $"transfers-{transfers.ToString(CultureInfo.InvariantCulture)}", result));
            if (result.Blend is not { } blend)
            {
                if (result.Status == PlanStatus.NoPlan)
                {
                    continue;
                }

                break;
            }

            // One more transfer that does not improve accuracy ends the front; a perfect blend cannot improve.
            if (best is { } previous && blend.MaxDeviationPp >= previous)
            {
                break;
            }

            best = blend.MaxDeviationPp;
            if (blend.MaxDeviation.IsZero)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Every file <c>--out-dir</c> may receive (<see cref="TradeoffRow.FileName"/> and the table), to check before planning.</summary>
    internal static IEnumerable<string> FileNames() =>
    [
        "tradeoffs.csv",
        "volume-largest.csv",
        "volume-tolerance.csv",
        .. VolumeShares.Select(share => string.Create(CultureInfo.InvariantCulture, $"volume-{share}.csv")),
        .. Enumerable.Range(1, MaxTransferRows).Select(transfers => string.Create(CultureInfo.InvariantCulture, $"transfers-{transfers}.csv")),
    ];

    private static long CeilingShare(long volume, int percent) => (volume * percent + 99) / 100;

    private static IEnumerable<string> Fields(TradeoffRow row, VolumeUnit unit, bool withFiles)
    {
        var blend = row.Result.Blend;
        return
        [
            row.Tradeoff,
            row.Limit,
            JsonOutput.Name(row.Result.Status),
            blend is null ? "-" : ReportNumbers.Format(blend.MaxDeviationPp, ReportNumbers.PointDecimals),
            blend is null ? "-" : ReportNumbers.Format(blend.EuclideanPp, ReportNumbers.PointDecimals),
            blend is null ? "-" : unit.Format(blend.Volume),
            blend is null ? "-" : blend.Transfers.ToString(CultureInfo.InvariantCulture),
            blend is null ? "-" : blend.Steps.ToString(CultureInfo.InvariantCulture),
            withFiles && blend is not null ? row.FileName + ".csv" : "-",
        ];
    }

    private static void WriteTable(TextWriter writer, IReadOnlyList<TradeoffRow> rows, VolumeUnit unit, bool withFiles)
    {
        string[] header = ["trade-off", "limit", "status", "largest dev (pp)", "euclidean (pp)", "volume (" + unit.Label + ")", "transfers", "steps", "plan"];
        var table = rows.Select(r => Fields(r, unit, withFiles).ToArray()).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => table.Max(r => r[i].Length)).ToArray();
        foreach (var line in table)
        {
            var text = new StringBuilder();
            for (var i = 0; i < line.Length; i++)
            {
                // Text columns align left, numbers right, as in the other reports.
                var cell = i is >= 3 and <= 7 ? line[i].PadLeft(widths[i]) : line[i].PadRight(widths[i]);
                text.Append(cell).Append(i < line.Length - 1 ? "  " : string.Empty);
            }

            writer.Write(text.ToString().TrimEnd() + "\n");
        }
    }

    private static bool WriteFolder(string folder, IReadOnlyList<TradeoffRow> rows, VolumeUnit unit, string[] inputs, ILogger logger)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            logger.Error("{Folder}: cannot create the folder: {Message}", folder, exception.Message);
            return false;
        }

        var ok = true;
        foreach (var row in rows.Where(r => r.Result.Plan is not null))
        {
            ok &= Write(Path.Combine(folder, row.FileName + ".csv"), stream => PlanCsv.Write(row.Result.Plan!, unit, stream), inputs, logger);
        }

        ok &= Write(Path.Combine(folder, "tradeoffs.csv"), stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            writer.Write(CsvHeader + "\n");
            foreach (var row in rows)
            {
                // Columns 0-2 and 8 are text (the limit names the unit, which is the user's); the rest are numbers.
                var fields = Fields(row, unit, withFiles: true).Select((f, i) => f == "-" ? string.Empty : i is <= 2 or 8 ? CsvCell.Text(f) : f);
                writer.Write(string.Join(',', fields.Select(f => f.AsSpan().IndexOfAny(",\"\n\r") < 0 ? f : "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + "\n");
            }
        }, inputs, logger);
        return ok;
    }

    private static bool Write(string path, Action<Stream> write, string[] inputs, ILogger logger)
    {
        if (AtomicFile.TryWrite(path, write, inputs, out var error))
        {
            logger.Information("Wrote {File}.", path);
            return true;
        }

        logger.Error("{Error}", error);
        return false;
    }
}

/// <summary>One row of the trade-off table: which limit, and the best plan under it.</summary>
/// <param name="Tradeoff"><c>volume</c> or <c>transfers</c>.</param>
/// <param name="Limit">The limit as the table shows it.</param>
/// <param name="FileName">Name of the row's plan file under <c>--out-dir</c>, without extension.</param>
/// <param name="Result">The planning run.</param>
internal sealed record TradeoffRow(string Tradeoff, string Limit, string FileName, PlanningResult Result);
