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
    [TestCase("recall", "--weights W.npy --probes X.npy --out S.npy [--steps 20] [--update sync|async] [--activation sign|tanh|sigmoid] [--temperature 1] [--threshold 0] [--seed 0]")]
    public void Run_CommandHelp_PrintsTheExactFlags(string command, string usage)
    {
        var r = CliFolder.Run(command, "--help");

        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stdout.Trim(), Is.EqualTo($"usage: canns {command} {usage}"));
    }
}
