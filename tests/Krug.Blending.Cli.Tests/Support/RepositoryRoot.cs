namespace Krug.Blending.Cli.Tests.Support;

/// <summary>The folder holding Krug.Blending.sln, found by walking up from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "Krug.Blending.sln")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException($"No Krug.Blending.sln above {AppContext.BaseDirectory}.");
    }
}
