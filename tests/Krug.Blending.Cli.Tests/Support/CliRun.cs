using System.Globalization;

namespace Krug.Blending.Cli.Tests.Support;

/// <summary>What one in-process run of krug-blend printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}

/// <summary>Runs the CLI in-process with captured standard output and error.</summary>
internal static class CliRun
{
    /// <summary>
    /// The exit codes of <c>plan</c> that come with a verified plan written: proven optimal, not
    /// proven, or off formula (docs/exit-codes.md).
    /// </summary>
    public static readonly int[] WithPlan = [ExitCodes.Success, ExitCodes.Feasible, ExitCodes.OffFormula];

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await KrugCli.RunAsync(args, new CliConsole(output, error, false, false), CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary><c>verify</c> on the files of <paramref name="folder"/> named tanks.csv, formula.csv and plan.csv.</summary>
    public static Task<CliResult> VerifyAsync(TempFolder folder, params string[] extra) =>
        RunAsync([
            "verify",
            "--tanks", folder.PathOf("tanks.csv"),
            "--formula", folder.PathOf("formula.csv"),
            "--plan", folder.PathOf("plan.csv"),
            .. extra,
        ]);
}
