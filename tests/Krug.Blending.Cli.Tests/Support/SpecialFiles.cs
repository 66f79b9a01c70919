using System.Diagnostics;

namespace Krug.Blending.Cli.Tests.Support;

/// <summary>Paths that are not plain files, made for a test: FIFOs, huge sparse files, read-only folders.</summary>
internal static class SpecialFiles
{
    /// <summary>Why FIFOs and /dev cannot be used here, or <see langword="null"/> where they can.</summary>
    public static string? NoUnixFiles() => OperatingSystem.IsWindows() ? "no FIFOs or /dev on Windows" : null;

    /// <summary>Why a read-only folder cannot be made here (Windows, or a user such as root whom permissions do not stop).</summary>
    public static string? NoReadOnlyFolders()
    {
        if (OperatingSystem.IsWindows())
        {
            return "no Unix permissions on Windows";
        }

        var probe = Path.Combine(Path.GetTempPath(), "krug-cli-tests", "ro-probe-" + Path.GetRandomFileName());
        try
        {
            ReadOnlyFolder(probe);
            File.WriteAllText(Path.Combine(probe, "x"), "x");
            return "this user can write into a read-only folder (root)";
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(probe, recursive: true);
        }
    }

    /// <summary>Creates a FIFO (named pipe) at <paramref name="path"/>, with no writer.</summary>
    public static string Fifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0, $"mkfifo {path}");
        FileKinds.Of(path).Should().Be(FileKind.Fifo);
        return path;
    }

    /// <summary>Creates a file of <paramref name="length"/> zero bytes that takes no disk space (sparse).</summary>
    public static string Sparse(string path, long length)
    {
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.SetLength(length);
        }

        return path;
    }

    /// <summary>Creates <paramref name="path"/> as a folder its owner may read and enter but not write.</summary>
    public static string ReadOnlyFolder(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        return path;
    }
}
