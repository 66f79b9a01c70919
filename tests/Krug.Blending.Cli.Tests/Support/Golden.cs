using System.Runtime.CompilerServices;
using System.Text;

namespace Krug.Blending.Cli.Tests.Support;

/// <summary>
/// Golden-file comparison: the expected output lives in Golden/NAME.expected.EXT beside the calling
/// test file in the source tree. On a mismatch the actual output is written beside it as NAME.actual.EXT, to diff and, once
/// checked by hand, to rename.
/// </summary>
internal static class Golden
{
    public static void Match(string name, string extension, string actual, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden");
        var expectedPath = Path.Combine(folder, $"{name}.expected.{extension}");
        var actualPath = Path.Combine(folder, $"{name}.actual.{extension}");
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath, Encoding.UTF8).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(actualPath);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(actualPath, actual, new UTF8Encoding(false));
        var reason = expected is null ? $"{expectedPath} does not exist" : $"the output differs from {expectedPath}";
        throw new Xunit.Sdk.XunitException($"Golden file mismatch: {reason}. The actual output was written to {actualPath}; diff the two and, if the new output is right, replace the expected file.");
    }
}
