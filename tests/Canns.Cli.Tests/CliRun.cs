using Canns.Models;

namespace Canns.Cli.Tests;

/// <summary>A temporary folder to run the command in, and the captured outcome of a run.</summary>
internal sealed class CliFolder : IDisposable
{
    public CliFolder() => Root = Directory.CreateTempSubdirectory("canns-cli-").FullName;

    public string Root { get; }

    public string this[string name] => Path.Combine(Root, name);

    public string Save(string name, Matrix m)
    {
        Npy.Write(this[name], m);
        return this[name];
    }

    public string SaveBytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(this[name], bytes);
        return this[name];
    }

    public static CliOutcome Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Runs <paramref name="args"/> and asserts the bad-input contract: exit code 2, one stderr line that starts with
    /// "canns COMMAND: " and names <paramref name="fragment"/>, nothing at <paramref name="outPath"/> and no temporary file left.
    /// </summary>
    public CliOutcome RunBadInput(string outPath, string fragment, params string[] args)
    {
        var r = Run(args);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stdout + r.Stderr);
        Assert.That(r.StderrLines, Has.Length.EqualTo(1), r.Stderr);
        Assert.That(r.Stderr, Does.StartWith($"canns {args[0]}: ").And.Contain(fragment));
        Assert.That(File.Exists(outPath), Is.False, "nothing at --out");
        Assert.That(Directory.GetFiles(Root).Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, "no temporary file left");
        return r;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

internal static class TestData
{
    public static Matrix RandomBipolar(int rows, int columns, int seed) => Patterns.RandomBipolar(rows, columns, seed);

    public static Matrix RandomReal(int rows, int columns, int seed) => Patterns.RandomReal(rows, columns, seed);

    public static Matrix Flip(Matrix patterns, double noise, int seed) => Patterns.Flip(patterns, noise, seed);
}
