using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Krug.Blending.Cli.Output;
using Krug.Blending.Cli.Tests.Planning;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>
/// Output files never replace a device, a FIFO, a folder or an input, are checked before any
/// planning, and leave no temporary file behind (docs/reliability.md, "Data is never lost").
/// </summary>
public sealed partial class OutputTargetTests
{
    private static Action<Stream> Text(string text) => stream => stream.Write(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/zero")]
    public void ADeviceIsNeverReplaced(string device)
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        var written = AtomicFile.TryWrite(device, Text("plan"), [], out var error);

        written.Should().BeFalse();
        error.Should().Be($"{device}: is a device; krug-blend writes only regular files and never replaces a FIFO or a device (use --format to print on standard output)");
        FileKinds.Of(device).Should().Be(FileKind.Device);
    }

    [Fact]
    public void AFifoIsNeverReplacedNorOpened()
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        using var folder = new TempFolder();
        var fifo = SpecialFiles.Fifo(folder.PathOf("plan.csv"));

        AtomicFile.TryWrite(fifo, Text("plan"), [], out var error).Should().BeFalse();

        error.Should().Contain("is a FIFO (named pipe)");
        FileKinds.Of(fifo).Should().Be(FileKind.Fifo);
        Directory.GetFiles(folder.Path).Should().Equal(fifo);
    }

    [Fact]
    public void AnInputReachedThroughALinkedFolderIsNeverOverwritten()
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        using var folder = new TempFolder();
        var tanks = folder.Write("tanks.csv", SpecExample.Tanks);
        Directory.CreateSymbolicLink(folder.PathOf("linked"), folder.Path);

        var written = AtomicFile.TryWrite(Path.Combine(folder.PathOf("linked"), "tanks.csv"), Text("oops"), [tanks], out var error);

        written.Should().BeFalse();
        error.Should().Contain("refusing to write over an input file");
        File.ReadAllText(tanks).Should().Be(SpecExample.Tanks);
    }

    [Fact]
    public void AReadOnlyFolderIsFoundBeforeAnythingIsWritten()
    {
        if (SpecialFiles.NoReadOnlyFolders() is not null)
        {
            return;
        }

        using var folder = new TempFolder();
        var readOnly = SpecialFiles.ReadOnlyFolder(folder.PathOf("read-only"));

        OutputTarget.Problem(Path.Combine(readOnly, "plan.csv"), []).Should().Contain("cannot create a file in the folder");
    }

    [Fact]
    public void TheWriteCheckLeavesNothingBehind()
    {
        using var folder = new TempFolder();

        OutputTarget.Problem(folder.PathOf("plan.csv"), []).Should().BeNull();

        Directory.EnumerateFileSystemEntries(folder.Path).Should().BeEmpty();
    }

    [Fact]
    public void ATemporaryFileIsNamedSoThatALaterRunRecognisesIt()
    {
        var name = Path.GetFileName(AtomicFile.TemporaryPath("/any", "plan.csv"));

        name.Should().MatchRegex(TemporaryName());
        name.Should().Contain($"-{Environment.ProcessId}-");
    }

    [Fact]
    public void TheTemporaryFileOfAKilledRunIsRemovedByTheNextWriteOfTheSameFile()
    {
        using var folder = new TempFolder();
        // No process has the largest process id: its writer is gone.
        var abandoned = folder.Write(".plan.csv.krug-blend-2147483647-abcd1234.tmp", string.Empty);
        var otherFile = folder.Write(".report.csv.krug-blend-2147483647-abcd1234.tmp", string.Empty);
        var notOurs = folder.Write(".plan.csv.other-tool.tmp", string.Empty);

        AtomicFile.TryWrite(folder.PathOf("plan.csv"), Text("plan"), [], out var error).Should().BeTrue(error);

        File.Exists(abandoned).Should().BeFalse();
        File.Exists(otherFile).Should().BeTrue("only the temporary files of the file being written are cleaned");
        File.Exists(notOurs).Should().BeTrue("a file krug-blend did not name is never removed");
    }

    [Fact]
    public void TheTemporaryFileOfARunStillWritingIsLeftAlone()
    {
        using var folder = new TempFolder();
        using var writer = StillRunningProcess();
        var live = folder.Write($".plan.csv.krug-blend-{writer.Id}-abcd1234.tmp", string.Empty);

        try
        {
            AtomicFile.TryWrite(folder.PathOf("plan.csv"), Text("plan"), [], out var error).Should().BeTrue(error);

            File.Exists(live).Should().BeTrue();
        }
        finally
        {
            writer.Kill();
        }
    }

    [Fact]
    public async Task BatchRefusesAnOutFolderThatIsAFileBeforePlanning()
    {
        using var folder = PlanRun.WithSample("spec-example");
        folder.Write("formulas.csv", "formula,wine,percent\nf1," + SpecExample.WineA + ",100\n");
        var notAFolder = folder.Write("results", "a file");

        var result = await CliRun.RunAsync("batch", "--tanks", folder.PathOf("tanks.csv"), "--formulas", folder.PathOf("formulas.csv"), "--out", notAFolder);

        result.ExitCode.Should().Be(ExitCodes.OutputError, result.ToString());
        result.Error.Should().Contain("results: is a file, not a folder").And.NotContain("Planning ");
        File.ReadAllText(notAFolder).Should().Be("a file");
    }

    [Fact]
    public async Task BatchRefusesASummaryThatIsAFifoBeforePlanning()
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        using var folder = PlanRun.WithSample("spec-example");
        folder.Write("formulas.csv", "formula,wine,percent\nf1," + SpecExample.WineA + ",100\n");
        Directory.CreateDirectory(folder.PathOf("results"));
        SpecialFiles.Fifo(Path.Combine(folder.PathOf("results"), "summary.csv"));

        var result = await CliRun.RunAsync("batch", "--tanks", folder.PathOf("tanks.csv"), "--formulas", folder.PathOf("formulas.csv"), "--out", folder.PathOf("results"));

        result.ExitCode.Should().Be(ExitCodes.OutputError, result.ToString());
        result.Error.Should().Contain("summary.csv: is a FIFO (named pipe)").And.NotContain("Planning ");
        Directory.GetFileSystemEntries(folder.PathOf("results")).Select(Path.GetFileName).Should().Equal("summary.csv");
    }

    [Fact]
    public async Task TradeoffsRefusesAnOutDirThatCannotTakeItsTableBeforePlanning()
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        using var folder = PlanRun.WithSample("spec-example");
        Directory.CreateDirectory(folder.PathOf("choices"));
        SpecialFiles.Fifo(Path.Combine(folder.PathOf("choices"), "tradeoffs.csv"));

        var result = await CliRun.RunAsync("tradeoffs", "--tanks", folder.PathOf("tanks.csv"), "--formula", folder.PathOf("formula.csv"), "--out-dir", folder.PathOf("choices"));

        result.ExitCode.Should().Be(ExitCodes.OutputError, result.ToString());
        result.Error.Should().Contain("tradeoffs.csv: is a FIFO (named pipe)").And.NotContain("Planning:");
        result.Out.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--report")]
    [InlineData("--diagram")]
    public async Task PlanRefusesAnOutputThatIsAFolderBeforePlanning(string option)
    {
        using var folder = PlanRun.WithSample("spec-example");
        var target = Directory.CreateDirectory(folder.PathOf(option == "--diagram" ? "plan.mmd" : "plan.csv")).FullName;

        var result = await PlanRun.RunAsync(folder, option, target);

        result.ExitCode.Should().Be(ExitCodes.OutputError, result.ToString());
        result.Error.Should().Contain(": is a folder, not a file").And.NotContain("Planning ");
        Directory.Exists(target).Should().BeTrue();
    }

    private static Process StillRunningProcess()
    {
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd", ["/c", "timeout", "/t", "120"])
            : new ProcessStartInfo("sleep", ["120"]);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        return Process.Start(start)!;
    }

    [GeneratedRegex(@"^\.plan\.csv\.krug-blend-[0-9]+-[a-z0-9]+\.tmp$")]
    private static partial Regex TemporaryName();
}
