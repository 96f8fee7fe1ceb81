using System.Globalization;
using System.Net;
using System.Text;

namespace Canns.Analysis.Reports;

/// <summary>Formatting shared by the report writers: invariant culture, fixed formats, "\n" line ends.</summary>
internal static class Text
{
    /// <summary>A double for data files: the shortest text that round-trips ("R"), invariant culture.</summary>
    public static string Data(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An integer, invariant culture.</summary>
    public static string Data(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double for people: <paramref name="format"/>, invariant culture.</summary>
    public static string Show(double value, string format = "F4") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>HTML-escapes text.</summary>
    public static string Html(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A CSV table: a header line and one line per row, fields joined by commas (the fields never contain commas or quotes).</summary>
    public static string Csv(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', header)).Append('\n');
        foreach (var row in rows) sb.Append(string.Join(',', row)).Append('\n');
        return sb.ToString();
    }

    /// <summary>A Markdown table.</summary>
    public static string MarkdownTable(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        sb.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows) sb.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>The report name of a storage rule (as the CLI's <c>--rule</c> spells it).</summary>
    public static string Name(StorageRule rule) => rule switch
    {
        StorageRule.Hebbian => "hebbian",
        StorageRule.HebbianUncentered => "hebbian-uncentered",
        StorageRule.AntiHebbian => "antihebbian",
        StorageRule.DenseCubic => "dense3",
        StorageRule.DenseExponential => "dense-exp",
        _ => rule.ToString().ToLowerInvariant(),
    };

    /// <summary>The storage rule a report (or the CLI's <c>--rule</c>) names; null for an unknown name.</summary>
    public static StorageRule? ParseRule(string name) =>
        Enum.GetValues<StorageRule>().Cast<StorageRule?>().FirstOrDefault(r => Name(r!.Value) == name);

    /// <summary>The report names of all storage rules, in declaration order.</summary>
    public static IReadOnlyList<string> RuleNames { get; } = Enum.GetValues<StorageRule>().Select(Name).ToArray();

    /// <summary>The report name of an update mode (as the CLI's <c>--update</c> spells it).</summary>
    public static string Name(Canns.Models.UpdateMode mode) => mode == Canns.Models.UpdateMode.Synchronous ? "sync" : "async";

    /// <summary>The report name of an attractor kind.</summary>
    public static string Name(AttractorKind kind) => kind.ToString().ToLowerInvariant();
}
