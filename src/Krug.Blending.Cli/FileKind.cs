using System.Runtime.InteropServices;
using System.Text;

namespace Krug.Blending.Cli;

/// <summary>What a path names, as far as reading and writing files is concerned.</summary>
internal enum FileKind
{
    /// <summary>The type could not be found out (no such path, no permission, or an old runtime); opening it will tell.</summary>
    Unknown,

    /// <summary>A regular file: the only kind the tool reads or replaces.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A FIFO (named pipe): opening it for reading waits for a writer, possibly for ever.</summary>
    Fifo,

    /// <summary>A character or block device such as <c>/dev/null</c> or <c>/dev/zero</c>.</summary>
    Device,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}

/// <summary>
/// Finds the kind of a path without opening it, links followed. Opening a FIFO blocks until a
/// writer appears, and replacing <c>/dev/null</c> by a rename would replace the system's; so both
/// the input reader and the output writer look first.
/// </summary>
internal static class FileKinds
{
    // The S_IFMT bits of the mode, as the runtime's shim normalises them on every Unix.
    private const int TypeMask = 0xF000;
    private const int FifoType = 0x1000;
    private const int CharacterDeviceType = 0x2000;
    private const int DirectoryType = 0x4000;
    private const int BlockDeviceType = 0x6000;
    private const int RegularType = 0x8000;
    private const int SocketType = 0xC000;

    /// <summary>The kind of <paramref name="path"/>; <see cref="FileKind.Unknown"/> when it does not exist or cannot be examined.</summary>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            // Windows names no FIFO or device in its file system paths (pipes live under \\.\pipe\).
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Unknown;
        }

        return UnixMode(path) is not { } mode ? FileKind.Unknown : (mode & TypeMask) switch
        {
            RegularType => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            FifoType => FileKind.Fifo,
            CharacterDeviceType or BlockDeviceType => FileKind.Device,
            SocketType => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>How a message names a path of <paramref name="kind"/>.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a file",
        FileKind.Directory => "a folder",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Device => "a device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    private static int? UnixMode(string path)
    {
        // The shim's FileStatus starts with two int32 fields, Flags and Mode; the rest (about 120 bytes) is not needed.
        var status = new byte[256];
        try
        {
            // A path with a NUL cannot name a file; the native call would silently cut it there.
            return path.Contains('\0', StringComparison.Ordinal) ? null
                : NativeMethods.SystemNative_Stat(Encoding.UTF8.GetBytes(path + "\0"), status) == 0 ? BitConverter.ToInt32(status, 4)
                : null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The stat function of libSystem.Native, the shim every .NET runtime on Unix ships and its own
    /// <c>System.IO</c> calls; unlike libc's <c>stat</c>, its result has one layout on every Unix.
    /// </summary>
    private static class NativeMethods
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int SystemNative_Stat(byte[] utf8Path, [Out] byte[] output);
    }
}
