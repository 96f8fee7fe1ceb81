using Canns.Models;

namespace Canns.Trainers.Tests.Plasticity;

public class PlasticityCheckpointTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeFolder() => _dir = Path.Combine(Path.GetTempPath(), $"canns-checkpoint-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static RecurrentSpikingNetwork Network(int seed = 3) => new(40, new RecurrentSpikingOptions
    {
        ConnectionProbability = 0.25f, InitialWeightScale = 0.3f, Seed = seed, ShortTermPlasticity = ShortTermPlasticityOptions.Facilitating(),
    });

    private static PlasticityTrainer Trainer(RecurrentSpikingNetwork net, bool selective = true, float? percentile = null, bool coactivations = false)
    {
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            StepsPerPattern = 37, Interval = 7, LearningRate = 0.05f,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 20, Interval = 50 }, Metaplasticity = new MetaplasticityOptions(),
            Selective = selective ? new SelectivePlasticityOptions { WarmupApplications = 3, ThresholdPercentile = percentile } : null,
            TrackCoactivations = coactivations,
        });
        trainer.ConfigureProgress(false);
        return trainer;
    }

    private static Matrix Inputs(int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(3, 40);
        foreach (ref float v in m.AsSpan()) v = (float)(random.NextDouble() * 0.3);
        return m;
    }

    private static void AssertSame(RecurrentSpikingNetwork a, PlasticityTrainer ta, RecurrentSpikingNetwork b, PlasticityTrainer tb)
    {
        Assert.That(b.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(a.W.ToArray().Select(BitConverter.SingleToInt32Bits)));
        Assert.That(b.Membrane.ToArray(), Is.EqualTo(a.Membrane.ToArray()));
        Assert.That(b.Release.ToArray(), Is.EqualTo(a.Release.ToArray()));
        Assert.That(b.Resources.ToArray(), Is.EqualTo(a.Resources.ToArray()));
        Assert.That(b.RefractoryRemaining.ToArray(), Is.EqualTo(a.RefractoryRemaining.ToArray()));
        Assert.That(tb.Thresholds.ToArray(), Is.EqualTo(ta.Thresholds.ToArray()));
        Assert.That(tb.EligibilityTraces.ToArray(), Is.EqualTo(ta.EligibilityTraces.ToArray()));
        Assert.That(tb.Snapshot(), Is.EqualTo(ta.Snapshot()));
    }

    [Test]
    public void SaveAndLoad_ResumesBitForBit()
    {
        // Straight through: three calls. Resumed: one call, a checkpoint, a fresh process's worth of objects, two calls.
        // 37 steps a pattern, periodic every 7 and homeostasis every 50: the checkpoint falls inside both windows.
        var (straight, resumedNet) = (Network(), Network());
        var (ts, tr) = (Trainer(straight), Trainer(resumedNet));
        for (int call = 0; call < 3; call++) ts.Train(Inputs(call));
        tr.Train(Inputs(0));
        tr.SaveCheckpoint(_dir, new Dictionary<string, string> { ["chunk"] = "1", ["note"] = "after the first call" });
        var fresh = Network();
        var resumed = Trainer(fresh);
        var metadata = resumed.LoadCheckpoint(_dir);
        Assert.That(metadata, Is.EqualTo(new Dictionary<string, string> { ["chunk"] = "1", ["note"] = "after the first call" }));
        AssertSame(resumedNet, tr, fresh, resumed);
        resumed.Train(Inputs(1));
        resumed.Train(Inputs(2));
        AssertSame(straight, ts, fresh, resumed);
    }

    /// <summary>
    /// Three calls straight through against one call, a checkpoint, a fresh trainer from <paramref name="make"/> that
    /// loads it (<paramref name="afterLoad"/> sees the saved and the loaded trainer then), and two more calls: the two
    /// must end bit for bit the same. Returns the saved, the resumed and the straight trainer for the caller's own checks.
    /// </summary>
    private (PlasticityTrainer Saved, PlasticityTrainer Resumed, PlasticityTrainer Straight) AssertResumesBitForBit(Func<RecurrentSpikingNetwork, PlasticityTrainer> make,
        Action<PlasticityTrainer, PlasticityTrainer>? afterLoad = null)
    {
        var (straight, savedNet) = (Network(), Network());
        var (ts, saved) = (make(straight), make(savedNet));
        for (int call = 0; call < 3; call++) ts.Train(Inputs(call));
        saved.Train(Inputs(0));
        saved.SaveCheckpoint(_dir);
        var fresh = Network();
        var resumed = make(fresh);
        resumed.LoadCheckpoint(_dir);
        afterLoad?.Invoke(saved, resumed);
        resumed.Train(Inputs(1));
        resumed.Train(Inputs(2));
        AssertSame(straight, ts, fresh, resumed);
        return (saved, resumed, ts);
    }

    [Test]
    public void SaveAndLoad_WithAnAdaptiveThreshold_ResumesBitForBit()
    {
        // The threshold is not stored: the load recomputes it from the traces, as the last application did.
        AssertResumesBitForBit(net => Trainer(net, percentile: 70),
            (saved, loaded) => Assert.That(loaded.EligibilityThreshold, Is.EqualTo(saved.EligibilityThreshold).And.GreaterThan(0f)));
    }

    [Test]
    public void SaveAndLoad_WithCoactivationCounts_ResumesThemExactly_AndAMismatchIsRefused()
    {
        var (_, resumed, straight) = AssertResumesBitForBit(net => Trainer(net, coactivations: true), (saved, loaded) =>
        {
            Assert.That(loaded.Coactivations.ToArray(), Is.EqualTo(saved.Coactivations.ToArray()));
            Assert.That(loaded.Coactivations.ToArray().Sum(), Is.GreaterThan(0));
        });
        Assert.That(resumed.Coactivations.ToArray(), Is.EqualTo(straight.Coactivations.ToArray()));
        var e = Assert.Throws<InvalidDataException>(() => Trainer(Network()).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("co-activation"));
    }

    [Test]
    public void Save_Twice_ReplacesAndLeavesNoTemporaryFolders()
    {
        var net = Network();
        var trainer = Trainer(net);
        trainer.SaveCheckpoint(_dir);
        trainer.Train(Inputs(0));
        trainer.SaveCheckpoint(_dir);
        var parent = Path.GetDirectoryName(_dir)!;
        Assert.That(Directory.GetDirectories(parent, $".{Path.GetFileName(_dir)}.*"), Is.Empty);
        var other = Trainer(Network());
        other.LoadCheckpoint(_dir);
        Assert.That(other.StepCount, Is.EqualTo(trainer.StepCount));
    }

    [Test]
    public void Load_OtherNetwork_ThrowsAndChangesNothing()
    {
        Trainer(Network(seed: 3)).SaveCheckpoint(_dir);
        var net = Network(seed: 4);
        var trainer = Trainer(net);
        var w = net.W.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("other synapses"));
        Assert.That(net.W.ToArray(), Is.EqualTo(w));
        var small = new PlasticityTrainer(new RecurrentSpikingNetwork(10, new RecurrentSpikingOptions { Seed = 3 }));
        Assert.That(Assert.Throws<InvalidDataException>(() => small.LoadCheckpoint(_dir))!.Message, Does.Contain("40 neurons"));
    }

    [Test]
    public void Load_OtherInhibitoryNeurons_Throws()
    {
        Trainer(Network()).SaveCheckpoint(_dir);
        var inhibitory = new RecurrentSpikingNetwork(40, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.25f, InitialWeightScale = 0.3f, Seed = 3, ShortTermPlasticity = ShortTermPlasticityOptions.Facilitating(),
            InhibitoryFraction = 0.2f,
        });
        var e = Assert.Throws<InvalidDataException>(() => Trainer(inhibitory).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("inhibitory neurons differ"));
    }

    [Test]
    public void Load_CorruptedFiles_ThrowNamingTheProblemAndChangeNothing()
    {
        var source = Trainer(Network());
        source.Train(Inputs(0));
        source.SaveCheckpoint(_dir);
        var net = Network();
        var trainer = Trainer(net);
        var w = net.W.ToArray();
        void Expect<T>(string fragment) where T : Exception
        {
            var e = Assert.Throws<T>(() => trainer.LoadCheckpoint(_dir));
            Assert.That(e!.Message, Does.Contain(fragment));
            Assert.That(net.W.ToArray(), Is.EqualTo(w));
            Assert.That(trainer.StepCount, Is.EqualTo(0));
        }

        string json = Path.Combine(_dir, "checkpoint.json"), weights = Path.Combine(_dir, "W.npy"), state = Path.Combine(_dir, "network.npy");
        string goodJson = File.ReadAllText(json);
        byte[] goodWeights = File.ReadAllBytes(weights), goodState = File.ReadAllBytes(state);

        File.WriteAllText(json, goodJson[..(goodJson.Length / 2)]);
        Expect<InvalidDataException>("not a valid plasticity checkpoint");
        File.WriteAllText(json, goodJson.Replace("\"steps\"", "\"stepz\""));
        Expect<InvalidDataException>("'steps'");
        File.WriteAllText(json, goodJson.Replace("canns-plasticity-checkpoint", "something-else"));
        Expect<InvalidDataException>("kind");
        File.WriteAllText(json, goodJson);

        File.WriteAllBytes(weights, goodWeights[..(goodWeights.Length - 100)]);
        Expect<InvalidDataException>("W.npy");
        File.WriteAllBytes(weights, goodWeights);

        var spikes = Npy.Read(state);
        spikes[1, 5] = 0.5f;
        Npy.Write(state, spikes);
        Expect<InvalidDataException>("spikes must be 0 or 1; neuron 5 has 0.5");
        File.WriteAllBytes(state, goodState);

        File.Delete(Path.Combine(_dir, "trainer.npy"));
        Expect<FileNotFoundException>("trainer.npy");
    }

    /// <summary>Saves a trained checkpoint, lets <paramref name="corrupt"/> damage it, and asserts the load throws naming <paramref name="fragment"/> and changes nothing.</summary>
    private void AssertCorruptionRejected(Action corrupt, string fragment)
    {
        var source = Trainer(Network());
        source.Train(Inputs(0));
        source.SaveCheckpoint(_dir);
        corrupt();
        var net = Network();
        var trainer = Trainer(net);
        var (w, v, theta, snapshot) = (net.W.ToArray(), net.Membrane.ToArray(), trainer.Thresholds.ToArray(), trainer.Snapshot());
        var e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain(fragment));
        Assert.That(net.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(w.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(net.Membrane.ToArray(), Is.EqualTo(v));
        Assert.That(trainer.Thresholds.ToArray(), Is.EqualTo(theta));
        Assert.That(trainer.Snapshot(), Is.EqualTo(snapshot));
    }

    [Test]
    public void Load_HomeostaticWindowLongerThanItsInterval_Throws()
    {
        // The trainer scales when the window reaches its interval (50 steps); a window already past it would never scale again.
        string json = Path.Combine(_dir, "checkpoint.json");
        AssertCorruptionRejected(() =>
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
            root["counters"]!["windowSteps"] = 60;
            File.WriteAllText(json, root.ToJsonString());
        }, "'windowSteps'");
    }

    [Test]
    public void Load_NegativeThreshold_Throws()
    {
        string file = Path.Combine(_dir, "trainer.npy");
        AssertCorruptionRejected(() =>
        {
            var m = Npy.Read(file);
            m[0, 4] = -0.5f;
            Npy.Write(file, m);
        }, "neuron 4 has -0.5");
    }

    [Test]
    public void Load_EfficacyAboveOne_Throws()
    {
        string file = Path.Combine(_dir, "network.npy");
        AssertCorruptionRejected(() =>
        {
            var m = Npy.Read(file);
            m[2, 7] = 3f;
            Npy.Write(file, m);
        }, "neuron 7 has 3");
    }

    [Test]
    public void Load_SelectivePlasticityMismatch_ThrowsEitherWay()
    {
        Trainer(Network(), selective: true).SaveCheckpoint(_dir);
        var e = Assert.Throws<InvalidDataException>(() => Trainer(Network(), selective: false).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("carries eligibility traces"));
        Trainer(Network(), selective: false).SaveCheckpoint(_dir);
        e = Assert.Throws<InvalidDataException>(() => Trainer(Network(), selective: true).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("has no eligibility traces"));
    }

    [Test]
    public void Load_WeightWhereThereIsNoSynapse_Throws()
    {
        var net = Network();
        Trainer(net).SaveCheckpoint(_dir);
        int k = Enumerable.Range(0, net.Mask.Length).First(i => net.Mask[i] == 0);
        var w = Npy.Read(Path.Combine(_dir, "W.npy"));
        w.AsSpan()[k] = 0.1f;
        Npy.Write(Path.Combine(_dir, "W.npy"), w);
        var e = Assert.Throws<InvalidDataException>(() => Trainer(Network()).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("no synapse"));
    }

    [Test]
    public void Load_CountersMissing_ThrowsNamingThem()
    {
        string json = Path.Combine(_dir, "checkpoint.json");
        AssertCorruptionRejected(() =>
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!.AsObject();
            root.Remove("counters");
            File.WriteAllText(json, root.ToJsonString());
        }, "'counters' is missing");
    }

    [Test]
    public void Load_MoreSkippedApplicationsThanApplications_Throws()
    {
        // A trainer never skips more applications than it made: such counters would shift the selective gate's warm-up.
        string json = Path.Combine(_dir, "checkpoint.json");
        AssertCorruptionRejected(() =>
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
            root["counters"]!["skipped"] = (long)root["counters"]!["applications"]! + 5;
            File.WriteAllText(json, root.ToJsonString());
        }, "'skipped'");
    }

    [Test]
    public void Load_WindowLongerThanTheStepsTrained_Throws()
    {
        // The homeostatic window counts steps since the last scaling: never more than the steps trained.
        string json = Path.Combine(_dir, "checkpoint.json");
        AssertCorruptionRejected(() =>
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
            root["counters"]!["steps"] = 3;
            File.WriteAllText(json, root.ToJsonString());
        }, "'steps'");
    }

    [Test]
    public void Load_EfficacyOfANeuronThatDidNotSpike_Throws()
    {
        // A neuron's efficacy is 0 when it did not spike at the last step; any other value would reach its targets next step.
        string file = Path.Combine(_dir, "network.npy");
        int silent = -1;
        AssertCorruptionRejected(() =>
        {
            var m = Npy.Read(file);
            silent = Enumerable.Range(0, m.Columns).First(j => m[1, j] == 0);
            m[2, silent] = 0.5f;
            Npy.Write(file, m);
        }, "efficacies");
        Assert.That(silent, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Load_MembraneAtOrAboveTheThreshold_Throws()
    {
        // Every step leaves the potentials below the threshold (1): a neuron at it would have spiked and been reset.
        string file = Path.Combine(_dir, "network.npy");
        AssertCorruptionRejected(() =>
        {
            var m = Npy.Read(file);
            m[0, 5] = 1f;
            Npy.Write(file, m);
        }, "membrane potentials must be below the threshold (1); neuron 5 has 1");
    }

    [Test]
    public void Load_RefractoryNeuronAwayFromTheResetPotential_Throws()
    {
        // A refractory neuron's potential is held at the reset value (0) until it integrates again.
        string file = Path.Combine(_dir, "network.npy");
        int refractory = -1;
        AssertCorruptionRejected(() =>
        {
            var m = Npy.Read(file);
            refractory = Enumerable.Range(0, m.Columns).First(j => m[6, j] > 0);
            m[0, refractory] = 0.5f;
            Npy.Write(file, m);
        }, "the reset potential (0) where the neuron is refractory");
        Assert.That(refractory, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Load_SpikeWithoutItsRefractoryPeriod_Throws()
    {
        // A neuron that spiked at the last step has just started its refractory period (2 steps): with 0 left it could
        // fire again at once, which the network never does.
        string file = Path.Combine(_dir, "network.npy");
        AssertCorruptionRejected(() =>
        {
            var m = Npy.Read(file);
            int quiet = Enumerable.Range(0, m.Columns).First(j => m[1, j] == 0 && m[6, j] == 0);
            m[1, quiet] = 1f;
            m[2, quiet] = 0.2f;
            Npy.Write(file, m);
        }, "refractory");
    }

    [Test]
    public void Swap_NewFolderCannotTakeThePlace_PutsThePreviousCheckpointBack()
    {
        // The new folder's move fails (here: it is gone) after the previous checkpoint was moved aside.
        string parent = Directory.CreateDirectory(_dir).FullName;
        string full = Path.Combine(parent, "latest");
        Directory.CreateDirectory(full);
        File.WriteAllText(Path.Combine(full, "W.npy"), "previous");
        Assert.Throws<DirectoryNotFoundException>(() => PlasticityCheckpoint.Swap(Path.Combine(parent, ".latest.gone.tmp"), full, parent));
        Assert.That(File.ReadAllText(Path.Combine(full, "W.npy")), Is.EqualTo("previous"));
        Assert.That(Directory.GetDirectories(parent).Select(Path.GetFileName), Is.EqualTo(new[] { "latest" }), "nothing left aside");
    }

    [TestCase(true, -0.25f)]
    [TestCase(false, 0.25f)]
    public void Load_BadEligibilityTrace_ThrowsNamingTheFileAndEntry(bool atASynapse, float value)
    {
        // Traces are ≥ 0, and 0 where the network has no synapse (the mask is drawn from the seed, so Network() has it).
        var mask = Network().Mask.ToArray();
        int k = Enumerable.Range(0, mask.Length).First(i => (mask[i] != 0) == atASynapse);
        AssertCorruptionRejected(() =>
        {
            string file = Path.Combine(_dir, "eligibility.npy");
            var traces = Npy.Read(file);
            traces.AsSpan()[k] = value;
            Npy.Write(file, traces);
        }, $"eligibility.npy: trace [{k / 40}, {k % 40}] = {value}");
    }

    [TestCase(true, 1.5f)]
    [TestCase(true, -1f)]
    [TestCase(false, 2f)]
    public void Load_BadCoactivationCount_ThrowsNamingTheFileAndEntryAndChangesNothing(bool atASynapse, float value)
    {
        // Counts are whole numbers ≥ 0, and 0 where the network has no synapse.
        var source = Trainer(Network(), coactivations: true);
        source.Train(Inputs(0));
        source.SaveCheckpoint(_dir);
        var mask = Network().Mask.ToArray();
        int k = Enumerable.Range(0, mask.Length).First(i => (mask[i] != 0) == atASynapse);
        string file = Path.Combine(_dir, "coactivations.npy");
        var counts = Npy.Read(file);
        counts.AsSpan()[k] = value;
        Npy.Write(file, counts);
        var net = Network();
        var trainer = Trainer(net, coactivations: true);
        var w = net.W.ToArray();

        var e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(_dir));

        Assert.That(e!.Message, Does.Contain($"coactivations.npy: count [{k / 40}, {k % 40}] = {value}"));
        Assert.That(net.W.ToArray(), Is.EqualTo(w));
        Assert.That(trainer.StepCount, Is.EqualTo(0));
    }
}
