using Canns.Models;

namespace Canns.Analysis.Reports;

/// <summary>The files a report wrote.</summary>
/// <param name="Directory">The output directory's full path.</param>
/// <param name="Html">The self-contained HTML report.</param>
/// <param name="Markdown">The Markdown summary.</param>
/// <param name="Json">The raw data as JSON (schema in docs/report-schema.md).</param>
/// <param name="Csv">The raw data as CSV tables.</param>
/// <remarks>
/// Equality is by value: the paths are compared ordinally, the CSV list element by element.
/// </remarks>
public sealed record ReportFiles(string Directory, string Html, string Markdown, string Json, IReadOnlyList<string> Csv)
{
    /// <summary>Every file written: HTML, Markdown, JSON, then the CSV tables.</summary>
    public IReadOnlyList<string> All => [Html, Markdown, Json, .. Csv];

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(ReportFiles? other) =>
        ReferenceEquals(this, other) || (other is not null && Directory == other.Directory && Html == other.Html && Markdown == other.Markdown &&
        Json == other.Json && SequenceEquality.Equal(Csv, other.Csv));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Directory, Html, Markdown, Json, SequenceEquality.Hash(Csv));
}
