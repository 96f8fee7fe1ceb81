using System.Text.RegularExpressions;

namespace Canns.Cli.Tests;

/// <summary>
/// Keeps the paths in README.md and docs/*.md true: relative links (and their #anchors) lead somewhere, every
/// <c>--project</c> and <c>examples/NAME</c> is a project, and README's Layout lists exactly the example projects.
/// </summary>
public class DocumentedPathsTests
{
    private static readonly string Root = DocumentedFlagsTests.RepositoryRoot();

    private static string Read(string file) => File.ReadAllText(Path.Combine(Root, file));

    /// <summary>GitHub's anchor for a heading: lower case, punctuation other than '-' dropped, spaces as '-'.</summary>
    internal static string Anchor(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", "").Replace(' ', '-');

    [TestCase("Capacity study shard: `capacity-shard-i-of-n.json`", "capacity-study-shard-capacity-shard-i-of-njson")]
    [TestCase("Sharding the energy report", "sharding-the-energy-report")]
    public void Anchor_Heading_IsGitHubsSlug(string heading, string anchor) => Assert.That(Anchor(heading), Is.EqualTo(anchor));

    [Test]
    public void RelativeLinks_LeadToAFileAndHeading()
    {
        var broken = new List<string>();
        foreach (string file in DocumentedFlagsTests.DocumentFiles)
        {
            foreach (Match m in Regex.Matches(Read(file), @"\]\((?<path>[^)#\s]*)(?:#(?<anchor>[^)\s]+))?\)"))
            {
                string path = m.Groups["path"].Value;
                if (path.StartsWith("http", StringComparison.Ordinal)) continue;
                string target = path.Length == 0 ? file : Path.Combine(Path.GetDirectoryName(file) ?? "", path);
                string full = Path.Combine(Root, target);
                if (!File.Exists(full))
                {
                    broken.Add($"{file}: {m.Value} (no {target})");
                    continue;
                }
                if (m.Groups["anchor"].Success)
                {
                    var anchors = Regex.Matches(File.ReadAllText(full), @"^#+ (?<h>.+)$", RegexOptions.Multiline).Select(h => Anchor(h.Groups["h"].Value));
                    if (!anchors.Contains(m.Groups["anchor"].Value)) broken.Add($"{file}: {m.Value} (no such heading in {target})");
                }
            }
        }

        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void ProjectsAndExamples_NamedInTheDocs_Exist()
    {
        var missing = new List<string>();
        foreach (string file in DocumentedFlagsTests.DocumentFiles)
        {
            string text = Read(file);
            var projects = Regex.Matches(text, @"--project (?<p>[\w./-]+)").Select(m => m.Groups["p"].Value)
                .Concat(Regex.Matches(text, @"\bexamples/(?<p>[A-Z]\w*)").Select(m => "examples/" + m.Groups["p"].Value));
            foreach (string project in projects.Distinct().Where(p => !Regex.IsMatch(Path.GetFileName(p), "^[A-Z]+$")))   // NAME stands for any
            {
                string dir = Path.Combine(Root, project);
                if (!Directory.Exists(dir) || Directory.GetFiles(dir, "*.csproj").Length == 0) missing.Add($"{file}: {project}");
            }
        }

        Assert.That(missing, Is.Empty, "projects the docs name that are not there");
    }

    [Test]
    public void ReadmeLayout_ListsEveryExampleProject()
    {
        var row = Regex.Match(Read("README.md"), @"^\| `examples/` \| (?<list>[^:]*):", RegexOptions.Multiline);
        Assert.That(row.Success, Is.True, "README's Layout table has an examples/ row");
        var listed = Regex.Matches(row.Groups["list"].Value, "`(?<n>[^`]+)`").Select(m => m.Groups["n"].Value);

        var projects = Directory.GetDirectories(Path.Combine(Root, "examples"))
            .Where(d => Directory.GetFiles(d, "*.csproj").Length > 0).Select(Path.GetFileName);

        Assert.That(listed, Is.EquivalentTo(projects));
    }
}
