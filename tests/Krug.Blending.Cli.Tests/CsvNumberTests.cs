using Krug.Blending.Cli.Csv;

namespace Krug.Blending.Cli.Tests;

public sealed class CsvNumberTests
{
    [Theory]
    [InlineData("1250", false, false, "1250")]
    [InlineData("12.5", false, false, "12.5")]
    [InlineData("12,5", true, false, "12.5")]
    [InlineData("+7", false, false, "7")]
    [InlineData("-7.25", false, false, "-7.25")]
    [InlineData("0.001", false, false, "0.001")]
    [InlineData("20%", false, true, "20")]
    [InlineData("20 %", false, true, "20")]
    [InlineData("1,250", true, false, "1.250")]
    public void AWellFormedNumberIsReadExactly(string text, bool decimalComma, bool allowPercent, string expected)
    {
        var problem = CsvNumber.TryParse(text, decimalComma, allowPercent, out var value);

        problem.Should().Be(NumberProblem.None);
        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("", false, false, "Empty")]
    [InlineData("abc", false, false, "NotANumber")]
    [InlineData("1e3", false, false, "NotANumber")]
    [InlineData(".5", false, false, "NotANumber")]
    [InlineData("5.", false, false, "NotANumber")]
    [InlineData("--5", false, false, "NotANumber")]
    [InlineData("20%", false, false, "NotANumber")]
    [InlineData("1,250.5", false, false, "ThousandsSeparator")]
    [InlineData("1.250,5", true, false, "ThousandsSeparator")]
    [InlineData("1 250", true, false, "ThousandsSeparator")]
    [InlineData("1\u202F250", true, false, "ThousandsSeparator")]
    [InlineData("1'250", false, false, "ThousandsSeparator")]
    [InlineData("1.250.000", false, false, "ThousandsSeparator")]
    [InlineData("12,5", false, false, "DecimalComma")]
    [InlineData("99999999999999999999999999999999", false, false, "TooLarge")]
    public void AMalformedNumberIsRefusedWithItsReason(string text, bool decimalComma, bool allowPercent, string expected)
    {
        CsvNumber.TryParse(text, decimalComma, allowPercent, out _).ToString().Should().Be(expected);
    }

    [Theory]
    [InlineData("12", 0)]
    [InlineData("12.50", 1)]
    [InlineData("12.500", 1)]
    [InlineData("12.05", 2)]
    [InlineData("1250.00", 0)]
    public void TrailingZerosDoNotCountAsDecimals(string text, int expected)
    {
        CsvNumber.SignificantDecimals(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(expected);
    }

    [Theory]
    [InlineData("tank,capacity,wine", ',')]
    [InlineData("tank;capacity;wine", ';')]
    [InlineData("tank\tcapacity\twine", '\t')]
    [InlineData("\"tank,id\";capacity;wine", ';')]
    [InlineData("tank", ',')]
    public void TheDelimiterIsDetectedFromTheHeaderLine(string header, char expected)
    {
        CsvDelimiter.Detect(header).Should().Be(expected);
    }
}
