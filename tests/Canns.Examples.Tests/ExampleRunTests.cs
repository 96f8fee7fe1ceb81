using System.Diagnostics;
using System.Reflection;

namespace Canns.Examples.Tests;

/// <summary>
/// Runs every program in examples/ as a user would (its built assembly, from a scratch working folder) and holds it to
/// what it promises: exit code 0, nothing on stderr, and its closing line. Most examples check their own results
/// against theory and print <c>VALIDATED</c> only when the checks pass (and exit 1 otherwise), so this runs those
/// checks too.
/// </summary>
[NonParallelizable]
public class ExampleRunTests
{
    /// <summary>A run may take this long before it counts as hung (the slowest takes about 5 s on two cores).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Every example project must have a case here, so a new one cannot go untested.</summary>
    private static readonly (string Name, string Expected, string[] Reports)[] Cases =
    [
        ("BcmReceptiveFields", "VALIDATED", []),
        ("CapacityStudy", "Report:", ["report.html", "capacity.json", "points.csv", "trials.csv"]),
        ("ContinualLearning", "VALIDATED", []),
        ("CustomTrainer", "The three give the same W", []),
        ("EnergyReport", "Report:", ["report.html", "energy.json"]),
        ("LargeNetwork16", "VALIDATED", []),
        ("OjaPca", "VALIDATED", []),
        ("OjaVsSanger", "VALIDATED", []),
        ("PlasticityToolkit", "VALIDATED", []),
        ("QuickStart", "Recall from noisy probes", []),
        ("RingAttractor", "VALIDATED", []),
        ("StdpTemporalLearning", "VALIDATED", []),
        ("StorageRules", "VALIDATED", ["report.html", "capacity.json"]),
    ];

    private static IEnumerable<TestCaseData> Examples() =>
        Cases.Select(c => new TestCaseData(c.Name, c.Expected, c.Reports).SetName($"Example_{c.Name}_RunsAndPassesItsOwnChecks"));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Canns.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Canns.slnx above {AppContext.BaseDirectory}.");
    }

    [Test]
    public void EveryExampleProjectHasACase()
    {
        var projects = Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).Order();
        Assert.That(projects, Is.EqualTo(Cases.Select(c => c.Name).Order()));
    }

    [TestCaseSource(nameof(Examples))]
    public void Example_RunsAndPassesItsOwnChecks(string name, string expected, string[] reports)
    {
        string configuration = typeof(ExampleRunTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        string framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        string program = Path.Combine(RepositoryRoot(), "examples", name, "bin", configuration, framework, name + ".dll");
        Assert.That(File.Exists(program), Is.True, $"{program} is built with the tests (a project reference)");

        string work = Directory.CreateTempSubdirectory("canns-example-").FullName;
        try
        {
            string outDir = Path.Combine(work, "out");
            var run = Run(program, work, reports.Length > 0 ? [outDir] : []);
            Assert.That(run.ExitCode, Is.EqualTo(0), $"exit code; stdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
            Assert.That(run.Stderr, Is.Empty);
            Assert.That(run.Stdout, Does.Contain(expected));
            Assert.That(run.Stdout, Does.Not.Contain("NOT VALIDATED"));
            foreach (string report in reports)
            {
                Assert.That(new FileInfo(Path.Combine(outDir, report)), Has.Property(nameof(FileInfo.Length)).GreaterThan(0), report);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string program, string workingDirectory, string[] arguments)
    {
        // The host that runs these tests (dotnet test sets DOTNET_HOST_PATH), else the dotnet on PATH.
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(program)} did not finish within {Timeout.TotalMinutes} minutes.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
