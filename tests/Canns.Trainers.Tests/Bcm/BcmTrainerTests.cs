using Canns.Models;
using Canns.Trainers.Tests.RateRules;

namespace Canns.Trainers.Tests.Bcm;

public class BcmTrainerTests
{
    private static LinearLayer Layer(int inputs, int outputs, int seed, float tau = 100f, float? scale = null) =>
        new(inputs, outputs, new LinearLayerOptions { Seed = seed, SlidingThreshold = true, ThresholdTimeConstant = tau, InitialWeightScale = scale });

    [Test]
    public void Options_Defaults_HaveNoBounds()
    {
        var o = new BcmOptions();
        Assert.That((o.MinWeight, o.MaxWeight, o.LearningRate, o.Epochs), Is.EqualTo(((float?)null, (float?)null, 0.001f, 1)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_RandomData_WeightsAndThetaMatchReferenceLoop(bool compiled)
    {
        var data = TestData.RandomReal(300, 12, seed: 31);
        var layer = Layer(12, 3, seed: 32, tau: 20f);
        var expected = RuleData.ToDouble(layer.W);
        var theta = new double[3];
        var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 0.01f, Shuffle = false, Epochs = 2 });
        trainer.ConfigureProgress(false, compiled);
        trainer.Train(data);
        RuleData.Reference("bcm", expected, theta, data, 0.01, 20, epochs: 2);
        RuleData.AssertRelative(layer.W.AsReadOnlySpan(), expected, 1e-5, "W");
        for (int i = 0; i < 3; i++) Assert.That(trainer.Theta[i], Is.EqualTo(theta[i]).Within(1e-5 * Math.Max(1, Math.Abs(theta[i]))), $"θ{i}");
    }

    [Test]
    public void Train_ZeroLearningRate_ThetaIsRunningMeanOfYSquared()
    {
        // With η = 0, y is fixed per sample and θ must be exactly the exponential running mean of y² (reference in double).
        var data = TestData.RandomReal(500, 6, seed: 33);
        var layer = Layer(6, 2, seed: 34, tau: 50f);
        var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 0f, Shuffle = false });
        trainer.Train(data);
        for (int i = 0; i < 2; i++)
        {
            double theta = 0;
            for (int s = 0; s < data.Rows; s++)
            {
                double y = 0;
                for (int j = 0; j < 6; j++) y += layer.W.ReadOnlyRow(i)[j] * (double)data[s, j];
                theta += (y * y - theta) / 50;
            }
            Assert.That(trainer.Theta[i], Is.EqualTo(theta).Within(1e-5 * theta), $"θ{i}");
        }
    }

    [Test]
    public void Train_CompiledAndStepPaths_GiveIdenticalWeightsAndTheta([Values] bool bounded)
    {
        var data = TestData.RandomReal(300, 21, seed: 35);
        (float[] W, float[] Theta) Run(bool compiled)
        {
            var layer = Layer(21, 4, seed: 36, tau: 10f);
            var trainer = new BcmTrainer(layer, new BcmOptions
            {
                LearningRate = 0.05f, Epochs = 2, MinWeight = bounded ? -0.2f : null, MaxWeight = bounded ? 0.25f : null,
            });
            trainer.ConfigureProgress(false, compiled);
            trainer.Train(data);
            return (layer.W.ToArray(), trainer.Theta.ToArray());
        }
        var (wc, tc) = Run(true);
        var (ws, ts) = Run(false);
        Assert.That(wc, Is.EqualTo(ws));
        Assert.That(tc, Is.EqualTo(ts));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_YSquaredOverflows_ThrowsNamingTheDataScaleAndRollsBack(bool compiled)
    {
        // η = 0, so the learning rate is not to blame: y ≈ 1e25 makes y² = ∞ in float32 (and η·y(y − θ) = 0·∞ = NaN).
        var layer = Layer(4, 2, seed: 35, tau: 10f, scale: 1f);
        layer.W.AsSpan().Fill(0.5f);
        var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 0f, Shuffle = false });
        trainer.ConfigureProgress(false, compiled);
        trainer.Train(TestData.RandomReal(5, 4, seed: 36));
        var (w, theta) = (layer.W.ToArray(), trainer.Theta.ToArray());
        var data = TestData.RandomReal(5, 4, seed: 37);
        data.Row(4).Fill(1e25f);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(data));
        Assert.That(e!.Message, Does.Contain("non-finite").And.Contain("largest magnitude (1E+25)"));
        Assert.That(layer.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(w.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(trainer.Theta.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(theta.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(trainer.StepCount, Is.EqualTo(5));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_BoundedUpdateOverflows_ThrowsAndRollsBackInsteadOfClampingInfinity(bool compiled)
    {
        // η y (y − θ) overflows float32 to ∞ (no input is 0, so no 0·∞ = NaN): w + ∞·x is ±∞, which the bounds must not
        // turn into ±1 as if it were a finite step.
        var layer = Layer(6, 2, seed: 38, scale: 1f);
        var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 3e38f, MinWeight = -1f, MaxWeight = 1f, Shuffle = false });
        trainer.ConfigureProgress(false, compiled);
        var data = TestData.RandomReal(3, 6, seed: 39);
        foreach (ref float v in data.AsSpan()) v = v >= 0 ? v + 2f : v - 2f;
        var (w, theta) = (layer.W.ToArray(), trainer.Theta.ToArray());

        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(data));

        Assert.That(e!.Message, Does.Contain("non-finite"));
        Assert.That(layer.W.ToArray(), Is.EqualTo(w));
        Assert.That(trainer.Theta.ToArray(), Is.EqualTo(theta));
        Assert.That(trainer.StepCount, Is.Zero);
    }

    [Test]
    public void Train_Bounds_ClampBothWays()
    {
        // τ = 1 makes θ = y² of the last sample. Sample 1: y = 3.5, Δw = +12.25 → clamped to 0.4, θ = 12.25.
        // Sample 2: x = 0.5, y = 2, Δw = 2 (2 − 12.25) · 0.5 = −10.25 → clamped to −0.3.
        var layer = Layer(10, 1, seed: 37, tau: 1f);
        layer.W.AsSpan().Fill(0.35f);
        var data = new Matrix(2, 10);
        data.Row(0).Fill(1f);
        data.Row(1).Fill(0.5f);
        var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 1f, MinWeight = -0.3f, MaxWeight = 0.4f, Shuffle = false });
        trainer.Train(new Matrix(1, 10, data.Row(0).ToArray()));
        Assert.That(layer.W.ToArray(), Is.All.EqualTo(0.4f));
        trainer.Train(new Matrix(1, 10, data.Row(1).ToArray()));
        Assert.That(layer.W.ToArray(), Is.All.EqualTo(-0.3f));
    }

    [Test]
    public void Train_NoBounds_WeightsGoPastTen()
    {
        // The reference library clips at a hard-coded ±10; here nothing does unless asked.
        var layer = Layer(4, 1, seed: 39, scale: 0f);
        layer.W.AsSpan().Fill(5f);
        var x = new Matrix(1, 4);
        x.AsSpan().Fill(1f);
        new BcmTrainer(layer, new BcmOptions { LearningRate = 0.02f }).Train(x); // y = 20, θ = 0: Δw = 0.02 · 400
        Assert.That(layer.W.ToArray()[0], Is.GreaterThan(10f));
    }

    private const int Outputs = 8;

    [Test]
    public void Train_OrientedBars_OutputsBecomeSelectiveToDifferentOrientations()
    {
        var stimuli = OrientedBars.Create(12, 8);
        var stream = OrientedBars.Stream(stimuli, 40_000, seed: 40);
        var layer = Layer(144, Outputs, seed: 41, tau: 50f, scale: 0.1f);
        var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 2e-4f, Shuffle = false });
        trainer.Train(stream);
        var responses = trainer.PredictBatch(stimuli);
        var preferred = new HashSet<int>();
        for (int i = 0; i < Outputs; i++)
        {
            var r = Enumerable.Range(0, 8).Select(k => (double)responses[k][i]).ToArray();
            int best = Array.IndexOf(r, r.Max());
            double second = r.Where((_, k) => k != best).Select(Math.Abs).Max();
            TestContext.Out.WriteLine($"output {i}: " + string.Join(" ", r.Select(v => v.ToString("F2"))));
            // Selective: the preferred orientation drives the output at least 3× more than any other.
            Assert.That(r[best], Is.GreaterThan(3 * second), $"output {i}");
            preferred.Add(best);
        }
        Assert.That(preferred, Has.Count.GreaterThanOrEqualTo(4), "outputs prefer different orientations");
    }

    [Test]
    public void Ctor_LayerWithoutSlidingThreshold_ThrowsNamingTheFix()
    {
        var e = Assert.Throws<ArgumentException>(() => new BcmTrainer(new LinearLayer(4, 2)));
        Assert.That(e!.Message, Does.Contain("SlidingThreshold"));
    }

    [Test]
    public void Reset_SetsThetaToZero()
    {
        var layer = Layer(5, 2, seed: 42);
        var trainer = new BcmTrainer(layer);
        trainer.Train(TestData.RandomReal(20, 5, seed: 43));
        Assert.That(trainer.Theta.ToArray(), Has.Some.Not.EqualTo(0f));
        trainer.Reset();
        Assert.That(trainer.Theta.ToArray(), Is.All.EqualTo(0f));
    }

    [TestCase(float.PositiveInfinity, null, "MinWeight")]
    [TestCase(null, float.NegativeInfinity, "MaxWeight")]
    [TestCase(float.NegativeInfinity, null, "MinWeight")]
    public void Ctor_InfiniteWeightBound_ThrowsNamingIt(float? min, float? max, string name)
    {
        // MinWeight = +∞ (or MaxWeight = −∞) clamps every weight to ∞: training then failed blaming the learning rate.
        // A bound must be finite (null for none), as for the local-rule and STDP bounds.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BcmTrainer(Layer(4, 2, seed: 1), new BcmOptions { MinWeight = min, MaxWeight = max }));

        Assert.That(e!.Message, Does.Contain(name).And.Contain("finite"));
    }

    /// <summary>A user's sliding-threshold model whose θ and τ the test chooses, as LinearLayer would never give them.</summary>
    private sealed class CustomThresholdModel(int inputs, int outputs, int thetaLength, float tau) : ISlidingThresholdModel
    {
        private readonly ParamState _w = new("W", outputs, inputs);
        private readonly ParamState _theta = new("theta", thetaLength);

        public int Inputs => _w.Columns;
        public int Outputs => _w.Rows;
        public string WeightParameterName => "W";
        public ParamState W => _w;
        public ParamState? Theta => _theta;
        public float ThresholdTimeConstant => tau;
        public IReadOnlyList<ParamState> Parameters => [_w, _theta];
        public ParamState GetParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException(name);
        public void Forward(ReadOnlySpan<float> input, Span<float> output) => output.Clear();
    }

    [TestCase(2)]
    [TestCase(4)]
    public void Constructor_ThetaLengthNotOutputs_ThrowsNamingBoth(int thetaLength)
    {
        var e = Assert.Throws<ArgumentException>(() => new BcmTrainer(new CustomThresholdModel(5, 3, thetaLength, 100f)));

        Assert.That(e!.ParamName, Is.EqualTo("model"));
        Assert.That(e.Message, Does.Contain($"θ has length {thetaLength}").And.Contain("3 outputs"));
    }

    [TestCase(0.5f)]
    [TestCase(0f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void Constructor_TimeConstantNotFiniteOrBelowOne_ThrowsNamingIt(float tau)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BcmTrainer(new CustomThresholdModel(5, 3, 3, tau)));

        Assert.That(e!.ParamName, Is.EqualTo("model"));
        Assert.That(e.Message, Does.Contain($"τ ({tau}) must be finite and ≥ 1"));
    }
}
