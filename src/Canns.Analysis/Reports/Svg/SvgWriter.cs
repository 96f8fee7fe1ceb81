using System.Globalization;
using System.Text;

namespace Canns.Analysis.Reports.Svg;

/// <summary>
/// A minimal SVG 1.1 writer: a root <c>&lt;svg&gt;</c> with a <c>&lt;title&gt;</c>, then shapes, text and groups
/// appended in order. Text and attribute values are XML-escaped; numbers are written in the invariant culture with
/// at most two decimals, so the same chart always gives the same bytes.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _sb = new();
    private int _openGroups;
    private bool _finished;

    /// <summary>Starts a document of <paramref name="width"/> × <paramref name="height"/> user units titled <paramref name="title"/>.</summary>
    public SvgWriter(double width, double height, string title)
    {
        Width = width;
        Height = height;
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"")
           .Append(" width=\"").Append(Num(width)).Append("\" height=\"").Append(Num(height))
           .Append("\" viewBox=\"0 0 ").Append(Num(width)).Append(' ').Append(Num(height)).Append("\">\n")
           .Append("<title>").Append(Escape(title)).Append("</title>\n");
    }

    /// <summary>The document's width in user units.</summary>
    public double Width { get; }

    /// <summary>The document's height in user units.</summary>
    public double Height { get; }

    /// <summary>Appends a straight line from (x1, y1) to (x2, y2).</summary>
    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null, string? cssClass = null) =>
        Element("line", cssClass, ("x1", Num(x1)), ("y1", Num(y1)), ("x2", Num(x2)), ("y2", Num(y2)), ("stroke", stroke),
            ("stroke-width", Num(strokeWidth)), ("stroke-dasharray", dash));

    /// <summary>Appends a rectangle with its top-left corner at (x, y); <paramref name="tooltip"/> becomes a child <c>&lt;title&gt;</c>.</summary>
    public SvgWriter Rect(double x, double y, double width, double height, string fill, string? stroke = null, double opacity = 1, string? tooltip = null, string? cssClass = null)
    {
        var attributes = new (string, string?)[]
        {
            ("x", Num(x)), ("y", Num(y)), ("width", Num(Math.Max(0, width))), ("height", Num(Math.Max(0, height))), ("fill", fill), ("stroke", stroke),
            ("fill-opacity", opacity < 1 ? Num(opacity) : null),
        };
        return tooltip is null ? Element("rect", cssClass, attributes) : Element("rect", cssClass, attributes, tooltip);
    }

    /// <summary>Appends a circle centred at (cx, cy).</summary>
    public SvgWriter Circle(double cx, double cy, double r, string fill, string? tooltip = null) =>
        tooltip is null
            ? Element("circle", null, ("cx", Num(cx)), ("cy", Num(cy)), ("r", Num(r)), ("fill", fill))
            : Element("circle", null, [("cx", Num(cx)), ("cy", Num(cy)), ("r", Num(r)), ("fill", fill)], tooltip);

    /// <summary>Appends an open polyline through <paramref name="points"/>.</summary>
    public SvgWriter Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 1.5, string? dash = null, string? cssClass = null) =>
        Element("polyline", cssClass, ("points", Points(points)), ("fill", "none"), ("stroke", stroke), ("stroke-width", Num(strokeWidth)),
            ("stroke-dasharray", dash), ("stroke-linejoin", "round"));

    /// <summary>Appends a closed, filled polygon through <paramref name="points"/>.</summary>
    public SvgWriter Polygon(IEnumerable<(double X, double Y)> points, string fill, double opacity = 1, string? cssClass = null) =>
        Element("polygon", cssClass, ("points", Points(points)), ("fill", fill), ("fill-opacity", opacity < 1 ? Num(opacity) : null), ("stroke", "none"));

    /// <summary>Appends text anchored at (x, y) (<paramref name="anchor"/>: start, middle or end), optionally rotated by <paramref name="rotate"/> degrees about that point.</summary>
    public SvgWriter Text(double x, double y, string text, string anchor = "start", double size = 12, double rotate = 0, string? cssClass = null, string? weight = null)
    {
        Indent();
        _sb.Append("<text");
        Attributes([("class", cssClass), ("x", Num(x)), ("y", Num(y)), ("text-anchor", anchor), ("font-size", Num(size)), ("font-weight", weight),
            ("transform", rotate == 0 ? null : $"rotate({Num(rotate)} {Num(x)} {Num(y)})")]);
        _sb.Append('>').Append(Escape(text)).Append("</text>\n");
        return this;
    }

    /// <summary>Opens a <c>&lt;g&gt;</c> group; close it with <see cref="EndGroup"/>.</summary>
    public SvgWriter BeginGroup(string? cssClass = null, string? transform = null)
    {
        Indent();
        _sb.Append("<g");
        Attributes([("class", cssClass), ("transform", transform)]);
        _sb.Append(">\n");
        _openGroups++;
        return this;
    }

    /// <summary>Closes the innermost open group.</summary>
    /// <exception cref="InvalidOperationException">No group is open.</exception>
    public SvgWriter EndGroup()
    {
        if (_openGroups == 0) throw new InvalidOperationException("EndGroup without a matching BeginGroup.");
        _openGroups--;
        Indent();
        _sb.Append("</g>\n");
        return this;
    }

    /// <summary>Closes the document and returns its text; further calls return the same text.</summary>
    /// <exception cref="InvalidOperationException">A group is still open.</exception>
    public override string ToString()
    {
        if (!_finished)
        {
            if (_openGroups != 0) throw new InvalidOperationException($"{_openGroups} group(s) still open.");
            _sb.Append("</svg>\n");
            _finished = true;
        }
        return _sb.ToString();
    }

    /// <summary>A number in the invariant culture with at most two decimals, without trailing zeros (−0 as 0).</summary>
    public static string Num(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "SVG coordinates must be finite.");
        double rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes the five XML special characters.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal);

    private SvgWriter Element(string name, string? cssClass, params (string Name, string? Value)[] attributes) => Element(name, cssClass, attributes, null);

    private SvgWriter Element(string name, string? cssClass, (string Name, string? Value)[] attributes, string? tooltip)
    {
        if (_finished) throw new InvalidOperationException("The document is finished.");
        Indent();
        _sb.Append('<').Append(name);
        Attributes([("class", cssClass), .. attributes]);
        if (tooltip is null) _sb.Append("/>\n");
        else _sb.Append("><title>").Append(Escape(tooltip)).Append("</title></").Append(name).Append(">\n");
        return this;
    }

    private void Attributes(IEnumerable<(string Name, string? Value)> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (value is not null) _sb.Append(' ').Append(name).Append("=\"").Append(Escape(value)).Append('"');
        }
    }

    private void Indent() => _sb.Append(' ', 2 * (_openGroups + 1));

    private static string Points(IEnumerable<(double X, double Y)> points) => string.Join(" ", points.Select(p => Num(p.X) + "," + Num(p.Y)));
}
