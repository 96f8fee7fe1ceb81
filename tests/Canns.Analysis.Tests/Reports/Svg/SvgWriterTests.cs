using System.Xml.Linq;
using Canns.Analysis.Reports.Svg;

namespace Canns.Analysis.Tests.Reports.Svg;

public class SvgWriterTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    [Test]
    public void ToString_EmptyDocument_IsValidSvgWithTitle()
    {
        var doc = XDocument.Parse(new SvgWriter(100, 50, "A title").ToString());
        Assert.That(doc.Root!.Name, Is.EqualTo(Ns + "svg"));
        Assert.That((string?)doc.Root.Attribute("viewBox"), Is.EqualTo("0 0 100 50"));
        Assert.That((string?)doc.Root.Element(Ns + "title"), Is.EqualTo("A title"));
    }

    [Test]
    public void Text_SpecialCharacters_AreEscapedAndReadBack()
    {
        const string text = "a < b & \"c\" > 'd' α";
        var doc = XDocument.Parse(new SvgWriter(10, 10, text).Text(1, 2, text, cssClass: "x&y").ToString());
        var t = doc.Root!.Element(Ns + "text")!;
        Assert.That(t.Value, Is.EqualTo(text));
        Assert.That((string?)t.Attribute("class"), Is.EqualTo("x&y"));
    }

    [TestCase(1.234, "1.23")]
    [TestCase(2.0, "2")]
    [TestCase(-0.001, "0")]
    [TestCase(-12.5, "-12.5")]
    [TestCase(1e6, "1000000")]
    public void Num_FormatsInvariantWithAtMostTwoDecimals(double value, string expected)
    {
        Assert.That(SvgWriter.Num(value), Is.EqualTo(expected));
    }

    [Test]
    public void Num_NotFinite_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SvgWriter.Num(double.NaN));
    }

    [Test]
    public void ToString_GroupLeftOpen_Throws()
    {
        var svg = new SvgWriter(10, 10, "t").BeginGroup("g");
        Assert.Throws<InvalidOperationException>(() => svg.ToString());
    }

    [Test]
    public void EndGroup_WithoutBegin_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new SvgWriter(10, 10, "t").EndGroup());
    }

    [Test]
    public void Shapes_NestedInGroups_AppearInOrder()
    {
        string text = new SvgWriter(10, 10, "t").BeginGroup("data").Rect(0, 0, 1, 1, "#fff", tooltip: "tip").Polyline([(0, 0), (1, 1)], "#000")
            .Circle(1, 1, 1, "#f00").EndGroup().Line(0, 0, 1, 1, "#000", dash: "2 2").Polygon([(0, 0), (1, 0), (0, 1)], "#0f0", 0.5).ToString();
        var root = XDocument.Parse(text).Root!;
        var g = root.Element(Ns + "g")!;
        Assert.That(g.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "rect", "polyline", "circle" }));
        Assert.That((string?)g.Element(Ns + "rect")!.Element(Ns + "title"), Is.EqualTo("tip"));
        Assert.That((string?)g.Element(Ns + "polyline")!.Attribute("points"), Is.EqualTo("0,0 1,1"));
        Assert.That((string?)root.Element(Ns + "polygon")!.Attribute("fill-opacity"), Is.EqualTo("0.5"));
    }

    [Test]
    public void Ticks_UnitRange_AreMultiplesOfTwoTenths()
    {
        var (values, decimals) = new LinearScale(0, 1, 0, 100).Ticks(5);
        Assert.That(values, Is.EqualTo(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }).Within(1e-12));
        Assert.That(decimals, Is.EqualTo(1));
    }

    [Test]
    public void Scale_MapsEndsAndHandlesZeroWidthDomain()
    {
        var s = new LinearScale(0, 10, 100, 200);
        Assert.That((s[0], s[5], s[10]), Is.EqualTo((100.0, 150.0, 200.0)));
        var flat = new LinearScale(3, 3, 0, 10);
        Assert.That(flat[3], Is.EqualTo(5.0).Within(1e-12));
    }

    [Test]
    public void Diverging_EndsAndMiddle()
    {
        Assert.That((Palette.Diverging(-1), Palette.Diverging(0), Palette.Diverging(1), Palette.Diverging(5)),
            Is.EqualTo(("#2166AC", "#FFFFFF", "#B2182B", "#B2182B")));
    }

    [Test]
    public void LineChart_Render_HasTitleAxesLegendBandAndMarker()
    {
        var series = new ChartSeries("s", "#000", [(0, 0), (1, 1)], [(-0.1, 0.1), (0.9, 1.1)]);
        var root = XDocument.Parse(LineChart.Render("T", "x (unit)", "y (unit)", [series], [(0.5, "m")])).Root!;
        var all = root.Descendants().ToArray();
        string[] Classes(XElement e) => ((string?)e.Attribute("class"))?.Split(' ') ?? [];
        Assert.That(all.Count(e => Classes(e).Contains("chart-title")), Is.EqualTo(1));
        Assert.That(all.Count(e => Classes(e).Contains("x-axis")), Is.EqualTo(1));
        Assert.That(all.Count(e => Classes(e).Contains("y-axis")), Is.EqualTo(1));
        Assert.That(all.Count(e => Classes(e).Contains("band")), Is.EqualTo(1));
        Assert.That(all.Count(e => Classes(e).Contains("marker")), Is.EqualTo(1));
        Assert.That(all.Single(e => Classes(e).Contains("legend")).Elements(Ns + "text").Select(t => t.Value), Is.EqualTo(new[] { "s", "s ±1 SD" }));
    }

    [Test]
    public void HeatmapChart_Render_OneRectanglePerColourRun()
    {
        // 2 × 2: row 0 = [1, 1] is one run, row 1 = [−1, 0] two.
        var root = XDocument.Parse(HeatmapChart.Render("W", "j", "i", 2, 2, [1, 1, -1, 0], 1, "W_ij")).Root!;
        var data = root.Descendants(Ns + "g").Single(g => (string?)g.Attribute("class") == "data");
        Assert.That(data.Elements(Ns + "rect").Select(r => (string?)r.Attribute("fill")), Is.EqualTo(new[] { "#B2182B", "#2166AC", "#FFFFFF" }));
    }

    [Test]
    public void HistogramChart_Render_LastBinTooltipClosesAtTheMaximum()
    {
        // Bins are half-open [a, b) but the last also holds the maximum itself (Histogram.Of): its tooltip must say [a, b].
        var root = XDocument.Parse(HistogramChart.Render("E", "x", "n", [("g", "#000000", (IReadOnlyList<double>)[0.0, 1.0])], bins: 2)).Root!;
        var data = root.Descendants(Ns + "g").Single(g => (string?)g.Attribute("class") == "data");
        var tooltips = data.Elements(Ns + "rect").Select(r => (string?)r.Element(Ns + "title")).ToArray();
        Assert.That(tooltips, Is.EqualTo(new[] { "g: 1 in [0, 0.5)", "g: 1 in [0.5, 1]" }));
    }
}
