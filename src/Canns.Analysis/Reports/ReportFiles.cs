namespace Canns.Analysis.Reports;

/// <summary>The files a report wrote.</summary>
/// <param name="Directory">The output directory's full path.</param>
/// <param name="Html">The self-contained HTML report.</param>
/// <param name="Markdown">The Markdown summary.</param>
/// <param name="Json">The raw data as JSON (schema in docs/report-schema.md).</param>
/// <param name="Csv">The raw data as CSV tables.</param>
public sealed record ReportFiles(string Directory, string Html, string Markdown, string Json, IReadOnlyList<string> Csv)
{
    /// <summary>Every file written: HTML, Markdown, JSON, then the CSV tables.</summary>
    public IReadOnlyList<string> All => [Html, Markdown, Json, .. Csv];
}
