using Canns.Cli.Commands;

namespace Canns.Cli.Tests.Commands;

public class LearnCommandMemoryTests
{
    [Test]
    public void Execute_LayerLargerThanAvailableMemory_ThrowsNamingBothSizesAndWritesNothing()
    {
        // 4,096 outputs × 256 inputs: 3 × 4 MiB needed.
        using var dir = new CliFolder();
        string data = dir.Save("x.npy", TestData.RandomReal(4, 256, seed: 1));
        var command = new LearnCommand(() => 8L << 20);
        var arguments = new ArgumentReader(["--data", data, "--outputs", "4096", "--out", dir["w.npy"], "--epochs", "1"]);

        var e = Assert.Throws<CliUsageException>(() => command.Execute(arguments, TextWriter.Null, TextWriter.Null))!;

        Assert.That(e.Message, Does.Contain("--outputs 4096").And.Contain("needs about 12 MiB").And.Contain("only 8 MiB"));
        Assert.That(File.Exists(dir["w.npy"]), Is.False);
    }

    [Test]
    public void Execute_EnoughMemory_Learns()
    {
        using var dir = new CliFolder();
        string data = dir.Save("x.npy", TestData.RandomReal(4, 256, seed: 1));
        var command = new LearnCommand(() => 12L << 20);
        var arguments = new ArgumentReader(["--data", data, "--outputs", "4096", "--out", dir["w.npy"], "--epochs", "1"]);

        Assert.That(command.Execute(arguments, TextWriter.Null, TextWriter.Null), Is.EqualTo(0));
        Assert.That(File.Exists(dir["w.npy"]), Is.True);
    }
}
