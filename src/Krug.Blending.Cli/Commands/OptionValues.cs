using System.CommandLine.Parsing;
using Krug.Blending.Cli.Csv;

namespace Krug.Blending.Cli.Commands;

/// <summary>
/// Numeric option values, read the same way in every culture and by the rules of the numbers in the
/// input files (<see cref="CsvNumber"/>): digits with an optional sign and <c>.</c> decimal part; no
/// thousands separator, decimal comma, exponent, NaN, infinity or unit (<c>1m</c>). A wrong value is
/// a one-line parse error, exit code 2. A numeric option declares both halves:
/// <code>
/// CustomParser = OptionValues.Decimal,
/// Validators = { OptionValues.Number },
/// </code>
/// </summary>
/// <remarks>
/// Why two halves: in System.CommandLine 3.0 an exception thrown by a custom parser crashes the
/// process, and an error the parser adds marks the value as unconvertible, after which every
/// <c>GetValueOrDefault</c> — which the options' range validators call — throws. So the validator,
/// declared with the option and therefore run before the validators added later, reports the
/// problem from the raw token; the parser never adds an error and hands the later validators a
/// placeholder they accept: the option's default, or 1 for an option without one (a parsed null
/// cannot be cast to a nullable value type, and 0 fails checks such as "--volume must be positive").
/// The parse has failed by then, so the placeholder is never used.
/// </remarks>
internal static class OptionValues
{
    /// <summary>Validator of an option read by <see cref="Decimal"/>, <see cref="NullableDecimal"/>, <see cref="Double"/> or <see cref="NullableDouble"/>.</summary>
    public static void Number(OptionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Problem(result.Tokens, wholeNumber: false) is { } problem)
        {
            result.AddError(Message(NameAsTyped(result), problem, result.Tokens));
        }
    }

    /// <summary>Validator of an option read by <see cref="Int"/> or <see cref="NullableInt"/>.</summary>
    public static void WholeNumber(OptionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Problem(result.Tokens, wholeNumber: true) is { } problem)
        {
            result.AddError(Message(NameAsTyped(result), problem, result.Tokens));
        }
    }

    /// <summary>The option as the user typed it (an alias such as <c>--accuracy-slack</c> included).</summary>
    private static string NameAsTyped(OptionResult result) => result.IdentifierToken?.Value ?? result.Option.Name;

    /// <summary>Parser of an <c>Option&lt;decimal&gt;</c>.</summary>
    public static decimal Decimal(ArgumentResult result) =>
        TryRead(result, Number, wholeNumber: false, out var value) ? value : Placeholder<decimal>(result);

    /// <summary>Parser of an <c>Option&lt;decimal?&gt;</c>.</summary>
    public static decimal? NullableDecimal(ArgumentResult result) =>
        TryRead(result, Number, wholeNumber: false, out var value) ? value : Placeholder<decimal?>(result) ?? 1m;

    /// <summary>Parser of an <c>Option&lt;double&gt;</c>; read exactly as a decimal first, so <c>0.1</c> is the double nearest to 0.1.</summary>
    public static double Double(ArgumentResult result) =>
        TryRead(result, Number, wholeNumber: false, out var value) ? (double)value : Placeholder<double>(result);

    /// <summary>Parser of an <c>Option&lt;double?&gt;</c>.</summary>
    public static double? NullableDouble(ArgumentResult result) =>
        TryRead(result, Number, wholeNumber: false, out var value) ? (double)value : Placeholder<double?>(result) ?? 1d;

    /// <summary>Parser of an <c>Option&lt;int&gt;</c>.</summary>
    public static int Int(ArgumentResult result) =>
        TryRead(result, WholeNumber, wholeNumber: true, out var value) ? (int)value : Placeholder<int>(result);

    /// <summary>Parser of an <c>Option&lt;int?&gt;</c>.</summary>
    public static int? NullableInt(ArgumentResult result) =>
        TryRead(result, WholeNumber, wholeNumber: true, out var value) ? (int)value : Placeholder<int?>(result) ?? 1;

    /// <summary>What is wrong with the option's value, or <see langword="null"/> when it reads.</summary>
    internal static string? Problem(IReadOnlyList<Token> tokens, bool wholeNumber)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count != 1)
        {
            // Arity errors (no value, two values) are System.CommandLine's own.
            return null;
        }

        return CsvNumber.TryParse(tokens[0].Value, decimalComma: false, allowPercent: false, out var value) switch
        {
            NumberProblem.None when wholeNumber && (value != decimal.Truncate(value) || value is < int.MinValue or > int.MaxValue) =>
                "must be a whole number such as 4",
            NumberProblem.None => null,
            NumberProblem.ThousandsSeparator => "must be written without thousands separators (1250.5, not 1,250.5 or 1 250)",
            NumberProblem.DecimalComma => "must use '.' for the decimals, whatever the language (1.5, not 1,5)",
            NumberProblem.TooLarge => "is too large",
            _ => wholeNumber
                ? "must be a whole number such as 4 (digits only; no unit or exponent)"
                : "must be a plain number such as 60 or 0.5 (digits and '.'; no unit, exponent or thousands separator)",
        };
    }

    private static string Message(string option, string problem, IReadOnlyList<Token> tokens) =>
        $"{option} {problem}, got {InputLocation.Quote(tokens[0].Value)}.";

    private static bool TryRead(ArgumentResult result, Action<OptionResult> validator, bool wholeNumber, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(result);
        value = 0m;
        if (Problem(result.Tokens, wholeNumber) is { } problem)
        {
            // Without its validator nobody would report the problem, and a wrong value must never pass as the default.
            if (result.Parent is not OptionResult option || !option.Option.Validators.Contains(validator))
            {
                result.AddError(Message(result.Argument.Name, problem, result.Tokens));
            }

            return false;
        }

        return result.Tokens.Count == 1
            && CsvNumber.TryParse(result.Tokens[0].Value, decimalComma: false, allowPercent: false, out value) == NumberProblem.None;
    }

    private static T? Placeholder<T>(ArgumentResult result) =>
        result.Argument.HasDefaultValue && result.Argument.GetDefaultValue() is T value ? value : default;
}
