using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Krug.Blending.Cli.Output;

/// <summary>
/// Writes output files all at once: the content goes to a temporary file in the same folder, which
/// then replaces the target in one rename. A crash, a full disk or Ctrl-C leaves either the old file
/// or the new one, never half a plan. An input file, a folder, a FIFO or a device is never replaced
/// (see <see cref="OutputTarget"/>).
/// </summary>
/// <remarks>
/// A temporary file is named <c>.NAME.krug-blend-PID-RANDOM.tmp</c>. It is removed on every way out
/// of a write (success, exception, and process exit through <see cref="AppDomain.ProcessExit"/>,
/// which covers Ctrl-C and SIGTERM); only a process killed outright (SIGKILL, power cut) leaves one
/// behind, and the next write of the same file removes it once its process is gone.
/// </remarks>
internal static partial class AtomicFile
{
    /// <summary>Temporary files being written by this process, removed if it exits first.</summary>
    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);

    /// <summary>How long a temporary file whose process id is alive (possibly reused) is still thought to be in use.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromDays(1);

    static AtomicFile()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var path in Pending.Keys)
            {
                TryDelete(path);
            }
        };
    }

    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/>, unless it is one of
    /// <paramref name="inputPaths"/> (compared as full paths, links followed) or cannot be an output
    /// file (<see cref="OutputTarget.Problem"/>).
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

        error = OutputTarget.Problem(path, inputPaths);
        if (error is not null)
        {
            return false;
        }

        string target;
        try
        {
            target = OutputTarget.Resolve(path);
        }
        catch (Exception exception) when (OutputTarget.IsFileSystemError(exception))
        {
            error = $"{path}: {exception.Message}";
            return false;
        }

        var folder = Path.GetDirectoryName(target) ?? ".";
        RemoveAbandoned(folder, Path.GetFileName(target));
        var temporary = TemporaryPath(folder, Path.GetFileName(target));
        Pending[temporary] = 0;
        var moved = false;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                // The data must be on disk before the rename makes it the file, or a power cut could leave an empty file.
                stream.Flush(flushToDisk: true);
            }

            // Checked again just before the rename: the target may have become a FIFO or a device while the content was written.
            var kind = FileKinds.Of(target);
            if (kind is not (FileKind.Regular or FileKind.Unknown))
            {
                error = $"{path}: is {FileKinds.Describe(kind)}; krug-blend writes only regular files and never replaces a FIFO or a device";
                return false;
            }

            File.Move(temporary, target, overwrite: true);
            moved = true;
            return true;
        }
        catch (Exception exception) when (OutputTarget.IsFileSystemError(exception))
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

            Pending.TryRemove(temporary, out _);
        }
    }

    /// <summary>A new temporary file name for <paramref name="fileName"/> in <paramref name="folder"/>, recognisable by a later run.</summary>
    internal static string TemporaryPath(string folder, string fileName) =>
        Path.Combine(folder, string.Create(
            CultureInfo.InvariantCulture,
            $".{fileName}.krug-blend-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(Path.GetRandomFileName())}.tmp"));

    /// <summary>Deletes <paramref name="path"/> if it can; a leftover temporary file must not hide the error that matters.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (OutputTarget.IsFileSystemError(exception))
        {
            // The temporary file is hidden and named as such; the next write of the same file removes it.
        }
    }

    /// <summary>
    /// Removes the temporary files an earlier run left for <paramref name="fileName"/> when it was
    /// killed while writing: those whose process no longer runs, or that are a day old.
    /// </summary>
    internal static void RemoveAbandoned(string folder, string fileName)
    {
        try
        {
            var prefix = "." + fileName + ".krug-blend-";
            foreach (var candidate in Directory.EnumerateFiles(folder, ".*.tmp"))
            {
                var name = Path.GetFileName(candidate);
                if (!name.StartsWith(prefix, StringComparison.Ordinal)
                    || TemporarySuffix().Match(name[prefix.Length..]) is not { Success: true } match
                    || !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    || pid == Environment.ProcessId
                    || FileKinds.Of(candidate) != FileKind.Regular)
                {
                    continue;
                }

                if (!IsRunning(pid) || DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) > Abandoned)
                {
                    TryDelete(candidate);
                }
            }
        }
        catch (Exception exception) when (OutputTarget.IsFileSystemError(exception))
        {
            // Cleaning up after another run is a courtesy; the write itself decides success.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<pid>[0-9]{1,10})-[a-z0-9]+\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporarySuffix();
}
