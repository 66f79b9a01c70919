namespace Krug.Blending.Cli.Output;

/// <summary>How a report is printed (see docs/csv-formats.md for the CSV and JSON shapes).</summary>
internal enum ReportFormat
{
    /// <summary>Aligned text for people.</summary>
    Table,

    /// <summary>CSV for spreadsheets and scripts.</summary>
    Csv,

    /// <summary>JSON for scripts.</summary>
    Json,
}
