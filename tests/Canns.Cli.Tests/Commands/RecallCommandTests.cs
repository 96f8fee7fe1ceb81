using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Tests.Commands;

public class RecallCommandTests
{
    private const int N = 64;
    private CliFolder _dir = null!;
    private string _weights = null!;
    private string _probes = null!;
    private string _out = null!;
    private float[] _w = null!;
    private Matrix _x = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = new CliFolder();
        var patterns = TestData.RandomBipolar(4, N, seed: 21);
        var network = new AmariHopfieldNetwork(N);
        new HebbianTrainer(network).Train(patterns);
        _w = network.W.ToArray();
        _x = TestData.Flip(patterns, 0.15, seed: 22);
        _weights = _dir.Save("w.npy", new Matrix(N, N, _w));
        _probes = _dir.Save("x.npy", _x);
        _out = _dir["s.npy"];
    }

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    /// <summary>The states HebbianTrainer.Predict gives, probe by probe, on the step path.</summary>
    private Matrix DirectStates(AmariHopfieldOptions options, int steps)
    {
        var network = new AmariHopfieldNetwork(N, options);
        network.W.CopyFrom(_w);
        var trainer = new HebbianTrainer(network, recall: new RecallOptions { MaxIterations = steps, Seed = options.Seed });
        trainer.ConfigureProgress(showProgress: false, useCompile: false);
        var states = new Matrix(_x.Rows, N);
        for (int b = 0; b < _x.Rows; b++) trainer.Predict(_x.Row(b)).State.CopyTo(states.Row(b));
        return states;
    }

    [Test]
    public void Recall_Defaults_WritesTheStatesPredictGivesExactly()
    {
        var r = CliFolder.Run("recall", "--weights", _weights, "--probes", _probes, "--out", _out);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Is.Empty);
        var s = Npy.Read(_out);
        Assert.That((s.Rows, s.Columns), Is.EqualTo((4, N)));
        var expected = DirectStates(new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous }, steps: 20);
        Assert.That(s.Data, Is.EqualTo(expected.Data).AsCollection, "bit for bit");
        Assert.That(s.Data, Is.Not.EqualTo(_x.Data).AsCollection, "the dynamics did something");
    }

    [TestCase("sign", "async", 1f, 0f, 7, 20)]
    [TestCase("tanh", "sync", 0.5f, 0.1f, 0, 5)]
    [TestCase("sigmoid", "async", 2f, -0.2f, 3, 3)]
    public void Recall_EveryOption_WritesTheStatesPredictGivesExactly(string activation, string update, float temperature, float threshold, int seed, int steps)
    {
        // --temperature is the gain of smooth units: given for tanh and sigmoid, left at its default for sign (where it is refused).
        string[] gain = activation == "sign" ? [] : ["--temperature", temperature.ToString("R", System.Globalization.CultureInfo.InvariantCulture)];
        var r = CliFolder.Run(["recall", "--weights", _weights, "--probes", _probes, "--out", _out,
            "--activation", activation, "--update", update, .. gain,
            "--threshold", threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var expected = DirectStates(new AmariHopfieldOptions
        {
            Activation = Enum.Parse<Activation>(activation, ignoreCase: true),
            UpdateMode = update == "sync" ? UpdateMode.Synchronous : UpdateMode.Asynchronous,
            Temperature = temperature,
            Threshold = threshold,
            Seed = seed,
        }, steps);
        Assert.That(Npy.Read(_out).Data, Is.EqualTo(expected.Data).AsCollection);
    }

    [Test]
    public void Recall_TemperatureWithSignUnits_ExitsTwoNamingTheActivations() =>
        AssertBadInput("--temperature applies only to --activation tanh or sigmoid", Args("--temperature", "2"));

    [Test]
    public void Recall_OneDimensionalProbe_WritesOneRow()
    {
        string probe = _dir.Save("one.npy", new Matrix(1, N, _x.Row(2).ToArray()));

        Assert.That(CliFolder.Run("recall", "--weights", _weights, "--probes", probe, "--out", _out).ExitCode, Is.EqualTo(0));
        Assert.That(Npy.Read(_out).Rows, Is.EqualTo(1));
    }

    private CliOutcome AssertBadInput(string fragment, params string[] args) => _dir.RunBadInput(_out, fragment, args);

    private string[] Args(params string[] extra) => ["recall", "--weights", _weights, "--probes", _probes, "--out", _out, .. extra];

    [Test]
    public void Recall_MissingWeights_ExitsTwo() => AssertBadInput("--weights is required", "recall", "--probes", _probes, "--out", _out);

    [Test]
    public void Recall_MissingProbes_ExitsTwo() => AssertBadInput("--probes is required", "recall", "--weights", _weights, "--out", _out);

    [Test]
    public void Recall_UnknownFlag_ExitsTwo() => AssertBadInput("unknown option --iterations", Args("--iterations", "5"));

    [TestCase("--steps", "ten", "--steps needs an integer, got 'ten'")]
    [TestCase("--steps", "0", "--steps must be at least 1, got 0")]
    [TestCase("--steps", "2.5", "--steps needs an integer")]
    [TestCase("--seed", "x", "--seed needs an integer")]
    [TestCase("--temperature", "warm", "--temperature needs a finite number, got 'warm'")]
    [TestCase("--temperature", "NaN", "--temperature needs a finite number")]
    [TestCase("--temperature", "0", "--temperature must be > 0, got 0")]
    [TestCase("--temperature", "-1", "--temperature must be > 0")]
    [TestCase("--temperature", "1e300", "--temperature is outside the float32 range")]
    [TestCase("--threshold", "Infinity", "--threshold needs a finite number")]
    [TestCase("--update", "sideways", "--update must be one of sync|async, got 'sideways'")]
    [TestCase("--activation", "relu", "--activation must be one of sign|tanh|sigmoid")]
    public void Recall_BadOptionValue_ExitsTwoNamingIt(string flag, string value, string fragment) => AssertBadInput(fragment, Args(flag, value));

    [Test]
    public void Recall_NaNInWeights_ExitsTwoNamingFileRowAndColumn()
    {
        var w = new Matrix(N, N, (float[])_w.Clone());
        w[5, 9] = float.NaN;
        _weights = _dir.Save("wnan.npy", w);
        AssertBadInput("wnan.npy: the weights hold a non-finite value (NaN) at row 5, column 9", Args());
    }

    [Test]
    public void Recall_InfinityInProbes_ExitsTwoNamingFileRowAndColumn()
    {
        var x = _x.Clone();
        x[1, 2] = float.NegativeInfinity;
        _probes = _dir.Save("xinf.npy", x);
        AssertBadInput("xinf.npy: the probes hold a non-finite value (-Infinity) at row 1, column 2", Args());
    }

    [Test]
    public void Recall_Float64ProbeBeyondFloat32_ExitsTwoSayingItOverflowed()
    {
        // 1e300 is finite in the float64 file but reads as +∞ in float32: the message must not suggest a corrupt file only.
        var values = _x.Data.Select(v => (double)v).ToArray();
        values[1 * N + 2] = 1e300;
        _probes = _dir.SaveBytes("x64.npy", NpyBytes.Float64($"({_x.Rows}, {N})", values));
        AssertBadInput("x64.npy: the probes hold a non-finite value (Infinity) at row 1, column 2: infinite, or beyond float32's range (±3.4e38).", Args());
    }

    [Test]
    public void Recall_ProbeWidthDiffersFromWeights_ExitsTwoNamingBothSizes()
    {
        _probes = _dir.Save("wide.npy", TestData.RandomBipolar(3, N + 1, seed: 5));
        AssertBadInput($"the probes have {N + 1} columns but the weights are {N} × {N}", Args());
    }

    [Test]
    public void Recall_NonSquareWeights_ExitsTwoNamingTheShape()
    {
        _weights = _dir.Save("rect.npy", new Matrix(N, N + 2));
        AssertBadInput($"must be a square (N, N) matrix with N ≥ 1, got ({N}, {N + 2})", Args());
    }

    [Test]
    public void Recall_CorruptWeights_ExitsTwoNamingTheFile()
    {
        var bytes = File.ReadAllBytes(_weights);
        bytes[20] = (byte)'!'; // inside the header dict
        _weights = _dir.SaveBytes("corrupt.npy", bytes);
        AssertBadInput("corrupt.npy: the header does not parse", Args());
    }

    [Test]
    public void Recall_ForgedHugeShape_ExitsTwoWithoutAllocating()
    {
        // A 200-byte file whose header claims (100000, 100000) float32 weights: N·N = 10¹⁰ elements.
        var bytes = File.ReadAllBytes(_probes)[..128];
        var text = System.Text.Encoding.Latin1.GetString(bytes).Replace($"(4, {N}), }}" + new string(' ', 9), "(100000, 100000), }", StringComparison.Ordinal);
        _weights = _dir.SaveBytes("forged.npy", [.. System.Text.Encoding.Latin1.GetBytes(text), .. new byte[72]]);
        AssertBadInput("forged.npy: truncated: shape (100000, 100000) of dtype '<f4' needs 40000000000 bytes", Args());
    }

    [Test]
    public void Recall_OutFolderMissing_ExitsTwo()
    {
        _out = Path.Combine(_dir.Root, "nowhere", "s.npy");
        AssertBadInput("does not exist", Args());
    }

    [Test]
    public void Recall_OutIsAFolder_ExitsTwo()
    {
        Directory.CreateDirectory(_dir["outdir"]);
        var r = CliFolder.Run("recall", "--weights", _weights, "--probes", _probes, "--out", _dir["outdir"]);

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StderrLines, Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("is a folder"));
        Assert.That(Directory.GetFileSystemEntries(_dir["outdir"]), Is.Empty);
    }

    [TestCase("sign")]
    [TestCase("tanh")]
    [TestCase("sigmoid")]
    public void Recall_WeightsWhoseFieldsOverflowFloat32_ExitsTwoWritingNothing(string activation)
    {
        // Each |W_ij| = 1e37 is finite, but a row's Σ W x reaches 64e37, beyond float32: the fields would be ±∞ or NaN
        // (∞ − ∞), and tanh or sigmoid states NaN, written as if recall had worked.
        var w = new Matrix(N, N);
        for (int k = 0; k < w.AsSpan().Length; k++) w.AsSpan()[k] = k % 2 == 0 ? 1e37f : -1e37f;
        string weights = _dir.Save("huge.npy", w);
        var r = _dir.RunBadInput(_out, "can overflow float32", "recall", "--weights", weights, "--probes", _probes, "--out", _out, "--activation", activation);
        Assert.That(r.Stderr, Does.Contain("row 0 has Σ|W| = 6.4E+38"));
    }
}
