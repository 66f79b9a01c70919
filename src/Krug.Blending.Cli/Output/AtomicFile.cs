using System.Security;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Writes output files all at once: the content goes to a temporary file in the same folder, which
/// then replaces the target in one rename. A crash, a full disk or Ctrl-C leaves either the old file
/// or the new one, never half a plan. An input file is never overwritten.
/// </summary>
internal static class AtomicFile
{
    // Paths differ only by case on Windows and (by default) macOS, but not on Linux.
    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/>, unless it is one of
    /// <paramref name="inputPaths"/> (compared as full paths, links followed).
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="inputPaths">Files the command read, which must survive it.</param>
    /// <param name="error">Why nothing was written, naming the file; <see langword="null"/> on success.</param>
    /// <returns>Whether the file was written.</returns>
    public static bool TryWrite(string path, Action<Stream> write, IEnumerable<string> inputPaths, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(inputPaths);

        string target;
        try
        {
            target = Resolve(path);
            if (inputPaths.Any(input => PathComparer.Equals(Resolve(input), target)))
            {
                error = $"{path}: refusing to write over an input file; choose another output path";
                return false;
            }

            if (Directory.Exists(target))
            {
                error = $"{path}: is a folder, not a file";
                return false;
            }
        }
        catch (Exception exception) when (IsFileSystemError(exception))
        {
            error = $"{path}: {exception.Message}";
            return false;
        }

        var folder = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(folder))
        {
            error = $"{path}: the folder {folder} does not exist";
            return false;
        }

        var temporary = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Path.GetRandomFileName() + ".tmp");
        var moved = false;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                // The data must be on disk before the rename makes it the file, or a power cut could leave an empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            moved = true;
            error = null;
            return true;
        }
        catch (Exception exception) when (IsFileSystemError(exception))
        {
            error = $"{path}: cannot write the file: {exception.Message}";
            return false;
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temporary);
            }
        }
    }

    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        return info.Exists ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
    }

    private static bool IsFileSystemError(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException or ArgumentException;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (IsFileSystemError(exception))
        {
            // The temporary file is hidden and named as such; leaving it is better than hiding the first error.
        }
    }
}
