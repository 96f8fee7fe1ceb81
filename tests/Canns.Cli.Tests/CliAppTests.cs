namespace Canns.Cli.Tests;

public class CliAppTests
{
    [Test]
    public void Run_NoArguments_PrintsUsageListingStoreAndRecallAndExitsTwo()
    {
        var r = CliFolder.Run();

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stdout, Does.Contain("store").And.Contain("recall"));
    }

    [Test]
    public void Run_Version_PrintsTheBuildShardFilesRecordAndExitsZero()
    {
        var r = CliFolder.Run("--version");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout.Trim(), Is.EqualTo(Canns.Analysis.Reports.ReportOutput.Producer));
        Assert.That(r.Stdout.Trim(), Does.Match(@"^Canns \d+\.\d+\.\d+"));
        Assert.That(CliFolder.Run().Stdout, Does.Contain("canns --version"));
    }

    [Test]
    public void Run_VersionWithMoreArguments_ExitsTwoWithOneLine()
    {
        var r = CliFolder.Run("--version", "x");

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.StderrLines, Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("--version: takes no arguments, got 'x'"));
    }

    [Test]
    public void Run_UnknownCommand_ExitsTwoWithOneLine()
    {
        var r = CliFolder.Run("forget", "--out", "x.npy");

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StderrLines, Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("unknown command 'forget'"));
    }

    [TestCase("store", "--patterns P.npy --out W.npy [--rule hebbian|antihebbian|storkey|pseudoinverse|hebbian16|NAME] [--plugin path/to/assembly.dll] [--no-center] [--keep-diagonal] [--no-normalize]")]
    [TestCase("recall", "--weights W.npy --probes X.npy --out S.npy [--steps 20] [--update sync|async] [--activation sign|tanh|sigmoid] [--temperature 1 (tanh, sigmoid)] [--threshold 0] [--seed 0]")]
    // learn, stdp and homeostatic: the usage lines of the README's command-line section, continuation lines joined.
    [TestCase("learn", "--rule oja|sanger|bcm --data X.npy --outputs K --out W.npy [--epochs 20] [--lr 0.001] [--seed 0] [--tau 100 (bcm only)]")]
    [TestCase("stdp", "--spikes S.npy --outputs M --out W.npy [--a-plus 0.005] [--a-minus 0.00525] [--trace-decay 0.95] [--threshold 1] [--leak 0.9] [--w-min 0] [--w-max 1] [--seed 0]")]
    [TestCase("homeostatic", "--patterns P.npy --out DIR [--chunks 100] [--checkpoint-every 10] [--target-hz 10] [--noise 0.02] [--seed 0] [--connectivity 0.2] [--weight-scale 0.5] [--steps 200] [--scaling-rate 0.02] [--learning-rate 0.002] [--snapshot-every 0] [--cv-weight 0] [--cv-target 1] [--membrane-weight 0] [--membrane-target 0.8] [--neurons N] [--input-scale 0.5] [--input-threshold 0.5] [--resume]")]
    public void Run_CommandHelp_PrintsTheExactFlags(string command, string usage)
    {
        var r = CliFolder.Run(command, "--help");

        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stdout.Trim(), Is.EqualTo($"usage: canns {command} {usage}"));
    }

    [TestCase("-h")]
    [TestCase("--help")]
    public void Run_HelpWhereAValueShouldBe_PrintsHelpAndWritesNothing(string help)
    {
        // Before, "-h" was taken as the value of --out, and the command ran (and failed on the missing patterns).
        var r = CliFolder.Run("store", "--patterns", "P.npy", "--out", help);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("usage: canns store"));
    }

    [TestCase("capacity|--out|", "--out")]
    [TestCase("energy-report|--out| ", "--out")]
    [TestCase("merge|--out||--inputs|shards", "--out")]
    [TestCase("merge|--out|report|--inputs|", "--inputs")]
    [TestCase("store|--patterns|P.npy|--out|", "--out")]
    [TestCase("learn|--data|X.npy|--outputs|2|--out|", "--out")]
    [TestCase("homeostatic|--patterns|P.npy|--out|", "--out")]
    public void Run_EmptyOptionValue_ExitsTwoNamingTheOption(string commandLine, string option)
    {
        string[] args = commandLine.Split('|');

        var r = CliFolder.Run(args);

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr.Trim(), Is.EqualTo($"canns {args[0]}: option {option} needs a value."));
    }

    [TestCase("store", "patterns.npy")]
    [TestCase("learn", "-x")]
    [TestCase("capacity", "--")]
    public void Run_ArgumentThatIsNotAFlag_ExitsTwoNamingIt(string command, string argument)
    {
        var r = CliFolder.Run(command, "--out", "never-written.npy", argument);

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StderrLines, Has.Length.EqualTo(1));
        Assert.That(r.Stderr.Trim(), Is.EqualTo($"canns {command}: unexpected argument '{argument}'; options look like --name value."));
        Assert.That(File.Exists("never-written.npy"), Is.False);
    }
}
