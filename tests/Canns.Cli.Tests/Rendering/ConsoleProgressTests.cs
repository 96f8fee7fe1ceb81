using Canns.Cli.Rendering;
using Canns.Trainers;

namespace Canns.Cli.Tests.Rendering;

public class ConsoleProgressTests
{
    [Test]
    public void Run_OnACapturedWriter_RunsTheWorkWithoutADisplay()
    {
        var writer = new StringWriter();
        IProgress<TrainingProgress>? seen = new Progress<TrainingProgress>();
        int result = ConsoleProgress.Run("title", progress =>
        {
            seen = progress;
            return 42;
        }, CliConsole.For(writer));
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(42));
            Assert.That(seen, Is.Null, "a non-interactive console gets no progress sink");
            Assert.That(writer.ToString(), Is.Empty, "and nothing is drawn");
        });
    }

    [Test]
    public void For_TheProcessOutput_LeavesTheChoiceToRun()
    {
        Assert.That(CliConsole.For(Console.Out), Is.Null);
        Assert.That(CliConsole.For(new StringWriter())!.Profile.Capabilities.Interactive, Is.False);
    }

    [Test]
    public void Run_WithoutAConsole_WhenTheOutputIsRedirected_RunsTheWorkWithoutADisplay()
    {
        Assume.That(Console.IsOutputRedirected, Is.True, "the test host's standard output is a pipe");
        IProgress<TrainingProgress>? seen = new Progress<TrainingProgress>();
        string result = ConsoleProgress.Run("title", progress =>
        {
            seen = progress;
            return "done";
        });
        Assert.That(result, Is.EqualTo("done"));
        Assert.That(seen, Is.Null);
    }
}
