using Canns.Cli;
using Canns.Models;

namespace Canns.Cli.Tests.Commands;

public class HomeostaticCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("canns-homeostatic-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Patterns()
    {
        var m = new Matrix(2, 40);
        for (int i = 0; i < 40; i++)
        {
            m[0, i] = i < 8 ? 0.15f : 0.05f;
            m[1, i] = i is >= 8 and < 16 ? 0.15f : 0.05f;
        }
        string path = Path.Combine(_dir, "p.npy");
        Npy.Write(path, m);
        return path;
    }

    [Test]
    public void Homeostatic_Neurons_MakesThePatternsInputChannels_WithTrainedInputWeights()
    {
        string patterns = Patterns(), outDir = Path.Combine(_dir, "inputs");
        var (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "2", "--steps", "50",
            "--neurons", "25", "--input-scale", "0.1", "--snapshot-every", "2");
        Assert.That(code, Is.EqualTo(0), stderr);
        var initial = Npy.Read(Path.Combine(outDir, "initial_state", "W_in.npy"));
        var last = Npy.Read(Path.Combine(outDir, "weights", "W_in_chunk_0002.npy"));
        Assert.That((initial.Rows, initial.Columns), Is.EqualTo((25, 40)));
        Assert.That(initial.AsSpan().ToArray(), Is.All.InRange(0f, 0.1f));
        Assert.That(last.AsSpan().ToArray(), Is.Not.EqualTo(initial.AsSpan().ToArray()), "W_in learned");
        Assert.That(File.ReadAllText(Path.Combine(outDir, "parameters.json")), Does.Contain("\"InputCount\": \"40\"").And.Contain("\"Size\": \"25\""));
        (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", Path.Combine(_dir, "bad"), "--neurons", "-3");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--neurons"));
    }

    [Test]
    public void Homeostatic_InputScaleWithoutNeurons_AndNeuronsZero_AreRefused()
    {
        // Without --neurons the network has no input weights, so --input-scale would be silently ignored; --neurons 0 is
        // not "at least 1" either. Both are refused before anything is written.
        string patterns = Patterns(), outDir = Path.Combine(_dir, "refused");
        var (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "1", "--steps", "5", "--input-scale", "0.1");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--input-scale").And.Contain("--neurons"));
        (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "1", "--steps", "5", "--input-threshold", "0.2");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--input-threshold").And.Contain("--neurons"));
        (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "1", "--steps", "5", "--neurons", "0");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--neurons"));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing was run");
    }

    [TestCase("--cv-target", "2", "--cv-target applies only with --cv-weight above 0")]
    [TestCase("--membrane-target", "0.5", "--membrane-target applies only with --membrane-weight above 0")]
    public void Homeostatic_TargetWithoutItsWeight_ExitsTwoInsteadOfIgnoringIt(string flag, string value, string message)
    {
        // Without its weight the loss term is off, so the target would change nothing: refused, like --temperature with sign units.
        string outDir = Path.Combine(_dir, "ignored");
        var (code, _, stderr) = Run("homeostatic", "--patterns", Patterns(), "--out", outDir, "--chunks", "1", "--steps", "5", flag, value);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain(message));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing was run");
    }

    [Test]
    public void Homeostatic_NonFinitePatterns_ExitsTwoNamingTheFile()
    {
        var x = new Matrix(3, 8);
        x.AsSpan().Fill(1f);
        x.AsSpan()[13] = float.NaN;
        string patterns = Path.Combine(_dir, "nan.npy");
        Npy.Write(patterns, x);
        var (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", Path.Combine(_dir, "nan"), "--chunks", "1", "--steps", "5");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain($"{patterns}: the patterns hold a non-finite value (NaN) at row 1, column 5."));
    }

    [Test]
    public void Homeostatic_LossTerms_AddTheirColumnsAndAreRefusedOutOfRange()
    {
        string patterns = Patterns(), outDir = Path.Combine(_dir, "terms");
        var (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "2", "--steps", "50",
            "--cv-weight", "0.5", "--membrane-weight", "0.25", "--membrane-target", "0.6");
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(File.ReadAllLines(Path.Combine(outDir, "metrics.csv"))[0], Does.EndWith(",steps,cv_loss,mean_cv,membrane_loss,mean_membrane_ratio"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "parameters.json")), Does.Contain("\"membraneWeight\": \"0.25\"").And.Contain("\"membraneTargetRatio\": \"0.6\""));
        (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", Path.Combine(_dir, "bad"), "--membrane-weight", "-1");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--membrane-weight (-1) must be finite and ≥ 0."));
    }

    [Test]
    public void Homeostatic_RunThenResume_WritesCheckpointsResumesAtTheEndAndRefusesOtherOptions()
    {
        string patterns = Patterns(), outDir = Path.Combine(_dir, "run");
        var (code, stdout, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "4", "--checkpoint-every", "2", "--steps", "50",
            "--snapshot-every", "2");
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(Directory.GetFiles(Path.Combine(outDir, "weights")).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "W_chunk_0000.npy", "W_chunk_0002.npy", "W_chunk_0004.npy" }));
        Assert.That(stdout, Does.Contain("chunk 4/4").And.Contain("best chunk"));
        Assert.That(File.ReadAllLines(Path.Combine(outDir, "metrics.csv")), Has.Length.EqualTo(5));
        Assert.That(Directory.Exists(Path.Combine(outDir, "checkpoints", "latest")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(outDir, "checkpoints", "best")), Is.True);

        // The same run asked again with --resume has nothing left to do; a different chunk count is refused.
        (code, stdout, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "4", "--checkpoint-every", "2", "--steps", "50", "--resume");
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("resumed at chunk 4"));
        (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "6", "--checkpoint-every", "2", "--steps", "50", "--resume");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("other options"));

        // Another learning rate (a trainer option, not a run option) could not continue the run exactly either.
        (code, _, stderr) = Run("homeostatic", "--patterns", patterns, "--out", outDir, "--chunks", "4", "--checkpoint-every", "2", "--steps", "50",
            "--learning-rate", "0.01", "--resume");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("LearningRate: 0.002 → 0.01"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "parameters.json")), Does.Contain("\"LearningRate\": \"0.002\""));
    }

    // The network's options are checked by its constructor, which names its properties (ConnectionProbability,
    // InitialWeightScale, InputWeightScale); the user typed the flags, so the message must name those.
    [TestCase("--connectivity", "2", "--connectivity (2) must be in [0, 1].")]
    [TestCase("--weight-scale", "-1", "--weight-scale (-1) must be finite and ≥ 0.")]
    [TestCase("--input-scale", "-1", "--input-scale (-1) must be finite and ≥ 0.")]
    public void Homeostatic_NetworkOptionOutOfRange_ExitsTwoNamingTheFlag(string flag, string value, string message)
    {
        string run = Path.Combine(_dir, "run");
        var (code, _, stderr) = Run("homeostatic", "--patterns", Patterns(), "--out", run, "--neurons", "5", flag, value);

        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr.TrimEnd('\n', '\r'), Is.EqualTo($"canns homeostatic: {message}"));
        Assert.That(Directory.Exists(run), Is.False, "nothing written");
    }

    [Test]
    public void Homeostatic_BadOption_ExitsTwoNamingIt()
    {
        var (code, _, stderr) = Run("homeostatic", "--patterns", Patterns(), "--out", Path.Combine(_dir, "run"), "--target-hz", "0");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--target-hz (0) must be finite and > 0."));
    }

    [Test]
    public void Homeostatic_TargetAboveOneSpikePerStep_ExitsTwoNamingTheFlag()
    {
        // 2,000 Hz with the network's 1 ms steps is two spikes per step: no neuron can reach it.
        string outDir = Path.Combine(_dir, "run");
        var (code, _, stderr) = Run("homeostatic", "--patterns", Patterns(), "--out", outDir, "--target-hz", "2000");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--target-hz (2000) Hz").And.Contain("at most once a step"));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing was run");
    }

    [Test]
    public void Homeostatic_NoiseThatCanOverflowTheInputs_ExitsTwoNamingTheFlag()
    {
        string outDir = Path.Combine(_dir, "run");
        var (code, _, stderr) = Run("homeostatic", "--patterns", Patterns(), "--out", outDir, "--noise", "3e38");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--noise (3E+38) can carry the patterns").And.Not.Contain("InputNoise"));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing was run");
    }
}
