using Canns.Cli.Commands;

namespace Canns.Cli.Tests.Commands;

public class StoreCommandMemoryTests
{
    [Test]
    public void Execute_MoreMemoryThanAvailable_ThrowsNamingBothSizesAndWritesNothing()
    {
        using var dir = new CliFolder();
        string patterns = dir.Save("p.npy", TestData.RandomBipolar(2, 1024, seed: 1));
        var command = new StoreCommand(() => 8L << 20);
        var arguments = new ArgumentReader(["--patterns", patterns, "--out", dir["w.npy"]]);

        var e = Assert.Throws<CliUsageException>(() => command.Execute(arguments, TextWriter.Null, TextWriter.Null))!;

        Assert.That(e.Message, Does.Contain("1024 neurons need about 12 MiB").And.Contain("only 8 MiB"));
        Assert.That(File.Exists(dir["w.npy"]), Is.False);
    }

    [Test]
    public void Execute_EnoughMemory_Stores()
    {
        using var dir = new CliFolder();
        string patterns = dir.Save("p.npy", TestData.RandomBipolar(2, 1024, seed: 1));
        var command = new StoreCommand(() => 12L << 20);
        var arguments = new ArgumentReader(["--patterns", patterns, "--out", dir["w.npy"]]);

        Assert.That(command.Execute(arguments, TextWriter.Null, TextWriter.Null), Is.EqualTo(0));
        Assert.That(File.Exists(dir["w.npy"]), Is.True);
    }
}
