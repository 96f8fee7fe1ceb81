using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Tests.Commands;

public class StoreCommandTests
{
    private CliFolder _dir = null!;
    private string _patterns = null!;
    private string _out = null!;
    private Matrix _x = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = new CliFolder();
        _x = TestData.RandomBipolar(5, 32, seed: 11);
        _patterns = _dir.Save("p.npy", _x);
        _out = _dir["w.npy"];
    }

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    private static float[] DirectWeights(Matrix patterns, HebbianOptions options, bool anti = false)
    {
        var network = new AmariHopfieldNetwork(patterns.Columns);
        HebbianTrainer trainer = anti ? new AntiHebbianTrainer(network, options) : new HebbianTrainer(network, options);
        trainer.Train(patterns);
        return network.W.ToArray();
    }

    [Test]
    public void Store_Defaults_WritesTheHebbianTrainerWeightsExactly()
    {
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Is.Empty);
        var w = Npy.Read(_out);
        Assert.That((w.Rows, w.Columns), Is.EqualTo((32, 32)));
        Assert.That(w.Data, Is.EqualTo(DirectWeights(_x, new HebbianOptions())).AsCollection, "bit for bit");
    }

    [Test]
    public void Store_AllSwitchesAndAntiHebbian_WritesTheMatchingTrainerWeightsExactly()
    {
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out, "--rule", "antihebbian", "--no-center", "--keep-diagonal", "--no-normalize");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var expected = DirectWeights(_x, new HebbianOptions { SubtractMean = false, ZeroDiagonal = false, NormalizeByPatternCount = false }, anti: true);
        Assert.That(Npy.Read(_out).Data, Is.EqualTo(expected).AsCollection);
        Assert.That(expected[0], Is.EqualTo(-5f), "diagonal kept, not normalised, sign reversed: −Σ_p x_p0² = −5");
    }

    [TestCase("storkey")]
    [TestCase("pseudoinverse")]
    public void Store_HigherCapacityRules_WriteTheTrainersWeightsExactly(string rule)
    {
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out, "--rule", rule);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var network = new AmariHopfieldNetwork(_x.Columns);
        HopfieldTrainer trainer = rule == "storkey" ? new StorkeyTrainer(network) : new PseudoInverseTrainer(network);
        trainer.Train(_x);
        Assert.That(Npy.Read(_out).Data, Is.EqualTo(network.W.ToArray()).AsCollection);
    }

    [Test]
    public void Store_PseudoInverseKeepDiagonal_WritesTheProjector()
    {
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out, "--rule", "pseudoinverse", "--keep-diagonal");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var network = new AmariHopfieldNetwork(_x.Columns);
        new PseudoInverseTrainer(network, new PseudoInverseOptions { ZeroDiagonal = false }).Train(_x);
        Assert.That(Npy.Read(_out).Data, Is.EqualTo(network.W.ToArray()).AsCollection);
        Assert.That(network.W.ToArray()[0], Is.Not.Zero, "the projector's diagonal is kept");
    }

    [TestCase("storkey", "--no-center")]
    [TestCase("storkey", "--keep-diagonal")]
    [TestCase("pseudoinverse", "--no-normalize")]
    public void Store_HebbianFlagOnAnotherRule_ExitsTwo(string rule, string flag) =>
        _ = AssertBadInput($"{flag} does not apply to --rule {rule}", "store", "--patterns", _patterns, "--out", _out, "--rule", rule, flag);

    [Test]
    public void Store_PseudoInverseDependentPatterns_ExitsTwoNamingThePattern()
    {
        var twice = Matrix.FromRows(_x.Row(0).ToArray(), _x.Row(1).ToArray(), _x.Row(0).ToArray());
        string path = _dir.Save("dependent.npy", twice);
        _ = AssertBadInput("Pattern 2 lies in the span", "store", "--patterns", path, "--out", _out, "--rule", "pseudoinverse");
    }

    [Test]
    public void Store_Hebbian16_WritesTheInt16NetworksWeights()
    {
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out, "--rule", "hebbian16");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var network = new Int16HopfieldNetwork(32);
        new Int16HebbianTrainer(network).Train(_x);
        var w = Npy.Read(_out);
        for (int i = 0; i < 32; i++)
        for (int j = 0; j < 32; j++)
        {
            Assert.That(w[i, j], Is.EqualTo((float)network.Weight(i, j)), $"W_{i},{j}");
        }
        // And within float rounding of the float32 trainer's W.
        Assert.That(w.Data, Is.EqualTo(DirectWeights(_x, new HebbianOptions())).AsCollection.Within(1e-6f));
    }

    [Test]
    public void Store_Hebbian16KeepDiagonal_ExitsTwo() =>
        _ = AssertBadInput("--keep-diagonal does not apply to --rule hebbian16", "store", "--patterns", _patterns, "--out", _out, "--rule", "hebbian16", "--keep-diagonal");

    [Test]
    public void Store_Hebbian16RealPatterns_ExitsTwoNamingTheValue()
    {
        var real = _dir.Save("real.npy", TestData.RandomReal(3, 8, seed: 12));
        _ = AssertBadInput("stores exactly ±1 values", "store", "--patterns", real, "--out", _out, "--rule", "hebbian16");
        Assert.That(File.Exists(_out), Is.False, "no output on failure");
    }

    [Test]
    public void Store_IntegerPatternsAsNumPyDefaultDType_Reads()
    {
        // np.save of np.array([[1, -1, 1], [-1, -1, 1]]) with NumPy's default int64.
        var bytes = NpyBytes.Int64("(2, 3)", 1, -1, 1, -1, -1, 1);
        var r = CliFolder.Run("store", "--patterns", _dir.SaveBytes("i.npy", bytes), "--out", _out);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var expected = DirectWeights(Matrix.FromArray(new float[,] { { 1, -1, 1 }, { -1, -1, 1 } }), new HebbianOptions());
        Assert.That(Npy.Read(_out).Data, Is.EqualTo(expected).AsCollection);
    }

    [Test]
    public void Store_ReplacesAnExistingOutputFile()
    {
        File.WriteAllText(_out, "old");

        Assert.That(CliFolder.Run("store", "--patterns", _patterns, "--out", _out).ExitCode, Is.EqualTo(0));
        Assert.That(Npy.Read(_out).Rows, Is.EqualTo(32));
    }

    private CliOutcome AssertBadInput(string fragment, params string[] args) => _dir.RunBadInput(_out, fragment, args);

    [Test]
    public void Store_MissingPatterns_ExitsTwo() => _ = AssertBadInput("--patterns is required", "store", "--out", _out);

    [Test]
    public void Store_MissingOut_ExitsTwo() => _ = AssertBadInput("--out is required", "store", "--patterns", _patterns);

    [Test]
    public void Store_UnknownFlag_ExitsTwo() => _ = AssertBadInput("unknown option --bogus", "store", "--patterns", _patterns, "--out", _out, "--bogus", "1");

    // The list is the rules that can store (as the help line says), not every trainer the factory knows: oja, bcm, stdp…
    // train other models and would only fail next.
    [Test]
    public void Store_UnknownRule_ExitsTwoListingTheStorageRules() =>
        _ = AssertBadInput("option --rule must be one of hebbian|antihebbian|storkey|pseudoinverse|hebbian16 (or a rule a --plugin registers), got 'nope'.",
            "store", "--patterns", _patterns, "--out", _out, "--rule", "nope");

    [Test]
    public void Store_UnknownRuleWithPlugin_ListsThePluginsRulesToo()
    {
        string plugin = Path.Combine(AppContext.BaseDirectory, "Canns.Cli.Tests.Plugin.dll");
        _ = AssertBadInput("option --rule must be one of hebbian|antihebbian|storkey|pseudoinverse|hebbian16|decaying|doubled-hebbian, got 'nope'.",
            "store", "--patterns", _patterns, "--out", _out, "--rule", "nope", "--plugin", plugin);
    }

    [Test]
    public void Store_RuleForAnotherModelKind_ExitsTwo() =>
        _ = AssertBadInput("rule 'oja' cannot store patterns in a Hopfield network", "store", "--patterns", _patterns, "--out", _out, "--rule", "oja");

    [Test]
    public void Store_RuleForAnotherModelKind_MessageHasNoParameterSuffix()
    {
        var r = AssertBadInput("needs a model implementing IFeedforwardModel, but AmariHopfieldNetwork does not.", "store", "--patterns", _patterns, "--out", _out, "--rule", "oja");
        Assert.That(r.Stderr, Does.Not.Contain("(Parameter"));
    }

    [Test]
    public void Store_StorkeyPatternsThatOverflowFloat32_ExitsTwoLikeHebbian()
    {
        // 1e30 squared overflows float32: Hebb's rule refuses it with an ArgumentException, Storkey's update with a
        // NotFiniteNumberException; both are bad input, not an unexpected failure.
        var huge = new Matrix(2, 32);
        huge.AsSpan().Fill(1e30f);
        string patterns = _dir.Save("huge.npy", huge);
        _ = _dir.RunBadInput(_out, "overflow float32", "store", "--patterns", patterns, "--out", _out);
        _ = _dir.RunBadInput(_out, "the patterns' values are too large", "store", "--patterns", patterns, "--out", _out, "--rule", "storkey");
    }

    [Test]
    public void Store_PluginRule_ResolvesThroughTheFactory()
    {
        string plugin = Path.Combine(AppContext.BaseDirectory, "Canns.Cli.Tests.Plugin.dll");
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out, "--rule", "doubled-hebbian", "--plugin", plugin);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var expected = DirectWeights(_x, new HebbianOptions { LearningRate = 2f });
        Assert.That(Npy.Read(_out).Data, Is.EqualTo(expected).AsCollection, "the plugin's trainer is a Hebbian trainer with η = 2");
    }

    [Test]
    public void Store_Hebbian16WithAPlugin_WritesTheSameWeightsAsWithout()
    {
        // hebbian16 is built in (a plugin cannot take its name); loading a plugin made it fail with "cannot store
        // patterns in a Hopfield network", as the rule was then resolved for a float32 network.
        string plugin = Path.Combine(AppContext.BaseDirectory, "Canns.Cli.Tests.Plugin.dll");
        string alone = _dir["alone.npy"];
        Assert.That(CliFolder.Run("store", "--patterns", _patterns, "--out", alone, "--rule", "hebbian16").ExitCode, Is.EqualTo(0));

        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out, "--rule", "hebbian16", "--plugin", plugin);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(Npy.Read(_out).Data, Is.EqualTo(Npy.Read(alone).Data).AsCollection);
    }

    [Test]
    public void Store_Hebbian16WithAMissingPlugin_ExitsTwo() =>
        _ = AssertBadInput("does not exist", "store", "--patterns", _patterns, "--out", _out, "--rule", "hebbian16", "--plugin", "/nonexistent/p.dll");

    [Test]
    public void Store_PluginWhoseTypesCannotLoad_ExitsTwoNamingThePlugin()
    {
        string plugin = Plugins.BrokenPlugin.WithMissingBaseType(_dir.Root);
        _ = AssertBadInput($"plugin '{plugin}' could not be loaded", "store", "--patterns", _patterns, "--out", _out, "--rule", "hebbian", "--plugin", plugin);
    }

    [TestCase("--no-center")]
    [TestCase("--keep-diagonal")]
    [TestCase("--no-normalize")]
    public void Store_HebbianFlagWithAPluginRule_ExitsTwoNamingTheFlag(string flag)
    {
        // The flags configure the built-in rules' named options only; a plugin's trainer never saw them, and the
        // weights came out as without the flag.
        string plugin = Path.Combine(AppContext.BaseDirectory, "Canns.Cli.Tests.Plugin.dll");
        _ = AssertBadInput($"{flag} applies only to the built-in rules", "store", "--patterns", _patterns, "--out", _out, "--rule", "doubled-hebbian", "--plugin", plugin, flag);
    }

    [Test]
    public void Store_MissingPlugin_ExitsTwo() =>
        _ = AssertBadInput("does not exist", "store", "--patterns", _patterns, "--out", _out, "--rule", "x", "--plugin", "/nonexistent/p.dll");

    [Test]
    public void Store_SwitchGivenAValue_ExitsTwo() => _ = AssertBadInput("--no-center takes no value", "store", "--patterns", _patterns, "--out", _out, "--no-center=yes");

    [TestCase(float.NaN, "NaN")]
    [TestCase(float.PositiveInfinity, "Infinity")]
    public void Store_NonFiniteInFile_ExitsTwoNamingRowAndColumn(float bad, string shown)
    {
        var x = _x.Clone();
        x[3, 7] = bad;
        var r = AssertBadInput("non-finite value", "store", "--patterns", _dir.Save("bad.npy", x), "--out", _out);
        Assert.That(r.Stderr, Does.Contain($"({shown}) at row 3, column 7").And.Contain("bad.npy"));
    }

    [Test]
    public void Store_CorruptNpy_ExitsTwoNamingTheFile()
    {
        string corrupt = _dir.SaveBytes("corrupt.npy", File.ReadAllBytes(_patterns)[..150]);
        AssertBadInput("corrupt.npy: truncated", "store", "--patterns", corrupt, "--out", _out);
    }

    [Test]
    public void Store_NotNpyAtAll_ExitsTwo() =>
        AssertBadInput("bad magic", "store", "--patterns", _dir.SaveBytes("text.npy", "1,2,3\n"u8.ToArray()), "--out", _out);

    [Test]
    public void Store_MissingPatternsFile_ExitsTwo() => _ = AssertBadInput("missing.npy", "store", "--patterns", _dir["missing.npy"], "--out", _out);

    [Test]
    public void Store_NoPatterns_ExitsTwo() =>
        AssertBadInput("at least one pattern", "store", "--patterns", _dir.Save("empty.npy", new Matrix(0, 8)), "--out", _out);

    [Test]
    public void Store_NeuronCountWhoseSquareOverflows_ExitsTwoWithoutAllocating()
    {
        // One bool pattern of 50,000 neurons: a 50 kB file whose weight matrix would need 2.5·10⁹ elements.
        var bytes = NpyBytes.Bools("(1, 50000)", 50_000);
        AssertBadInput("50000 neurons need a 50000 × 50000 weight matrix", "store", "--patterns", _dir.SaveBytes("wide.npy", bytes), "--out", _out);
    }

    [Test]
    public void Store_OutFolderMissing_ExitsTwo()
    {
        string missing = Path.Combine(_dir.Root, "no-such-folder", "w.npy");
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", missing);

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StderrLines, Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("does not exist"));
        Assert.That(Directory.Exists(Path.GetDirectoryName(missing)), Is.False);
    }

    [Test]
    public void Store_OutIsAFolder_ExitsTwo()
    {
        Directory.CreateDirectory(_out);
        var r = CliFolder.Run("store", "--patterns", _patterns, "--out", _out);

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StderrLines, Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("is a folder"));
        Assert.That(Directory.GetFileSystemEntries(_out), Is.Empty);
    }
}
