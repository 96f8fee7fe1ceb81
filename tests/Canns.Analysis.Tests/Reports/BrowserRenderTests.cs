using System.Diagnostics;
using System.Text.RegularExpressions;
using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Reports;

/// <summary>
/// Renders the HTML reports in headless Chromium (Debian's <c>chromium</c> package). Skipped, with the reason,
/// where no browser is installed.
/// </summary>
public class BrowserRenderTests
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static string Browser()
    {
        string? path = Candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.Ignore($"No headless browser found (looked for {string.Join(", ", Candidates)}); install Debian's 'chromium' package to run this test.");
        }
        return path!;
    }

    private static (string Stdout, int ExitCode) RunBrowser(string browser, string profile, params string[] args)
    {
        var info = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
        }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The browser did not finish within 120 s.");
        }
        return (stdout.Result, process.ExitCode);
    }

    // One browser launch per report keeps this test to seconds: the DOM of one, a screenshot of the other.
    [Test]
    public void CapacityReport_RenderedInHeadlessChromium_HasEveryChart()
    {
        string browser = Browser();
        string dir = TestData.TempDirectory();
        var files = CapacityReport.Write(ReportTestData.CapacityShared, dir);
        var (dom, code) = RunBrowser(browser, Path.Combine(dir, "profile"), "--dump-dom", new Uri(files.Html).AbsoluteUri);
        Assert.That(code, Is.EqualTo(0), "chromium --dump-dom exit code");
        Assert.That(Regex.Matches(dom, "<svg[ >]").Count, Is.EqualTo(2), "charts in the rendered DOM");
        Assert.That(Regex.Matches(dom, "class=\"chart-title\"").Count, Is.EqualTo(2));
        Assert.That(Regex.Matches(dom, "class=\"axis x-axis\"").Count, Is.EqualTo(2));
    }

    [Test]
    public void EnergyReport_RenderedInHeadlessChromium_GivesANonBlankScreenshot()
    {
        string browser = Browser();
        string dir = TestData.TempDirectory();
        var files = EnergyReport.Write(ReportTestData.EnergyShared, dir);
        string png = Path.Combine(dir, "screenshot.png");
        RunBrowser(browser, Path.Combine(dir, "profile"), "--window-size=1000,2400", $"--screenshot={png}", new Uri(files.Html).AbsoluteUri);
        Assert.That(File.Exists(png), "screenshot written");
        byte[] bytes = File.ReadAllBytes(png);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        // A blank 1000 × 2400 page compresses to a few kB; charts, tables and text make it far larger.
        Assert.That(bytes.Length, Is.GreaterThan(50_000));
        TestContext.Out.WriteLine($"screenshot: {png} ({bytes.Length} bytes)");
    }
}
