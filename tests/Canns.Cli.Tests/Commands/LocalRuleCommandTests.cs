using Canns.Cli;
using Canns.Cli.Commands;
using Canns.Models;

namespace Canns.Cli.Tests.Commands;

public class LocalRuleCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("canns-rules-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, Matrix m)
    {
        string path = Path.Combine(_dir, name);
        Npy.Write(path, m);
        return path;
    }

    private static Matrix Random(int rows, int columns, int seed, Func<Random, float> draw)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float x in m.AsSpan()) x = draw(random);
        return m;
    }

    [TestCase("oja")]
    [TestCase("sanger")]
    [TestCase("bcm")]
    public void Learn_ValidData_WritesKByInputsWeights(string rule)
    {
        string data = Write("x.npy", Random(200, 12, 1, r => (float)(r.NextDouble() - 0.5)));
        string output = Path.Combine(_dir, "w.npy");
        var (code, stdout, stderr) = Run("learn", "--rule", rule, "--data", data, "--outputs", "3", "--out", output, "--epochs", "2");
        Assert.That(code, Is.EqualTo(0), stderr);
        var w = Npy.Read(output);
        Assert.That((w.Rows, w.Columns), Is.EqualTo((3, 12)));
        Assert.That(stdout, Does.Contain(rule));
    }

    [Test]
    public void Learn_SameSeed_SameWeights()
    {
        string data = Write("x.npy", Random(100, 6, 2, r => (float)(r.NextDouble() - 0.5)));
        string a = Path.Combine(_dir, "a.npy"), b = Path.Combine(_dir, "b.npy");
        Run("learn", "--rule", "oja", "--data", data, "--outputs", "1", "--out", a, "--seed", "4");
        Run("learn", "--rule", "oja", "--data", data, "--outputs", "1", "--out", b, "--seed", "4");
        Assert.That(Npy.Read(a).Data, Is.EqualTo(Npy.Read(b).Data));
    }

    [TestCase("learn")]
    [TestCase("stdp")]
    public void SeedFlag_LeftOutIsSeedZeroAndAnotherSeedDiffers(string command)
    {
        // The usage says [--seed 0]: the layer's seed is an int whose default is 0, so a run without --seed reproduces.
        string input = command == "learn"
            ? Write("x.npy", Random(100, 6, 2, r => (float)(r.NextDouble() - 0.5)))
            : Write("s.npy", Random(300, 20, 5, r => r.NextDouble() < 0.1 ? 1f : 0f));
        string[] common = command == "learn" ? ["learn", "--rule", "oja", "--data", input, "--outputs", "2"] : ["stdp", "--spikes", input, "--outputs", "2"];
        float[] Weights(string name, params string[] seed)
        {
            string output = Path.Combine(_dir, name);
            var (code, _, stderr) = Run([.. common, "--out", output, .. seed]);
            Assert.That(code, Is.EqualTo(0), stderr);
            return Npy.Read(output).Data;
        }
        var none = Weights("none.npy");
        Assert.That(Weights("again.npy"), Is.EqualTo(none));
        Assert.That(Weights("zero.npy", "--seed", "0"), Is.EqualTo(none));
        Assert.That(Weights("seven.npy", "--seed", "7"), Is.Not.EqualTo(none));
    }

    [Test]
    public void Learn_UnknownRule_ExitsTwoNamingChoices()
    {
        var (code, _, stderr) = Run("learn", "--rule", "hebb", "--data", "x.npy", "--outputs", "1", "--out", "w.npy");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.Trim(), Does.Contain("oja|sanger|bcm").And.Not.Contain("\n"));
    }

    [Test]
    public void Learn_NaNData_ExitsTwoAndWritesNothing()
    {
        var x = Random(10, 4, 3, r => 0.5f);
        x[2, 1] = float.NaN;
        string output = Path.Combine(_dir, "w.npy");
        var (code, _, stderr) = Run("learn", "--rule", "oja", "--data", Write("x.npy", x), "--outputs", "2", "--out", output);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("non-finite").And.Contain("row 2, column 1"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Learn_BadTau_ExitsTwoNamingTau()
    {
        string data = Write("x.npy", Random(10, 4, 3, r => 0.5f));
        var (code, _, stderr) = Run("learn", "--rule", "bcm", "--data", data, "--outputs", "2", "--out", Path.Combine(_dir, "w.npy"), "--tau", "0");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--tau (0) must be finite and ≥ 1"));
    }

    [TestCase("oja")]
    [TestCase("sanger")]
    public void Learn_TauWithARuleWithoutSlidingThreshold_ExitsTwoNamingTauAndBcm(string rule)
    {
        // τ is the time constant of BCM's sliding threshold; Oja's and Sanger's rules have none, so --tau would be ignored.
        string data = Write("x.npy", Random(10, 4, 3, r => (float)r.NextDouble() - 0.5f));
        string output = Path.Combine(_dir, "w.npy");
        var (code, _, stderr) = Run("learn", "--rule", rule, "--data", data, "--outputs", "2", "--out", output, "--tau", "5");
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.StartWith("canns learn: ").And.Contain("--tau").And.Contain("bcm"));
        Assert.That(File.Exists(output), Is.False);
    }

    [TestCase("learn", "--data", "--outputs")]
    [TestCase("stdp", "--spikes", "--outputs")]
    public void Train_OutFolderMissing_ExitsTwoBeforeReadingTheInput(string command, string input, string outputs)
    {
        string missing = Path.Combine(_dir, "no-such-folder");

        var (code, _, stderr) = Run(command, input, Path.Combine(_dir, "none.npy"), outputs, "2", "--out", Path.Combine(missing, "w.npy"));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain($"the folder {missing} does not exist").And.Not.Contain("none.npy"));
    }

    [Test]
    public void Learn_MissingFile_ExitsTwo()
    {
        var (code, _, stderr) = Run("learn", "--data", Path.Combine(_dir, "none.npy"), "--outputs", "2", "--out", Path.Combine(_dir, "w.npy"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("none.npy"));
    }

    [Test]
    public void Stdp_ValidRaster_WritesBoundedWeights()
    {
        string spikes = Write("s.npy", Random(300, 50, 5, r => r.NextDouble() < 0.1 ? 1f : 0f));
        string output = Path.Combine(_dir, "w.npy");
        var (code, stdout, stderr) = Run("stdp", "--spikes", spikes, "--outputs", "4", "--out", output, "--w-max", "0.5");
        Assert.That(code, Is.EqualTo(0), stderr);
        var w = Npy.Read(output);
        Assert.That((w.Rows, w.Columns), Is.EqualTo((4, 50)));
        Assert.That(w.Data.Min(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(w.Data.Max(), Is.LessThanOrEqualTo(0.5f));
        Assert.That(stdout, Does.Contain("output spikes"));
    }

    [Test]
    public void Stdp_NonBinaryRaster_ExitsTwoAndWritesNothing()
    {
        var s = new Matrix(5, 3);
        s[1, 2] = 0.5f;
        string output = Path.Combine(_dir, "w.npy");
        var (code, _, stderr) = Run("stdp", "--spikes", Write("s.npy", s), "--outputs", "2", "--out", output);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("0 or 1").And.Contain("row 1, column 2"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Stdp_WMinAboveWMax_ExitsTwoNamingBoth()
    {
        string spikes = Write("s.npy", new Matrix(5, 3));
        var (code, _, stderr) = Run("stdp", "--spikes", spikes, "--outputs", "2", "--out", Path.Combine(_dir, "w.npy"), "--w-min", "2", "--w-max", "1");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--w-min (2) must be ≤ --w-max (1)"));
    }

    [TestCase("--a-plus", "-1", "--a-plus (-1) must be finite and ≥ 0.")]
    [TestCase("--leak", "2", "--leak (2) must be in [0, 1].")]
    [TestCase("--trace-decay", "0", "--trace-decay (0) must be in (0, 1].")]
    public void Stdp_OutOfRangeFlag_MessageNamesTheFlag(string flag, string value, string message)
    {
        // The options' validation names its properties (APlus, Leak, PreTraceDecay); the user typed flags.
        string spikes = Write("s.npy", new Matrix(5, 3));
        var (code, _, stderr) = Run("stdp", "--spikes", spikes, "--outputs", "2", "--out", Path.Combine(_dir, "w.npy"), flag, value);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(message));
    }

    [TestCase("oja", "--epochs", "0", "--epochs (0) must be ≥ 1.")]
    [TestCase("sanger", "--lr", "-1", "--lr (-1) must be finite and ≥ 0.")]
    [TestCase("bcm", "--tau", "0.5", "--tau (0.5) must be finite and ≥ 1")]
    public void Learn_OutOfRangeFlag_MessageNamesTheFlag(string rule, string flag, string value, string message)
    {
        string data = Write("x.npy", Random(20, 4, 3, r => (float)r.NextDouble()));
        var (code, _, stderr) = Run("learn", "--rule", rule, "--data", data, "--outputs", "2", "--out", Path.Combine(_dir, "w.npy"), flag, value);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(message));
    }

    [TestCase("0")]
    [TestCase("-1")]
    public void Stdp_ThresholdNotAboveTheResetPotential_ExitsTwoNamingTheFlag(string threshold)
    {
        // The reset potential is 0 and no flag sets it: the message must not name the library's ResetPotential.
        string spikes = Write("s.npy", new Matrix(5, 3));
        string output = Path.Combine(_dir, "w.npy");
        var (code, _, stderr) = Run("stdp", "--spikes", spikes, "--outputs", "2", "--out", output, "--threshold", threshold);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain($"--threshold ({threshold}) must be above 0").And.Not.Contain("ResetPotential"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Stdp_WeightsWhoseMembraneSumOverflows_ExitsTwoAndWritesNothing()
    {
        // Weights from −3e38 (valid bounds): ten active inputs sum past float32. The membranes used to go −∞ and then
        // NaN, silently, and the weights were written with exit 0.
        var s = new Matrix(20, 10);
        s.AsSpan().Fill(1f);
        string output = Path.Combine(_dir, "w.npy");
        var (code, _, stderr) = Run("stdp", "--spikes", Write("s.npy", s), "--outputs", "2", "--out", output, "--w-min", "-3e38", "--w-max", "1");
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.Contain("membrane potential of output 0").And.Contain("overflows float32"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Stdp_TraceDecayAboveOne_ExitsTwo()
    {
        string spikes = Write("s.npy", new Matrix(5, 3));
        var (code, _, stderr) = Run("stdp", "--spikes", spikes, "--outputs", "2", "--out", Path.Combine(_dir, "w.npy"), "--trace-decay", "1.5");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--trace-decay (1.5) must be in (0, 1].").And.Not.Contain("TraceDecay"));
    }

    [Test]
    public void Stdp_ZeroOutputs_ExitsTwo()
    {
        var (code, _, stderr) = Run("stdp", "--spikes", "s.npy", "--outputs", "0", "--out", "w.npy");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--outputs"));
    }
}
