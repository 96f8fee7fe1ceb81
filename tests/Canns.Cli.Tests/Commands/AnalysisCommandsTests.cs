using Canns.Cli.Commands;

namespace Canns.Cli.Tests.Commands;

public class AnalysisCommandsTests
{
    private static string NewDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "canns-cli-analysis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Commands_IncludeCapacityAndEnergyReport()
    {
        Assert.That(CliApp.Commands.Select(c => c.Name), Does.Contain("capacity").And.Contain("energy-report"));
    }

    [Test]
    public void Capacity_SmallStudy_WritesTheReportAndExitsZero()
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, output, error) = Run("capacity", "--neurons", "60", "--loads", "0.05:0.15:0.05", "--trials", "2", "--seed", "3", "--out", dir);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(Canns.Analysis.Reports.CapacityReport.FileNames));
        Assert.That(output, Does.Contain("Report: " + Path.Combine(Path.GetFullPath(dir), "report.html")));
    }

    [TestCase("storkey")]
    [TestCase("pseudoinverse")]
    public void Capacity_HigherCapacityRule_StudiesThatRule(string rule)
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("capacity", "--neurons", "60", "--loads", "0.1,0.3", "--trials", "2", "--rule", rule, "--out", dir);
        Assert.That(code, Is.EqualTo(0), error);
        var points = File.ReadAllLines(Path.Combine(dir, "points.csv"));
        Assert.That(points.Skip(1).Select(line => line.Split(',')[6]), Has.All.EqualTo(rule));
    }

    [Test]
    public void EnergyReport_SmallNetwork_WritesTheReportAndExitsZero()
    {
        string dir = NewDirectory();
        var (code, output, error) = Run("energy-report", "--neurons", "40", "--patterns", "3", "--out", dir);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(Canns.Analysis.Reports.EnergyReport.FileNames));
        Assert.That(output, Does.Contain("report.html"));
    }

    [Test]
    public void EnergyReport_FewerThanThreePatterns_PrintsNoMixturesInsteadOfNaN()
    {
        string dir = NewDirectory();

        var (code, output, error) = Run("energy-report", "--neurons", "40", "--patterns", "2", "--out", dir);

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("3-mixtures none (P < 3)").And.Not.Contain("NaN"));
    }

    [Test]
    public void EnergyReport_Dense3Rule_WritesTheDenseMemorysReport()
    {
        string dir = NewDirectory();
        var (code, output, error) = Run("energy-report", "--rule", "dense3", "--neurons", "60", "--patterns", "12", "--out", dir);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(Canns.Analysis.Reports.EnergyReport.FileNames));
        Assert.That(File.ReadAllText(Path.Combine(dir, "energy.json")), Does.Contain("\"rule\": \"dense3\"").And.Contain("\"weights\": null"));
        Assert.That(output, Does.Contain("report.html"));
    }

    [Test]
    public void EnergyReport_UnknownRule_ExitsTwoNamingTheValidRules()
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("energy-report", "--rule", "dense4", "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error, Does.Contain("option --rule must be one of hebbian|hebbian-uncentered|antihebbian|storkey|pseudoinverse|dense3|dense-exp, got 'dense4'"));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Capacity_ProjectionRuleDrawsLinearlyDependentPatterns_ExitsTwoNamingTheProblem()
    {
        // At N = 3 some trial draws two equal or opposite patterns, which the projection rule cannot store.
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("capacity", "--rule", "pseudoinverse", "--neurons", "3", "--loads", "0.67", "--trials", "20", "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput), error);
        Assert.That(error, Does.StartWith("canns capacity: ").And.Contain("linearly independent").And.Not.Contain("unexpected failure"));
        Assert.That(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
        Assert.That(Directory.Exists(dir) ? Directory.GetFiles(dir) : [], Is.Empty);
    }

    [Test]
    public void EnergyReport_PseudoInverseWithAsManyPatternsAsNeurons_ExitsTwoNamingTheLimit()
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("energy-report", "--rule", "pseudoinverse", "--neurons", "20", "--patterns", "20", "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r'), Is.EqualTo("canns energy-report: --patterns (20) must be below --neurons (20) for rule pseudoinverse."));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Usage_EnergyReportAndCapacity_OfferTheSameRules()
    {
        Assert.That(new EnergyReportCommand().Usage, Does.Contain("[--rule hebbian|hebbian-uncentered|antihebbian|storkey|pseudoinverse|dense3|dense-exp]"));
        Assert.That(new CapacityCommand().Usage, Does.Contain("[--rule hebbian|hebbian-uncentered|antihebbian|storkey|pseudoinverse|dense3|dense-exp]"));
    }

    [TestCase("--loads", "0")]
    [TestCase("--loads", "-0.1:0.2:0.1")]
    [TestCase("--loads", "0.1:0.05:0.01")]
    [TestCase("--loads", "1e7")]
    [TestCase("--loads", "0.1,abc")]
    [TestCase("--trials", "0")]
    [TestCase("--trials", "2000000000")]
    [TestCase("--noise", "1.5")]
    [TestCase("--noise", "-0.1")]
    [TestCase("--neurons", "1")]
    [TestCase("--rule", "oja")]
    [TestCase("--update", "sometimes")]
    [TestCase("--bogus", "1")]
    public void Capacity_BadInput_ExitsTwoWithOneLineAndWritesNothing(string flag, string value)
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("capacity", flag, value, "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r').Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.StartWith("canns capacity: "));
        Assert.That(Directory.Exists(dir), Is.False, "nothing written");
    }

    [TestCase("--loads", "0", "option --loads needs loads > 0, got 0 in '0'.")]
    [TestCase("--loads", "-0.1:0.2:0.1", "option --loads needs loads > 0, got -0.1 in '-0.1:0.2:0.1'.")]
    [TestCase("--loads", "0.1,-0.2", "option --loads needs loads > 0, got -0.2 in '0.1,-0.2'.")]
    [TestCase("--trials", "0", "option --trials must be at least 1, got 0.")]
    [TestCase("--noise", "1.5", "option --noise must be in [0, 1], got 1.5.")]
    [TestCase("--noise", "-0.1", "option --noise must be in [0, 1], got -0.1.")]
    [TestCase("--neurons", "1", "option --neurons must be at least 2, got 1.")]
    public void Capacity_OutOfRangeFlag_MessageNamesTheFlag(string flag, string value, string message)
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("capacity", flag, value, "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r'), Is.EqualTo($"canns capacity: {message}"));
    }

    [TestCase("--neurons", "1", "option --neurons must be at least 2, got 1.")]
    [TestCase("--patterns", "0", "option --patterns must be at least 1, got 0.")]
    public void EnergyReport_OutOfRangeFlag_MessageNamesTheFlag(string flag, string value, string message)
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("energy-report", flag, value, "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r'), Is.EqualTo($"canns energy-report: {message}"));
    }

    [Test]
    public void EnergyReport_MorePatternsThanNeuronsForHebb_ExitsTwoNamingTheFlags()
    {
        // The options' validation names its properties (Patterns, Neurons); the message must name the flags typed, and
        // the rule as --rule spells it (the default, hebbian), not as C# does (Hebbian).
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("energy-report", "--neurons", "10", "--patterns", "20", "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r'), Is.EqualTo("canns energy-report: --patterns (20) must be at most --neurons (10) for rule hebbian."));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [TestCase("hebbian-uncentered")]
    [TestCase("antihebbian")]
    [TestCase("storkey")]
    public void EnergyReport_MorePatternsThanNeurons_NamesTheRuleAsTyped(string rule)
    {
        // HebbianUncentered, AntiHebbian and Storkey in C#; the message names the rule as the user typed it.
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("energy-report", "--rule", rule, "--neurons", "10", "--patterns", "20", "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r'), Is.EqualTo($"canns energy-report: --patterns (20) must be at most --neurons (10) for rule {rule}."));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [TestCase("0.1,0.1", "--loads lists a value twice.")]
    [TestCase("0.1,0.104", "--loads 0.1 and 0.104 all give P = 10 patterns at N = 100 (P = round(α·N)), the same trials twice;")]
    public void Capacity_LoadsThatRepeatATrial_MessageNamesTheFlag(string loads, string message)
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("capacity", "--neurons", "100", "--loads", loads, "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error, Does.StartWith($"canns capacity: {message}"));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [TestCase("0.3:0.1:0.05", "The load range ends (0.1) before it starts (0.3).")]
    [TestCase("0.1:0.3:0", "The load step (0) must be > 0.")]
    public void Capacity_BadLoadRange_ExitsTwoWithTheMessageAlone(string loads, string message)
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("capacity", "--loads", loads, "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r'), Is.EqualTo($"canns capacity: {message}"), "no '(Parameter …)' or 'Actual value was …' left over");
    }

    [Test]
    public void Capacity_MissingOut_ExitsTwo()
    {
        var (code, _, error) = Run("capacity", "--trials", "1");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error, Does.Contain("--out"));
    }

    [TestCase("capacity")]
    [TestCase("energy-report")]
    public void Command_UnwritableOutput_ExitsTwoBeforeAnyWork(string command)
    {
        string file = Path.Combine(NewDirectory(), "a-file");
        File.WriteAllText(file, "x");
        var (code, output, error) = Run(command, "--out", Path.Combine(file, "report"));
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error, Does.Contain("cannot be written").Or.Contain("is a file"));
        Assert.That(output, Does.Not.Contain("Report:"));
    }

    [TestCase("--patterns", "0")]
    [TestCase("--neurons", "1")]
    [TestCase("--patterns", "500")]
    [TestCase("--update", "never")]
    public void EnergyReport_BadInput_ExitsTwoWithOneLineAndWritesNothing(string flag, string value)
    {
        string dir = Path.Combine(NewDirectory(), "out");
        var (code, _, error) = Run("energy-report", flag, value, "--out", dir);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.TrimEnd('\n', '\r').Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void ParseLoads_RangeAndList()
    {
        Assert.That(CapacityCommand.ParseLoads("0.02:0.30:0.02"), Has.Count.EqualTo(15));
        Assert.That(CapacityCommand.ParseLoads("0.05,0.1"), Is.EqualTo(new[] { 0.05, 0.1 }));
    }

    [TestCase("0.1:0.2")]
    [TestCase("0.1:0.2:0.05:0.3")]
    public void Run_CapacityLoadsWithTwoOrFourColonParts_ExitsTwoNamingTheForms(string loads)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"canns-capacity-{Guid.NewGuid():N}");

        var (code, _, error) = Run("capacity", "--neurons", "40", "--loads", loads, "--trials", "1", "--out", dir);

        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(error.Trim(), Is.EqualTo($"canns capacity: option --loads needs start:stop:step or a comma-separated list, got '{loads}'."));
        Assert.That(Directory.Exists(dir), Is.False);
    }
}
