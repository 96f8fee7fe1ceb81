using System.Text.RegularExpressions;
using Canns.Cli.Commands;

namespace Canns.Cli.Tests;

/// <summary>
/// Keeps the command lines in README.md and docs/*.md true: every <c>--flag</c> they give a <c>canns</c> command is in
/// that command's help, every default they state is the help's, README names every flag of every command, and every
/// flag of a help line is one the command's parser accepts.
/// </summary>
public class DocumentedFlagsTests
{
    internal static readonly string[] DocumentFiles = ["README.md", "docs/architecture.md", "docs/custom-trainers.md", "docs/report-schema.md", "docs/sharding.md"];

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Canns.slnx"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "repository root (Canns.slnx) not found above the test output");
        return dir!.FullName;
    }

    private static string[] CommandNames => CliApp.Commands.Select(c => c.Name).ToArray();

    private static ICliCommand Command(string name) => CliApp.Commands.Single(c => c.Name == name);

    /// <summary>One documented invocation: the file, the command and the flags written after it.</summary>
    internal sealed record Invocation(string File, string Command, string Text, IReadOnlyList<string> Flags);

    /// <summary>
    /// The <c>canns COMMAND …</c> (or <c>dotnet run … --project src/Canns.Cli -- COMMAND …</c>) invocations in the code
    /// of a Markdown text: fenced blocks line by line (backslash continuations joined, <c>#</c> comments dropped) and
    /// inline code spans whole (they may wrap across lines). An invocation runs to the next one or the end of its line.
    /// </summary>
    internal static IEnumerable<Invocation> Invocations(string file, string markdown)
    {
        var regions = new List<string>();
        string rest = Regex.Replace(markdown, "```[^\\n]*\\n(?<code>.*?)```", m =>
        {
            string code = Regex.Replace(m.Groups["code"].Value, "\\\\\\n\\s*", " ");
            regions.AddRange(code.Split('\n').Select(line => Regex.Replace(line, "(^|\\s)#.*$", "")));
            return "";
        }, RegexOptions.Singleline);
        regions.AddRange(Regex.Matches(rest, "`(?<code>[^`]+)`").Select(m => m.Groups["code"].Value.Replace('\n', ' ')));

        var start = new Regex(@"(?:\bcanns|src/Canns\.Cli\s+--)\s+(?<command>[a-z][a-z0-9-]*)");
        foreach (string region in regions)
        {
            var starts = start.Matches(region);
            for (int k = 0; k < starts.Count; k++)
            {
                int from = starts[k].Index + starts[k].Length;
                int to = k + 1 < starts.Count ? starts[k + 1].Index : region.Length;
                string text = region[from..to];
                var flags = Regex.Matches(text, @"(?<![\w-])--(?<flag>[a-z][a-z0-9-]*)").Select(f => f.Groups["flag"].Value).ToArray();
                yield return new Invocation(file, starts[k].Groups["command"].Value, text, flags);
            }
        }
    }

    private static List<Invocation> DocumentedInvocations(params string[] files)
    {
        string root = RepositoryRoot();
        return files.SelectMany(f => Invocations(f, File.ReadAllText(Path.Combine(root, f)))).ToList();
    }

    /// <summary>A flag of a help line, the value it shows, and whether it is required (outside brackets and parentheses).</summary>
    internal sealed record UsageFlag(string Name, string? Value, bool Required);

    /// <summary>The flags of a usage line, each at its first mention.</summary>
    internal static List<UsageFlag> UsageFlags(string usage)
    {
        var flags = new List<UsageFlag>();
        foreach (Match m in Regex.Matches(usage, @"(?<![\w-])--(?<flag>[a-z][a-z0-9-]*)(?: (?<value>[^\s\[\]()]+))?"))
        {
            string name = m.Groups["flag"].Value;
            if (flags.Any(f => f.Name == name)) continue;
            string before = usage[..m.Index];
            int depth = before.Count(c => c is '[' or '(') - before.Count(c => c is ']' or ')');
            string? value = m.Groups["value"].Success && !m.Groups["value"].Value.StartsWith('|') ? m.Groups["value"].Value : null;
            flags.Add(new UsageFlag(name, value, depth == 0));
        }
        return flags;
    }

    [Test]
    public void Invocations_FencedInlineAndWrapped_AreFoundWithTheirFlags()
    {
        const string markdown = "Run `canns capacity --neurons 5\n--shard i/n` or\n```bash\ncanns store --patterns P.npy \\\n  --out W.npy   # not --this\nsbatch --wrap \"canns merge --out R --inputs S\"\n```\n";

        var found = Invocations("x.md", markdown).Select(i => $"{i.Command}:{string.Join(",", i.Flags)}").ToArray();

        Assert.That(found, Is.EquivalentTo(new[] { "store:patterns,out", "merge:out,inputs", "capacity:neurons,shard" }));
    }

    [Test]
    public void Docs_NameEveryCommandAndOnlyKnownOnes()
    {
        var invocations = DocumentedInvocations(DocumentFiles);

        Assert.That(invocations.Select(i => i.Command).Distinct(), Is.EquivalentTo(CommandNames),
            "the docs show every command of canns, and no other");
    }

    [Test]
    public void DocumentedFlags_AreInTheirCommandsHelp()
    {
        var wrong = DocumentedInvocations(DocumentFiles)
            .SelectMany(i => i.Flags.Where(f => f != "help" && UsageFlags(Command(i.Command).Usage).All(u => u.Name != f))
                .Select(f => $"{i.File}: canns {i.Command} --{f}"))
            .Distinct().ToList();

        Assert.That(wrong, Is.Empty, "flags the docs give a command that its help does not list");
    }

    [Test]
    public void DocumentedDefaults_AreTheHelpsDefaults()
    {
        // "[--steps 20]" in the docs must read "--steps 20" in the help: the bracket is the documented default.
        var wrong = new List<string>();
        foreach (var i in DocumentedInvocations(DocumentFiles))
        {
            foreach (Match m in Regex.Matches(i.Text, @"\[--(?<flag>[a-z][a-z0-9-]*) (?<value>-?[0-9][0-9.:]*)[\] ]"))
            {
                var help = UsageFlags(Command(i.Command).Usage).FirstOrDefault(u => u.Name == m.Groups["flag"].Value);
                if (help is not null && help.Value != m.Groups["value"].Value)
                {
                    wrong.Add($"{i.File}: canns {i.Command} --{help.Name} {m.Groups["value"].Value}, help says {help.Value ?? "no value"}");
                }
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void Readme_NamesEveryFlagOfEveryCommand()
    {
        var documented = DocumentedInvocations("README.md").ToLookup(i => i.Command, i => i.Flags);

        var missing = CliApp.Commands
            .SelectMany(c => UsageFlags(c.Usage).Where(u => !documented[c.Name].Any(flags => flags.Contains(u.Name))).Select(u => $"canns {c.Name} --{u.Name}"))
            .ToList();

        Assert.That(missing, Is.Empty, "flags in a command's help that README.md never shows");
    }

    private static IEnumerable<string> CommandNamesSource() => CliApp.Commands.Select(c => c.Name);

    [TestCaseSource(nameof(CommandNamesSource))]
    public void HelpFlags_AreAcceptedByTheParser(string command)
    {
        using var folder = new CliFolder();
        // Inputs that do not exist and an output below a file: every run stops before any work, after the flags are read.
        string blocker = folder["blocker"];
        File.WriteAllText(blocker, "");
        string Value(UsageFlag flag) => flag.Value switch
        {
            null => "",
            "DIR" => Path.Combine(blocker, "out"),
            "i/n" => "0/1",
            var v when v.Contains(".npy", StringComparison.Ordinal) || v.Contains(".dll", StringComparison.Ordinal) || v == "PATH" => folder["missing-" + flag.Name],
            var v when Regex.IsMatch(v, "^[A-Z]$") => "2",
            var v => v.Split('|')[0],
        };
        IEnumerable<string> Args(UsageFlag flag) => flag.Value is null ? ["--" + flag.Name] : ["--" + flag.Name, Value(flag)];

        var flags = UsageFlags(Command(command).Usage);
        var required = flags.Where(f => f.Required).ToList();
        Assert.That(flags, Is.Not.Empty);

        // The control: the required flags alone get as far as the check for unknown flags.
        var control = CliFolder.Run([command, .. required.SelectMany(Args), "--no-such-flag", "1"]);
        Assert.That(control.Stderr, Does.Contain("unknown option --no-such-flag"), "the required flags reach the unknown-flag check");

        foreach (var flag in flags.Where(f => !f.Required))
        {
            var r = CliFolder.Run([command, .. required.SelectMany(Args), .. Args(flag)]);

            Assert.That(r.ExitCode, Is.EqualTo(CliApp.BadInput), $"canns {command} --{flag.Name}: the run stops at the missing input");
            Assert.That(r.Stderr, Does.Not.Contain("unknown option"), $"canns {command} --{flag.Name}");
        }
    }
}
