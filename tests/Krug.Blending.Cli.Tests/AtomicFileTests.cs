using System.Text;
using Krug.Blending.Cli.Output;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests;

public sealed class AtomicFileTests
{
    private static Action<Stream> Text(string text) => stream => stream.Write(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void ANewFileIsWritten()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("plan.csv");

        var written = AtomicFile.TryWrite(path, Text("new"), [], out var error);

        written.Should().BeTrue(error);
        error.Should().BeNull();
        File.ReadAllText(path).Should().Be("new");
    }

    [Fact]
    public void AnExistingFileIsReplacedAndNoTemporaryFileIsLeft()
    {
        using var folder = new TempFolder();
        var path = folder.Write("plan.csv", "old content that is longer");

        AtomicFile.TryWrite(path, Text("new"), [], out _).Should().BeTrue();

        File.ReadAllText(path).Should().Be("new");
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void AnInputFileIsNeverOverwritten()
    {
        using var folder = new TempFolder();
        var tanks = folder.Write("tanks.csv", "tank,capacity,wine\n");
        // The same file through another spelling of its path.
        var sameFile = Path.Combine(folder.Path, ".", "tanks.csv");

        var written = AtomicFile.TryWrite(sameFile, Text("oops"), [tanks], out var error);

        written.Should().BeFalse();
        error.Should().Contain("refusing to write over an input file");
        File.ReadAllText(tanks).Should().Be("tank,capacity,wine\n");
    }

    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("plan.csv", "old");

        var written = AtomicFile.TryWrite(path, stream =>
        {
            stream.Write("partial"u8);
            throw new IOException("disk full");
        }, [], out var error);

        written.Should().BeFalse();
        error.Should().Contain("plan.csv: cannot write the file: disk full");
        File.ReadAllText(path).Should().Be("old");
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void AMissingFolderIsAnError()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "no-such-folder", "plan.csv");

        var written = AtomicFile.TryWrite(path, Text("x"), [], out var error);

        written.Should().BeFalse();
        error.Should().Contain("does not exist");
    }

    [Fact]
    public void AFolderIsNotOverwritten()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.PathOf("out"));

        var written = AtomicFile.TryWrite(folder.PathOf("out"), Text("x"), [], out var error);

        written.Should().BeFalse();
        error.Should().Contain("is a folder");
    }
}
