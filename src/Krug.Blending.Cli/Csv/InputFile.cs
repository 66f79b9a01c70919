using System.Globalization;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// Reads the bytes of an input file, bounded: only regular files (a FIFO would block and a device
/// such as <c>/dev/zero</c> never ends), and at most <see cref="MaxBytes"/>, counted while reading,
/// so that a wrong path to a huge file costs neither the machine's memory nor minutes.
/// </summary>
internal static class InputFile
{
    /// <summary>The largest input file read, in bytes (32 MiB); 100,000 tanks take about 2.5 MB. See docs/csv-formats.md.</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    private const int ChunkBytes = 64 * 1024;

    /// <summary>The content of <paramref name="path"/>, or one error naming the file.</summary>
    public static ReadResult<byte[]> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Directory)
        {
            return Fail(path, "is a folder, not a file; give the path of a CSV file");
        }

        if (kind is not (FileKind.Regular or FileKind.Unknown))
        {
            return Fail(path, $"is {FileKinds.Describe(kind)}, not a regular file; krug-blend reads only regular files (save the data to a CSV file first)");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return Read(path, stream);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(path, "file not found");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Fail(path, $"cannot read the file: {exception.Message}");
        }
    }

    /// <summary>The content of <paramref name="stream"/>, read in chunks and refused as soon as it passes <see cref="MaxBytes"/>.</summary>
    /// <param name="path">The file as given on the command line, for messages.</param>
    /// <param name="stream">The open file.</param>
    internal static ReadResult<byte[]> Read(string path, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var known = stream.CanSeek ? stream.Length : 0;
        if (known > MaxBytes)
        {
            return TooLarge(path);
        }

        using var content = new MemoryStream((int)known);
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            // Counted as it comes: the length a file reports may be 0 (/proc) or grow while it is read.
            if (content.Length + read > MaxBytes)
            {
                return TooLarge(path);
            }

            content.Write(chunk, 0, read);
        }

        return ReadResult<byte[]>.Success(content.ToArray(), []);
    }

    private static ReadResult<byte[]> TooLarge(string path) => Fail(path, string.Create(
        CultureInfo.InvariantCulture,
        $"the file is larger than {MaxBytes / (1024 * 1024)} MiB, the most krug-blend reads from an input file (100,000 tanks take about 2.5 MB); is it the right file?"));

    private static ReadResult<byte[]> Fail(string path, string message) =>
        ReadResult<byte[]>.Failure([new InputError(path, null, null, message)], []);
}
