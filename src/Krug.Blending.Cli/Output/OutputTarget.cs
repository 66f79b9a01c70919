using System.Security;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Checks an output path before any work: a search may run for an hour, and an output that can
/// never be written must fail at once (exit code 8), not after it. <see cref="AtomicFile"/> repeats
/// the checks when it writes, since the file system may change meanwhile.
/// </summary>
internal static class OutputTarget
{
    // Paths differ only by case on Windows and (by default) macOS, but not on Linux.
    // As many links as Linux follows in one path before it gives up (ELOOP).
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// Why <paramref name="path"/> cannot be written as an output file, naming it, or
    /// <see langword="null"/> when it can: it is not one of <paramref name="inputs"/> (links followed),
    /// not a folder, FIFO, device or socket, and its folder exists and takes a new file.
    /// </summary>
    public static string? Problem(string path, IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inputs);
        try
        {
            var target = Resolve(path);
            if (inputs.Any(input => PathComparer.Equals(Resolve(input), target)))
            {
                return $"{path}: refusing to write over an input file; choose another output path";
            }

            var kind = FileKinds.Of(target);
            if (kind == FileKind.Directory)
            {
                return $"{path}: is a folder, not a file";
            }

            if (kind is not (FileKind.Regular or FileKind.Unknown))
            {
                return $"{path}: is {FileKinds.Describe(kind)}; krug-blend writes only regular files and never replaces a FIFO or a device (use --format to print on standard output)";
            }

            var folder = Path.GetDirectoryName(target) ?? ".";
            return FileKinds.Of(folder) switch
            {
                FileKind.Directory => FolderProblem(folder, path),
                FileKind.Unknown => $"{path}: the folder {folder} does not exist",
                var other => $"{path}: {folder} is {FileKinds.Describe(other)}, not a folder",
            };
        }
        catch (Exception exception) when (IsFileSystemError(exception))
        {
            return $"{path}: {exception.Message}";
        }
    }

    /// <summary>
    /// Why no file can be created in the existing <paramref name="folder"/>, or <see langword="null"/>.
    /// A read-only folder or file system, or missing permissions, show only when a file is created,
    /// so a file is created (with the name of a temporary file, see <see cref="AtomicFile"/>) and removed.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="shownAs">How messages name the output (the option's value).</param>
    public static string? FolderProblem(string folder, string shownAs)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var probe = AtomicFile.TemporaryPath(folder, "write-check");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception exception) when (IsFileSystemError(exception))
        {
            return $"{shownAs}: cannot create a file in the folder {folder}: {exception.Message}";
        }
        finally
        {
            AtomicFile.TryDelete(probe);
        }
    }

    /// <summary>
    /// Creates <paramref name="folder"/> if needed and checks that each of <paramref name="files"/>
    /// (relative to it) can be written there; why not, or <see langword="null"/> when all can.
    /// For <c>batch --out</c> and <c>tradeoffs --out-dir</c>, before any planning.
    /// </summary>
    public static string? FolderOutputsProblem(string folder, IEnumerable<string> files, IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(inputs);
        var existing = FileKinds.Of(folder);
        if (existing is not (FileKind.Directory or FileKind.Unknown))
        {
            return $"{folder}: is {FileKinds.Describe(existing)}, not a folder; name a folder for the results";
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception exception) when (IsFileSystemError(exception))
        {
            return $"{folder}: cannot create the output folder: {exception.Message}";
        }

        if (FolderProblem(folder, folder) is { } problem)
        {
            return problem;
        }

        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            var parent = Path.GetDirectoryName(path) ?? folder;
            var kind = FileKinds.Of(parent);
            if (kind is not (FileKind.Directory or FileKind.Unknown))
            {
                return $"{parent}: is {FileKinds.Describe(kind)}, not a folder; the results cannot be written in it";
            }

            // A folder that does not exist yet is created, empty, when its files are written.
            if (kind == FileKind.Directory && Problem(path, inputs) is { } fileProblem)
            {
                return fileProblem;
            }
        }

        return null;
    }

    /// <summary>
    /// The full path of <paramref name="path"/> with every symbolic link followed, those of its
    /// folders included, so that a file reached through a linked folder is still recognised as an input.
    /// </summary>
    /// <exception cref="IOException">The links loop.</exception>
    public static string Resolve(string path)
    {
        var pending = Path.GetFullPath(path);
        for (var links = 0; links < MaxLinks; links++)
        {
            var root = Path.GetPathRoot(pending) ?? string.Empty;
            var parts = pending[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            string? restart = null;
            for (var i = 0; i < parts.Length && restart is null; i++)
            {
                var next = Path.Combine(current, parts[i]);
                if (new FileInfo(next).LinkTarget is { } target)
                {
                    // A relative target is relative to the link's folder; the rest of the path follows the target.
                    restart = Path.GetFullPath(Path.Combine([Path.Combine(current, target), .. parts[(i + 1)..]]));
                }
                else
                {
                    current = next;
                }
            }

            if (restart is null)
            {
                return current;
            }

            pending = restart;
        }

        throw new IOException($"{path}: too many levels of symbolic links");
    }

    /// <summary>Whether <paramref name="exception"/> is one the file system throws for a bad path, a missing permission or a full disk.</summary>
    public static bool IsFileSystemError(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException or ArgumentException;
}
