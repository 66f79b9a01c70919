using System.Text;

namespace Krug.Blending.Cli.Tests.Support;

/// <summary>A fresh folder for the input and output files of one test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "krug-cli-tests", System.IO.Path.GetRandomFileName());
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without BOM, exactly (no newline conversion).</summary>
    public string Write(string name, string text)
    {
        File.WriteAllText(PathOf(name), text, Utf8NoBom);
        return PathOf(name);
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(PathOf(name), bytes);
        return PathOf(name);
    }

    /// <summary>Writes the spec example's tanks.csv and formula.csv, and <paramref name="plan"/> as plan.csv.</summary>
    public TempFolder WithSpecExample(string plan)
    {
        Write("tanks.csv", SpecExample.Tanks);
        Write("formula.csv", SpecExample.Formula);
        Write("plan.csv", plan);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder must not fail a test.
        }
    }
}
