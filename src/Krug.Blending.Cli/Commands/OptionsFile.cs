using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Krug.Blending.Cli.Csv;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// <c>--options run.json</c>: everything a run takes, in one JSON object whose keys are option names
/// without dashes (<c>{"tanks": "tanks.csv", "volume": 1200, "require": ["variety=Chardonnay&gt;=35%"]}</c>).
/// The file's values become command-line tokens placed after the user's own, so each is read by the
/// option's own parser and validators, exactly as if it had been typed; an option given on the command
/// line is taken from there and its key in the file is skipped (a list too: the command line's list
/// replaces the file's). Relative paths are relative to the file's folder. A key that is an option of
/// another command only (<c>time-limit</c> read by <c>verify</c>) is ignored with a warning, so that
/// one file serves <c>plan</c> and <c>verify</c> alike. Any other problem in the file —
/// unreadable, not JSON, an unknown key, a value of the wrong JSON type — is a usage error (exit 2),
/// located as file:line:column: the file is the command line written down.
/// </summary>
internal static class OptionsFile
{
    /// <summary>The option itself, on every command.</summary>
    public static Option<string?> Option { get; } = new("--options")
    {
        Description = "Read the options of the run from this JSON file: an object whose keys are option names without dashes, e.g. " +
            "{\"tanks\": \"tanks.csv\", \"formula\": \"formula.csv\", \"volume\": 1200, \"require\": [\"variety=Chardonnay>=35%\"], \"time-limit\": 60}. " +
            "Numbers are JSON numbers, flags true or false, repeatable options arrays; paths are relative to the file's folder. " +
            "Options on the command line override the file's.",
        HelpName = "run.json",
        Recursive = true,
    };

    // Options whose value names a file or folder: relative to the options file's folder, not to where the tool runs.
    private static readonly HashSet<string> PathKeys = new(StringComparer.Ordinal)
    {
        "tanks", "formula", "formulas", "plan", "wines", "out", "report", "diagram", "out-dir",
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        // Files are written by hand: a comment or a trailing comma is no reason to refuse one.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The key of <paramref name="option"/> in an options file: its name without dashes.</summary>
    public static string KeyOf(Option option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return option.Name.TrimStart('-');
    }

    /// <summary>
    /// The command line of <paramref name="first"/> (parsed from <paramref name="args"/>) with the values
    /// of the options file at <paramref name="path"/> added; <see cref="Merged.Errors"/> lists every
    /// problem of the file instead when there are any.
    /// </summary>
    public static Merged Merge(IReadOnlyList<string> args, ParseResult first, string path)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(path);
        var bytes = InputFile.Read(path);
        if (bytes.Value is not { } content)
        {
            return new Merged([], [.. bytes.Errors.Select(e => e.ToString())], [], new Dictionary<string, string>());
        }

        return new Reader(path, content, first).Read(args);
    }

    /// <summary>The merged command line, or the file's problems.</summary>
    /// <param name="Args">The user's arguments followed by the file's, as tokens (empty when there are errors).</param>
    /// <param name="Errors">Each problem of the file as <c>file:line:column: message</c>.</param>
    /// <param name="Warnings">Keys ignored because only other commands take them, in the same form.</param>
    /// <param name="Origins">For each option the file gave, where: <c>--volume</c> → <c>run.json:3:13</c>.</param>
    internal sealed record Merged(IReadOnlyList<string> Args, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, IReadOnlyDictionary<string, string> Origins);

    private sealed class Reader(string path, byte[] content, ParseResult first)
    {
        private readonly List<string> _errors = [];
        private readonly List<string> _warnings = [];
        private readonly List<string> _tokens = [];
        private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);
        private readonly Dictionary<Option, int> _lines = [];
        private readonly Command _command = first.CommandResult.Command;

        public Merged Read(IReadOnlyList<string> args)
        {
            var json = content.AsSpan();
            var bom = json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            if (json[bom..].IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                _errors.Add(InputLocation.Format(path, null, null, "the file is empty; expected a JSON object such as {\"tanks\": \"tanks.csv\"}"));
                return Result(args);
            }

            var options = Known();
            var reader = new Utf8JsonReader(json[bom..], ReaderOptions);
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    Error(bom + (int)reader.TokenStartIndex, "the file must hold one JSON object of options, such as {\"tanks\": \"tanks.csv\", \"volume\": 1200}");
                    return Result(args);
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var at = bom + (int)reader.TokenStartIndex;
                    var key = reader.GetString()!;
                    reader.Read();
                    if (!options.TryGetValue(key, out var option))
                    {
                        if (Elsewhere(key) is { } other)
                        {
                            var (line, column) = Locate(at);
                            _warnings.Add(InputLocation.Format(path, line, column, $"{InputLocation.Quote(key)} is an option of krug-blend {other}, not of {_command.Name}: ignored"));
                        }
                        else
                        {
                            Error(at, Unknown(key, options));
                        }

                        reader.Skip();
                        continue;
                    }

                    var (keyLine, keyColumn) = Locate(at);
                    if (!_lines.TryAdd(option, keyLine))
                    {
                        Error(at, string.Create(CultureInfo.InvariantCulture,
                            $"option {InputLocation.Quote(key)} appears twice (lines {_lines[option]} and {keyLine}); give each option once"));
                        reader.Skip();
                        continue;
                    }

                    // The command line wins: its value is already in the arguments.
                    if (first.GetResult(option) is { Implicit: false })
                    {
                        reader.Skip();
                        continue;
                    }

                    _origins[option.Name] = InputLocation.Format(path, keyLine, keyColumn, string.Empty).TrimEnd(' ', ':');
                    Add(option, key, ref reader, bom);
                }

                if (reader.TokenType != JsonTokenType.EndObject)
                {
                    Error(bom + (int)reader.TokenStartIndex, "expected an option name in quotes or the closing '}'");
                }
                else
                {
                    // Reading on makes the reader refuse anything but comments and spaces after the object.
                    reader.Read();
                }
            }
            catch (JsonException exception)
            {
                var line = (int)(exception.LineNumber ?? 0) + 1;
                var column = CharacterColumn(line, (int)(exception.BytePositionInLine ?? 0), bom);
                _errors.Add(InputLocation.Format(path, line, column, "the file is not valid JSON: " + Describe(exception)));
            }

            return Result(args);
        }

        private Merged Result(IReadOnlyList<string> args)
        {
            if (_errors.Count > 0)
            {
                return new Merged([], _errors, _warnings, _origins);
            }

            // After the user's tokens, and before a "--" that would make them arguments.
            var end = args.ToList().IndexOf("--");
            var merged = end < 0 ? [.. args, .. _tokens] : args.Take(end).Concat(_tokens).Concat(args.Skip(end)).ToList();
            return new Merged(merged, [], _warnings, _origins);
        }

        /// <summary>Every key the command accepts: its options' names and aliases without dashes, and the global options.</summary>
        private Dictionary<string, Option> Known()
        {
            var known = new Dictionary<string, Option>(StringComparer.Ordinal);
            foreach (var option in _command.Options.Concat(GlobalOptions.All))
            {
                if (option is System.CommandLine.Help.HelpOption or VersionOption || ReferenceEquals(option, Option))
                {
                    continue;
                }

                foreach (var name in option.Aliases.Prepend(option.Name))
                {
                    known.TryAdd(name.TrimStart('-'), option);
                }
            }

            return known;
        }

        /// <summary>The first other command that takes <paramref name="key"/>, or <see langword="null"/>.</summary>
        private string? Elsewhere(string key) => first.RootCommandResult.Command.Subcommands
            .Where(c => !ReferenceEquals(c, _command))
            .FirstOrDefault(c => c.Options.Any(o => o.Aliases.Prepend(o.Name).Any(n => n.TrimStart('-') == key)))?.Name;

        private string Unknown(string key, Dictionary<string, Option> options)
        {
            var bare = key.TrimStart('-');
            var hint = bare != key && options.ContainsKey(bare) ? $" (write it without dashes: {InputLocation.Quote(bare)})"
                : options.Keys.FirstOrDefault(k => Distance(k, bare) <= 2) is { } near ? $" (did you mean {InputLocation.Quote(near)}?)"
                : string.Empty;
            return $"unknown option {InputLocation.Quote(key)} for krug-blend {_command.Name}{hint}; keys are the command's option names without dashes (krug-blend {_command.Name} --help lists them)";
        }

        /// <summary>The tokens of one option's value, checked against the JSON type the option takes.</summary>
        private void Add(Option option, string key, ref Utf8JsonReader reader, int bom)
        {
            var at = bom + (int)reader.TokenStartIndex;
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if (type == typeof(bool))
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    WrongType(at, key, "true or false", ref reader);
                }
                else if (reader.GetBoolean())
                {
                    // A flag off is its default: only a flag on needs a token.
                    _tokens.Add(option.Name);
                }

                return;
            }

            if (type == typeof(decimal) || type == typeof(double) || type == typeof(int))
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    WrongType(at, key, "a JSON number such as 1200 or 0.5, not in quotes", ref reader);
                }
                else if (!reader.TryGetDecimal(out var number))
                {
                    Error(at, $"{InputLocation.Quote(key)} is too large");
                }
                else
                {
                    // Written back the way the option reads numbers: '.' for decimals, no exponent.
                    _tokens.Add(Token(option, number.ToString(CultureInfo.InvariantCulture)));
                }

                return;
            }

            if (type == typeof(string[]))
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    _tokens.Add(Token(option, Value(key, reader.GetString()!)));
                    return;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    WrongType(at, key, "an array of strings such as [\"C012\", \"C013\"]", ref reader);
                    return;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        WrongType(bom + (int)reader.TokenStartIndex, key, "an array of strings", ref reader);
                        continue;
                    }

                    _tokens.Add(Token(option, Value(key, reader.GetString()!)));
                }

                return;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                WrongType(at, key, "a string in quotes", ref reader);
                return;
            }

            _tokens.Add(Token(option, Value(key, reader.GetString()!)));
        }

        private string Value(string key, string value) =>
            PathKeys.Contains(key) && value.Length > 0 && !Path.IsPathRooted(value)
                ? Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, value)
                : value;

        /// <summary>
        /// <c>--name=value</c>: one token, so that a value starting with '-' or '@' is never read as an
        /// option or a response file.
        /// </summary>
        private static string Token(Option option, string value) => option.Name + "=" + value;

        private void WrongType(int at, string key, string expected, ref Utf8JsonReader reader)
        {
            var found = reader.TokenType switch
            {
                JsonTokenType.String => "a string",
                JsonTokenType.Number => "a number",
                JsonTokenType.True or JsonTokenType.False => "a boolean",
                JsonTokenType.Null => "null",
                JsonTokenType.StartArray => "an array",
                JsonTokenType.StartObject => "an object",
                _ => reader.TokenType.ToString(),
            };
            Error(at, $"{InputLocation.Quote(key)} must be {expected}, got {found}");
            reader.Skip();
        }

        private void Error(int offset, string message)
        {
            var (line, column) = Locate(offset);
            _errors.Add(InputLocation.Format(path, line, column, message));
        }

        /// <summary>The 1-based line and character column of a byte offset of the file.</summary>
        private (int Line, int Column) Locate(int offset)
        {
            offset = Math.Clamp(offset, 0, content.Length);
            var before = content.AsSpan(0, offset);
            var lineStart = before.LastIndexOf((byte)'\n') + 1;
            return (before.Count((byte)'\n') + 1, Characters(content.AsSpan(lineStart, offset - lineStart)) + 1);
        }

        private int CharacterColumn(int line, int bytePosition, int bom)
        {
            // The reader counts from after the byte order mark.
            var start = bom;
            for (var l = 1; l < line && start < content.Length; l++)
            {
                var next = content.AsSpan(start).IndexOf((byte)'\n');
                start = next < 0 ? content.Length : start + next + 1;
            }

            var length = Math.Clamp(bytePosition, 0, content.Length - start);
            return Characters(content.AsSpan(start, length)) + 1;
        }

        // UTF-8 continuation bytes (10xxxxxx) do not start a character.
        private static int Characters(ReadOnlySpan<byte> bytes)
        {
            var count = 0;
            foreach (var b in bytes)
            {
                if ((b & 0xC0) != 0x80)
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>The reader's message without its own position (the location already says it).</summary>
        private static string Describe(JsonException exception)
        {
            var message = exception.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return (cut < 0 ? message : message[..cut]).Trim();
        }

        private static int Distance(string a, string b)
        {
            var previous = Enumerable.Range(0, b.Length + 1).ToArray();
            for (var i = 1; i <= a.Length; i++)
            {
                var current = new int[b.Length + 1];
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }

                previous = current;
            }

            return previous[b.Length];
        }
    }
}
