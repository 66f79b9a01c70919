using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Krug.Blending.Cli.Csv;

/// <summary>One record of an input file, with the physical line it starts on.</summary>
/// <param name="Line">1-based physical line.</param>
/// <param name="Fields">The fields, trimmed and in Unicode normal form C.</param>
internal sealed record CsvRecord(int Line, ImmutableArray<string> Fields)
{
    /// <summary>Field <paramref name="index"/> (0-based), or empty when the line is shorter: spreadsheets drop trailing empty cells.</summary>
    public string this[int index] => index < Fields.Length ? Fields[index] : string.Empty;
}

/// <summary>
/// An input file split into a header and records, before any column is interpreted. Decoding is
/// strict UTF-8 (with or without BOM): a file saved in another encoding is reported instead of
/// being read as garbage. The delimiter is the one given, or detected from the header line.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string file, char delimiter, CsvRecord header, IReadOnlyList<CsvRecord> rows, IReadOnlyList<InputError> malformed)
    {
        File = file;
        Delimiter = delimiter;
        Header = header;
        Rows = rows;
        Malformed = malformed;
    }

    /// <summary>The file as given on the command line.</summary>
    public string File { get; }

    /// <summary>The field delimiter in use.</summary>
    public char Delimiter { get; }

    /// <summary>The header line.</summary>
    public CsvRecord Header { get; }

    /// <summary>The data records, in file order, without empty lines and lines whose fields are all empty.</summary>
    public IReadOnlyList<CsvRecord> Rows { get; }

    /// <summary>Lines whose quoting is broken; they are not in <see cref="Rows"/>.</summary>
    public IReadOnlyList<InputError> Malformed { get; }

    /// <summary>Reads (see <see cref="InputFile"/>: regular files of at most 32 MiB) and splits the file at <paramref name="path"/>.</summary>
    /// <param name="path">The path as given on the command line; messages name it so.</param>
    /// <param name="delimiter">The delimiter, or <see langword="null"/> to detect it from the header line.</param>
    /// <param name="expectedHeader">The header the file should have, for messages (e.g. <c>tank,capacity,wine</c>).</param>
    public static ReadResult<CsvTable> Load(string path, char? delimiter, string expectedHeader)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = InputFile.Read(path);
        return bytes.Value is null ? ReadResult<CsvTable>.Failure(bytes.Errors, bytes.Warnings) : Parse(path, bytes.Value, delimiter, expectedHeader);
    }

    /// <summary>Splits file content that is already in memory (see <see cref="Load"/>).</summary>
    public static ReadResult<CsvTable> Parse(string file, ReadOnlySpan<byte> bytes, char? delimiter, string expectedHeader)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(expectedHeader);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Fail(file, "the file is UTF-16; save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (Decode(bytes, out var text) is { } invalidAt)
        {
            var line = 1 + bytes[..invalidAt].Count((byte)'\n');
            return Fail(file, line, string.Create(
                CultureInfo.InvariantCulture,
                $"the file is not valid UTF-8 (byte 0x{bytes[invalidAt]:X2}); it was probably saved as Windows-1252 or Latin-1: save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')"));
        }

        var lines = text.Split('\n');
        var headerIndex = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (headerIndex < 0)
        {
            return Fail(file, $"the file is empty; expected a header line '{expectedHeader}' and one line per row");
        }

        var headerLine = lines[headerIndex].TrimEnd('\r');
        // Excel writes a first line 'sep=;' to name the delimiter of the lines that follow.
        if (headerLine.Trim() is { Length: 5 } hint && hint.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && CsvDelimiter.Supported.Contains(hint[4]))
        {
            delimiter ??= hint[4];
            lines[headerIndex] = string.Empty;
            text = string.Join('\n', lines);
            headerIndex = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
            if (headerIndex < 0)
            {
                return Fail(file, $"the file has no header line; expected '{expectedHeader}'");
            }

            headerLine = lines[headerIndex].TrimEnd('\r');
        }

        var separator = delimiter ?? CsvDelimiter.Detect(headerLine);
        var (records, malformed) = Split(file, text, separator);
        if (records.Count == 0 || records[0].Line != headerIndex + 1)
        {
            // The header line itself was malformed or had only empty fields, so CsvHelper skipped it.
            var problem = malformed.FirstOrDefault(m => m.Line == headerIndex + 1)?.Message ?? "it has no column name";
            return Fail(file, headerIndex + 1, $"the header line cannot be read: {problem}; expected '{expectedHeader}'");
        }

        return ReadResult<CsvTable>.Success(new CsvTable(file, separator, records[0], records.Skip(1).ToList(), malformed), []);
    }

    private static (List<CsvRecord> Records, List<InputError> Malformed) Split(string file, string text, char separator)
    {
        var malformed = new List<InputError>();
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            // A stray quote must not swallow the rest of the file: every line break ends a record.
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = record => malformed.Add(new InputError(file, checked((int)record.LineNumber), null, Describe(record.Reason))),
        };

        var records = new List<CsvRecord>();
        using var reader = CsvReader.FromText(text, options);
        while (reader.Read())
        {
            var fields = ImmutableArray.CreateBuilder<string>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                // Spaces inside quotes are trimmed too: "  C001 " is the tank C001. Normal form C makes
                // an accent typed on macOS (decomposed) match the same accent typed elsewhere.
                fields.Add(reader.GetString(i).Trim().Normalize(NormalizationForm.FormC));
            }

            if (fields.All(f => f.Length == 0))
            {
                continue;
            }

            records.Add(new CsvRecord(checked((int)reader.LineNumber), fields.MoveToImmutable()));
        }

        return (records, malformed);
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field; quote the whole field and double the quotes inside it (\"like \"\"this\"\"\")",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field; quote the whole field and double the quotes inside it",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes => "a quoted field is not closed on its line",
        _ => "the line is malformed (" + reason.ToString() + ")",
    };

    /// <summary>Decodes strict UTF-8; returns the offset of the first invalid byte, or <see langword="null"/>.</summary>
    private static int? Decode(ReadOnlySpan<byte> bytes, out string text)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                text = string.Empty;
                return read;
            }

            text = new string(buffer, 0, written);
            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static ReadResult<CsvTable> Fail(string file, string message) =>
        ReadResult<CsvTable>.Failure([new InputError(file, null, null, message)], []);

    private static ReadResult<CsvTable> Fail(string file, int line, string message) =>
        ReadResult<CsvTable>.Failure([new InputError(file, line, null, message)], []);
}
