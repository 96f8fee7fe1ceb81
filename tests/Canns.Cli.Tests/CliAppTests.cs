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
    public void Run_UnknownCommand_ExitsTwoWithOneLine()
    {
        var r = CliFolder.Run("forget", "--out", "x.npy");

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StderrLines, Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("unknown command 'forget'"));
    }

    [TestCase("store", "--patterns P.npy --out W.npy [--rule hebbian|antihebbian|storkey|pseudoinverse|hebbian16|NAME] [--plugin path/to/assembly.dll] [--no-center] [--keep-diagonal] [--no-normalize]")]
    [TestCase("recall", "--weights W.npy --probes X.npy --out S.npy [--steps 20] [--update sync|async] [--activation sign|tanh|sigmoid] [--temperature 1 (tanh, sigmoid)] [--threshold 0] [--seed 0]")]
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
}
