using System.Text.RegularExpressions;
using System.Xml.Linq;
using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Reports;

public class ReportFilesTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static IReadOnlyList<XDocument> Charts(string html) =>
        Regex.Matches(html, "<svg[\\s\\S]*?</svg>").Select(m => XDocument.Parse(m.Value)).ToArray();

    private static bool HasClass(XElement e, string cssClass) => ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true;

    [Test]
    public void CapacityReport_Write_WritesEveryFileAndNoTemporaryOnes()
    {
        string dir = TestData.TempDirectory();
        var files = CapacityReport.Write(ReportTestData.CapacityShared, dir);
        Assert.That(files.All.Select(Path.GetFileName), Is.EqualTo(CapacityReport.FileNames));
        Assert.That(files.All, Has.All.Matches<string>(File.Exists));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(CapacityReport.FileNames));
    }

    [Test]
    public void EnergyReport_Write_WritesEveryFileAndNoTemporaryOnes()
    {
        string dir = TestData.TempDirectory();
        var files = EnergyReport.Write(ReportTestData.EnergyShared, dir);
        Assert.That(files.All.Select(Path.GetFileName), Is.EqualTo(EnergyReport.FileNames));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(EnergyReport.FileNames));
    }

    [TestCase("capacity", 2)]
    [TestCase("energy", 6)]
    public void Html_EverySvgChart_ParsesAsXmlWithTitleAndBothAxes(string kind, int charts)
    {
        string html = kind == "capacity"
            ? CapacityReport.Render(ReportTestData.CapacityShared)[0].Content
            : EnergyReport.Render(ReportTestData.EnergyShared)[0].Content;
        var svgs = Charts(html);
        Assert.That(svgs, Has.Count.EqualTo(charts));
        foreach (var svg in svgs)
        {
            var root = svg.Root!;
            Assert.That(root.Name, Is.EqualTo(Svg + "svg"));
            Assert.That((string?)root.Element(Svg + "title"), Is.Not.Empty);
            var elements = root.Descendants().ToArray();
            Assert.That(elements.Any(e => e.Name == Svg + "text" && HasClass(e, "chart-title") && e.Value.Length > 0), "chart title");
            foreach (string axis in new[] { "x-axis", "y-axis" })
            {
                var g = elements.SingleOrDefault(e => HasClass(e, axis));
                Assert.That(g, Is.Not.Null, axis);
                Assert.That(g!.Elements(Svg + "line").Count(), Is.GreaterThan(2), $"{axis} ticks");
                Assert.That(g.Elements(Svg + "text").Any(t => HasClass(t, "axis-label") && t.Value.Length > 0), $"{axis} label");
            }
        }
    }

    [Test]
    public void CapacityHtml_NegativeOverlaps_CurveDrawnInsideTheChart()
    {
        // With every bit flipped the probe is −ξ, itself an attractor, so recall ends at overlap −1. The overlap chart's
        // y axis was fixed at [0, 1.02], which put the curve below the chart, outside the picture.
        var result = CapacityStudy.Run(new CapacityStudyOptions { Neurons = [40], Loads = [0.05, 0.1], NoiseLevels = [1.0], Trials = 2 });
        Assume.That(result.Points.Select(p => p.MeanOverlap), Has.All.LessThan(0));
        var chart = Charts(CapacityReport.Render(result)[0].Content)[0].Root!;
        double height = double.Parse((string)chart.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture);
        var ys = chart.Descendants(Svg + "polyline").Where(e => HasClass(e, "series"))
            .SelectMany(e => ((string)e.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(ys, Is.Not.Empty);
        Assert.That(ys, Has.All.InRange(0.0, height));
    }

    [Test]
    public void CapacityHtml_Curves_PlotTheStoredLoadPOverN()
    {
        // The axis reads "load α = P/N". At N = 50 the requested load 0.11 stores P = round(5.5) = 6 patterns, a load of
        // 0.12; the curves were drawn at the requested 0.11.
        var result = CapacityStudy.Run(new CapacityStudyOptions { Neurons = [50], Loads = [0.1, 0.11], Trials = 1 });
        Assume.That(result.Points.Select(p => p.Point.Patterns), Is.EqualTo(new[] { 5, 6 }));
        var chart = Charts(CapacityReport.Render(result)[0].Content)[0].Root!;
        var tooltips = chart.Descendants(Svg + "circle").Select(c => (string?)c.Element(Svg + "title") ?? "").ToArray();
        Assert.That(tooltips, Has.Some.Contains("(0.12, "));
        Assert.That(tooltips, Has.None.Contains("(0.11, "));
    }

    [Test]
    public void CapacityHtml_MarksTheCriticalLoad()
    {
        var options = new CapacityStudyOptions { Neurons = [80], Loads = [0.1, 0.15], Trials = 1 };
        string html = CapacityReport.Render(CapacityStudy.Run(options))[0].Content;
        Assert.That(html, Does.Contain("α_c ≈ 0.138"));
    }

    [TestCase("capacity")]
    [TestCase("energy")]
    public void Html_IsSelfContained(string kind)
    {
        string html = kind == "capacity"
            ? CapacityReport.Render(ReportTestData.CapacityShared)[0].Content
            : EnergyReport.Render(ReportTestData.EnergyShared)[0].Content;
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("src=").And.Not.Contain("href=").And.Not.Contain("@import"));
        Assert.That(Regex.Matches(html, "https?://").Select(m => html.Substring(m.Index, 26)), Has.All.EqualTo("http://www.w3.org/2000/svg"));
    }

    [TestCase("capacity")]
    [TestCase("energy")]
    public void Html_FooterNamesTheBuild(string kind)
    {
        string html = kind == "capacity"
            ? CapacityReport.Render(ReportTestData.CapacityShared)[0].Content
            : EnergyReport.Render(ReportTestData.EnergyShared)[0].Content;
        Assert.That(html, Does.Contain($"<footer>Generated by {ReportOutput.Producer}. "));
        Assert.That(ReportOutput.Producer, Does.Match(@"^Canns \d+\.\d+\.\d+"));
    }

    [Test]
    public void CapacityReport_SameSeed_ByteIdenticalFiles()
    {
        var a = CapacityReport.Render(ReportTestData.Capacity(9));
        var b = CapacityReport.Render(ReportTestData.Capacity(9));
        Assert.That(b, Is.EqualTo(a));
        Assert.That(CapacityReport.Render(ReportTestData.Capacity(10))[2], Is.Not.EqualTo(a[2]));
    }

    [Test]
    public void EnergyReport_SameSeed_ByteIdenticalFilesOnDisk()
    {
        string one = TestData.TempDirectory(), two = TestData.TempDirectory();
        EnergyReport.Write(ReportTestData.EnergyShared, one);
        EnergyReport.Write(EnergyAnalysis.Run(Energy.EnergyAnalysisTests.Small()), two);
        foreach (string name in EnergyReport.FileNames)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(two, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(one, name))), name);
        }
    }

    [Test]
    public void Csv_PointsTable_HasHeaderAndOneRowPerPoint()
    {
        string csv = CapacityReport.Render(ReportTestData.CapacityShared)[3].Content;
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("point,neurons,load,patterns,"));
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(lines.Select(l => l.Split(',').Length).Distinct().Count(), Is.EqualTo(1));
        Assert.That(csv, Does.Not.Contain("\r"));
    }

    [Test]
    public void Write_OutputPathUnderAFile_ThrowsAndWritesNothing()
    {
        string dir = TestData.TempDirectory();
        string file = Path.Combine(dir, "not-a-directory");
        File.WriteAllText(file, "x");
        Assert.Throws<IOException>(() => CapacityReport.Write(ReportTestData.CapacityShared, Path.Combine(file, "report")));
        Assert.That(Directory.GetFileSystemEntries(dir), Is.EqualTo(new[] { file }));
    }

    [Test]
    public void EnsureWritable_PathIsAFile_Throws()
    {
        string file = Path.Combine(TestData.TempDirectory(), "f");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<IOException>(() => ReportOutput.EnsureWritable(file));
        Assert.That(e!.Message, Does.Contain("is a file"));
    }

    [Test]
    public void WriteAll_ExistingReport_IsReplacedWhole()
    {
        string dir = TestData.TempDirectory();
        ReportOutput.WriteAll(dir, [("a.txt", "old"), ("b.txt", "old")]);
        ReportOutput.WriteAll(dir, [("a.txt", "new"), ("b.txt", "new")]);
        Assert.That(Directory.GetFiles(dir).Select(File.ReadAllText), Is.All.EqualTo("new"));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(2));
    }

    [Test]
    public void WriteAll_AMoveFails_LeavesNoTemporaryFilesAndNamesWhatWasReplaced()
    {
        string dir = TestData.TempDirectory();
        // A folder where the second file's final name should go: its temporary file writes, its move cannot.
        Directory.CreateDirectory(Path.Combine(dir, "b.txt"));
        var e = Assert.Throws<IOException>(() => ReportOutput.WriteAll(dir, [("a.txt", "new"), ("b.txt", "new"), ("c.txt", "new")]));
        Assert.That(e!.Message, Does.Contain("incomplete").And.Contain("already replaced: a.txt").And.Contain("not written: b.txt, c.txt"));
        Assert.That(Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "a.txt", "b.txt" }), "no temporary file is left");
    }

    [Test]
    public void WriteAll_AFileFailsToWrite_LeavesNoTemporaryFilesAndKeepsTheOldOnes()
    {
        string dir = TestData.TempDirectory();
        ReportOutput.WriteAll(dir, [("a.txt", "old")]);
        // A name with a directory part that does not exist makes the second temporary write fail.
        Assert.Throws<DirectoryNotFoundException>(() => ReportOutput.WriteAll(dir, [("a.txt", "new"), ("missing/b.txt", "new")]));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EqualTo(new[] { "a.txt" }));
        Assert.That(File.ReadAllText(Path.Combine(dir, "a.txt")), Is.EqualTo("old"));
    }
}
