using System.Globalization;
using System.Text;
using CsvHelper;
using Krug.Blending.Domain;

namespace Krug.Blending.Cli.Csv;

/// <summary>
/// Reads and writes <c>plan.csv</c>, a contract other tools read: header <c>step,transfer,tank,role,volume</c>,
/// one row per tank taking part in a transfer, volumes in the tanks file's unit (see docs/csv-formats.md).
/// The reader checks structure only; whether the plan obeys the cellar rules is the verifier's job.
/// </summary>
internal static class PlanCsv
{
    /// <summary>The header line, exactly as written.</summary>
    public const string Header = "step,transfer,tank,role,volume";

    /// <summary>
    /// The largest step or transfer number read: far beyond any real plan (the largest cellars have
    /// hundreds of tanks), and far enough below <see cref="int.MaxValue"/> that the verifier's
    /// numbering arithmetic (<c>number + 1</c>, checked) cannot overflow.
    /// </summary>
    public const int MaxNumber = 1_000_000;

    private const string StepColumn = "step";
    private const string TransferColumn = "transfer";
    private const string TankColumn = "tank";
    private const string RoleColumn = "role";
    private const string VolumeColumn = "volume";

    private static readonly string[] HeaderFields = [StepColumn, TransferColumn, TankColumn, RoleColumn, VolumeColumn];

    private static readonly CsvWriterOptions WriterOptions = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\n",
        Quoting = CsvQuoting.WhenNeeded,
        WriteByteOrderMark = false,
        // Tank ids are protected by CsvCell, which the reader undoes; the volumes are numbers and must stay so.
        Injection = CsvInjection.None,
    };

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">The path as given on the command line.</param>
    /// <param name="delimiter">The delimiter, or <see langword="null"/> to detect it.</param>
    /// <param name="unit">The cellar's unit: volumes must be exact in it.</param>
    /// <param name="tanksFile">The tanks file as given, for messages about the unit.</param>
    public static ReadResult<Plan> Load(string path, char? delimiter, VolumeUnit unit, string tanksFile)
    {
        var table = CsvTable.Load(path, delimiter, Header);
        return table.Value is null ? ReadResult<Plan>.Failure(table.Errors, table.Warnings) : Read(table.Value, unit, tanksFile);
    }

    /// <summary>Interprets an already split file. A header without rows is an empty plan (the verifier rejects it).</summary>
    public static ReadResult<Plan> Read(CsvTable table, VolumeUnit unit, string tanksFile)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(unit);
        var errors = new ErrorList(table.File);
        var warnings = new List<InputWarning>();
        foreach (var error in table.Malformed)
        {
            errors.Add(error.Line, error.Column, error.Message);
        }

        var columns = ColumnMap.Resolve(table, HeaderFields, errors, warnings);
        if (columns is null)
        {
            return ReadResult<Plan>.Failure(errors.ToList(), warnings);
        }

        var rows = new List<PlanRow>();
        var stepOfTransfer = new Dictionary<int, (int Step, int Line)>();
        foreach (var record in table.Rows)
        {
            if (errors.IsFull)
            {
                errors.Stop();
                break;
            }

            var ok = columns.CheckExtraFields(record, table.Delimiter, errors);
            ok &= TryReadNumber(record, columns, StepColumn, errors, out var step);
            ok &= TryReadNumber(record, columns, TransferColumn, errors, out var transfer);

            // Undoes the writer's protection against CSV injection: a tank named =T1 is written '=T1.
            var tank = CsvCell.ReadText(record[columns[TankColumn]]);
            if (tank.Length == 0)
            {
                errors.Add(record.Line, columns.Number(TankColumn), "tank is empty; name the tank of tanks.csv that takes part in the transfer");
                ok = false;
            }

            var roleText = record[columns[RoleColumn]];
            TransferRole role = default;
            if (roleText.Equals("from", StringComparison.OrdinalIgnoreCase))
            {
                role = TransferRole.From;
            }
            else if (roleText.Equals("to", StringComparison.OrdinalIgnoreCase))
            {
                role = TransferRole.To;
            }
            else
            {
                errors.Add(record.Line, columns.Number(RoleColumn), $"role must be 'from' or 'to', got {InputLocation.Quote(roleText)}");
                ok = false;
            }

            ok &= TryReadVolume(record, columns, table.Delimiter, unit, tanksFile, errors, out var volume);

            if (step > 0 && transfer > 0)
            {
                if (!stepOfTransfer.TryGetValue(transfer, out var first))
                {
                    stepOfTransfer[transfer] = (step, record.Line);
                }
                else if (first.Step != step)
                {
                    errors.Add(record.Line, columns.Number(StepColumn), string.Create(
                        CultureInfo.InvariantCulture,
                        $"transfer {transfer} is in step {step} here but in step {first.Step} on line {first.Line}; a transfer belongs to one step"));
                    ok = false;
                }
            }

            if (ok)
            {
                rows.Add(new PlanRow(step, transfer, tank, role, volume));
            }
        }

        if (errors.Count > 0)
        {
            return ReadResult<Plan>.Failure(errors.ToList(), warnings);
        }

        return ReadResult<Plan>.Success(Plan.FromRows(rows), warnings);
    }

    /// <summary>Writes <paramref name="plan"/> as UTF-8 without BOM, <c>,</c> separated, <c>\n</c> line ends, header first.</summary>
    public static void Write(Plan plan, VolumeUnit unit, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = CsvWriter.Create(stream, WriterOptions, leaveOpen: true);
        WriteRows(plan, unit, writer);
    }

    /// <summary>Writes <paramref name="plan"/> to a text writer (same content as <see cref="Write(Plan, VolumeUnit, Stream)"/>).</summary>
    public static void Write(Plan plan, VolumeUnit unit, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        using var writer = CsvWriter.Create(textWriter, WriterOptions, leaveOpen: true);
        WriteRows(plan, unit, writer);
    }

    /// <summary>The text of <c>plan.csv</c> for <paramref name="plan"/>.</summary>
    public static string ToText(Plan plan, VolumeUnit unit)
    {
        var text = new StringBuilder();
        using (var writer = new StringWriter(text, CultureInfo.InvariantCulture))
        {
            Write(plan, unit, writer);
        }

        return text.ToString();
    }

    private static void WriteRows(Plan plan, VolumeUnit unit, CsvWriter writer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(unit);
        writer.WriteHeader(HeaderFields);
        foreach (var row in plan.ToRows())
        {
            writer.WriteRecord(
            [
                row.Step.ToString(CultureInfo.InvariantCulture),
                row.Transfer.ToString(CultureInfo.InvariantCulture),
                CsvCell.Text(row.TankId),
                row.Role == TransferRole.From ? "from" : "to",
                unit.Format(row.Volume),
            ]);
        }

        writer.Flush();
    }

    private static bool TryReadNumber(CsvRecord record, ColumnMap columns, string column, ErrorList errors, out int value)
    {
        var text = record[columns[column]];
        var digits = text.StartsWith('+') ? text[1..] : text;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit)
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MaxNumber)
        {
            return true;
        }

        value = 0;
        errors.Add(record.Line, columns.Number(column), string.Create(
            CultureInfo.InvariantCulture,
            $"{column} must be a whole number from 1 to {MaxNumber}, got {InputLocation.Quote(text)}"));
        return false;
    }

    private static bool TryReadVolume(CsvRecord record, ColumnMap columns, char delimiter, VolumeUnit unit, string tanksFile, ErrorList errors, out long volume)
    {
        var text = record[columns[VolumeColumn]];
        var problem = CsvNumber.TryParse(text, delimiter == ';', allowPercent: false, out var value);
        if (problem != NumberProblem.None)
        {
            volume = 0;
            var advice = CsvNumber.Advice(problem, delimiter);
            errors.Add(record.Line, columns.Number(VolumeColumn), string.Create(
                CultureInfo.InvariantCulture,
                $"volume must be a number in {unit.Label} with at most {unit.Decimals} decimals (as the capacities of {tanksFile}), got {InputLocation.Quote(text)}{(advice.Length > 0 ? ": " + advice : string.Empty)}"));
            return false;
        }

        if (Math.Abs(value) > TanksCsv.MaxCapacity)
        {
            volume = 0;
            errors.Add(record.Line, columns.Number(VolumeColumn), string.Create(
                CultureInfo.InvariantCulture,
                $"volume {InputLocation.Quote(text)} is larger than any tank can be ({TanksCsv.MaxCapacity})"));
            return false;
        }

        if (!unit.TryFromDecimal(value, out volume))
        {
            errors.Add(record.Line, columns.Number(VolumeColumn), string.Create(
                CultureInfo.InvariantCulture,
                $"volume {InputLocation.Quote(text)} has more decimals than the capacities of {tanksFile} ({unit.Decimals}); plan volumes use the same unit"));
            return false;
        }

        return true;
    }
}
