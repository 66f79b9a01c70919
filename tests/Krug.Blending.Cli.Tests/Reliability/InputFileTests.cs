using System.Text;
using Krug.Blending.Cli.Csv;
using Krug.Blending.Cli.Tests.Support;

namespace Krug.Blending.Cli.Tests.Reliability;

/// <summary>Input files are read as bounded streams, and only when they are regular files (docs/csv-formats.md, "Size and kind").</summary>
public sealed class InputFileTests
{
    [Fact]
    public void TheSizeLimitIsEnforcedWhileReadingNotAfter()
    {
        // A stream that never ends and does not know its length, as a device or a growing file would be.
        using var endless = new EndlessStream();

        var result = InputFile.Read("tanks.csv", endless);

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("tanks.csv: the file is larger than 32 MiB");
        endless.BytesRead.Should().BeLessThanOrEqualTo(InputFile.MaxBytes + (64 * 1024), "reading stops at the first chunk past the limit");
    }

    [Fact]
    public void AFileOfExactlyTheLimitIsRead()
    {
        using var stream = new MemoryStream(new byte[InputFile.MaxBytes]);

        var result = InputFile.Read("tanks.csv", stream);

        result.IsSuccess.Should().BeTrue(string.Join("\n", result.Errors));
        result.Value.Should().HaveCount(InputFile.MaxBytes);
    }

    [Fact]
    public void AFileThatSaysItIsTooLargeIsRefusedWithoutReadingIt()
    {
        using var folder = new TempFolder();
        var huge = SpecialFiles.Sparse(folder.PathOf("huge.csv"), InputFile.MaxBytes + 1L);

        var result = InputFile.Read(huge);

        result.Errors.Should().ContainSingle().Which.Message.Should().StartWith("the file is larger than 32 MiB");
    }

    [Fact]
    public void ARegularFileIsReadWhole()
    {
        using var folder = new TempFolder();
        var path = folder.Write("tanks.csv", SpecExample.Tanks);

        var result = InputFile.Read(path);

        Encoding.UTF8.GetString(result.Value!).Should().Be(SpecExample.Tanks);
    }

    [Theory]
    [InlineData("/dev/null", "is a device, not a regular file")]
    [InlineData("/dev/zero", "is a device, not a regular file")]
    [InlineData("/dev/urandom", "is a device, not a regular file")]
    public void ADeviceIsRefusedWithoutOpeningIt(string device, string message)
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        var result = InputFile.Read(device);

        result.Errors.Should().ContainSingle().Which.ToString().Should().StartWith($"{device}: {message}");
    }

    [Fact]
    public async Task AFifoIsRefusedWithoutWaitingForAWriter()
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        using var folder = new TempFolder();
        var fifo = SpecialFiles.Fifo(folder.PathOf("tanks.csv"));

        // Opening the FIFO would wait for a writer for ever; the guard only keeps a regression from hanging the test run.
        var result = await Task.Run(() => InputFile.Read(fifo)).WaitAsync(TimeSpan.FromMinutes(2));

        result.Errors.Should().ContainSingle().Which.Message.Should().Be(
            "is a FIFO (named pipe), not a regular file; krug-blend reads only regular files (save the data to a CSV file first)");
    }

    [Fact]
    public void AFolderIsRefusedWithItsOwnMessage()
    {
        using var folder = new TempFolder();

        var result = InputFile.Read(folder.Path);

        result.Errors.Should().ContainSingle().Which.Message.Should().Be("is a folder, not a file; give the path of a CSV file");
    }

    [Fact]
    public void AMissingFileIsReportedAsNotFound()
    {
        using var folder = new TempFolder();

        InputFile.Read(folder.PathOf("missing.csv")).Errors.Should().ContainSingle().Which.Message.Should().Be("file not found");
    }

    [Fact]
    public void ALinkToARegularFileIsFollowed()
    {
        if (SpecialFiles.NoUnixFiles() is not null)
        {
            return;
        }

        using var folder = new TempFolder();
        var target = folder.Write("tanks.csv", SpecExample.Tanks);
        var link = folder.PathOf("link.csv");
        File.CreateSymbolicLink(link, target);

        InputFile.Read(link).IsSuccess.Should().BeTrue();
    }

    /// <summary>Zeros for ever, counting what was taken.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
