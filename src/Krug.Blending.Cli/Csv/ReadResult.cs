using System.Collections.Immutable;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// The outcome of reading an input: a value when there is no error, and every error and warning
/// found. Malformed input is an expected outcome, so it comes back here rather than as an exception.
/// </summary>
/// <typeparam name="T">What was read.</typeparam>
internal sealed class ReadResult<T>
    where T : class
{
    private ReadResult(T? value, ImmutableArray<InputError> errors, ImmutableArray<InputWarning> warnings)
    {
        Value = value;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>What was read; <see langword="null"/> exactly when there are errors.</summary>
    public T? Value { get; }

    /// <summary>Every error found (capped per file, see <see cref="ErrorList"/>), in file order.</summary>
    public ImmutableArray<InputError> Errors { get; }

    /// <summary>Warnings, also when there are errors.</summary>
    public ImmutableArray<InputWarning> Warnings { get; }

    /// <summary>Whether the input was read without error.</summary>
    public bool IsSuccess => Value is not null;

    public static ReadResult<T> Success(T value, IEnumerable<InputWarning> warnings) =>
        new(value ?? throw new ArgumentNullException(nameof(value)), [], [.. warnings]);

    public static ReadResult<T> Failure(IEnumerable<InputError> errors, IEnumerable<InputWarning> warnings)
    {
        var list = errors.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A failed read needs at least one error.", nameof(errors));
        }

        return new ReadResult<T>(null, list, [.. warnings]);
    }
}
