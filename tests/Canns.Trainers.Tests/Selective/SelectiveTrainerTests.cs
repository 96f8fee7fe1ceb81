using Canns.Models;
using Canns.Testing;
using Canns.Trainers.Tests.RateRules;

namespace Canns.Trainers.Tests.Selective;

[NonParallelizable]
public partial class SelectiveTrainerTests
{
    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    /// <summary>A rule whose update is given: each row of the data is added to W (flattened), so every step's Δ is known.</summary>
    private sealed class AddTrainer(IFeedforwardModel model) : Trainer<IFeedforwardModel, float[]>(model)
    {
        public int Calls { get; private set; }

        public override void Train(Matrix data, CancellationToken cancellationToken = default)
        {
            ValidateData(data, Model.W.Length, "weights");
            cancellationToken.ThrowIfCancellationRequested();
            var w = Model.W.AsSpan();
            for (int r = 0; r < data.Rows; r++)
            {
                var row = data.Row(r);
                for (int k = 0; k < w.Length; k++) w[k] += row[k];
                Report(TrainingPhase.Training, r + 1, data.Rows);
            }
            Calls++;
        }

        public override float[] Predict(ReadOnlySpan<float> input)
        {
            var y = new float[Model.Outputs];
            Model.Forward(input, y);
            return y;
        }
    }

    /// <summary>The documented step in double: its W, traces, ē, threshold and last surprise and mean gate.</summary>
    private sealed class Reference(double[] w, SelectiveTrainerOptions o)
    {
        public readonly double[] W = w;
        public readonly double[] E = new double[w.Length];
        public double Mean, Threshold, Surprise, MeanGate, Peak;
        public long Steps;

        public void Step(ReadOnlySpan<float> delta)
        {
            var s = o.Selective;
            int m = W.Length;
            double max = 0, dot = 0, dd = 0, ee = 0;
            for (int k = 0; k < m; k++)
            {
                double d = delta[k];
                max = Math.Max(max, Math.Abs(d));
                dot += E[k] * Math.Abs(d);
                dd += d * d;
                ee += E[k] * E[k];
            }
            Surprise = dd > 0 && ee > 0 ? Math.Clamp(1 - dot / Math.Sqrt(dd * ee), 0, 1) : 0;
            bool gated = Steps + 1 > s.WarmupApplications && Mean > 0;
            double scale = gated ? s.Protection / Mean * (1 - o.SurpriseWeight * Surprise) : 0;
            double threshold = s.ThresholdPercentile is null ? -1 : Threshold;
            double gates = 0;
            Peak = Math.Max(s.TraceDecay * Peak, max);
            for (int k = 0; k < m; k++)
            {
                double d = delta[k], u = Peak > 0 ? Math.Abs(d) / Peak : 0;
                double g = E[k] > threshold ? 1 / (1 + scale * E[k] * (1 - u)) : 1;
                W[k] += g * d;
                E[k] = s.TraceDecay * E[k] + (1 - s.TraceDecay) * Math.Abs(d);
                gates += g;
            }
            MeanGate = gates / m;
            Steps++;
            Mean = E.Average();
            if (s.ThresholdPercentile is { } p)
            {
                var sorted = E.OrderBy(v => v).ToArray();
                int rank = (int)Math.Ceiling(p * (double)m / 100.0);
                Threshold = sorted[Math.Clamp(rank - 1, 0, m - 1)];
            }
        }
    }

    /// <summary>Steps whose updates are large on a random half of the elements and small elsewhere, the half changing every few steps (tasks).</summary>
    private static float[][] Deltas(int steps, int length, int seed)
    {
        var random = new Random(seed);
        var result = new float[steps][];
        bool[] busy = new bool[length];
        for (int t = 0; t < steps; t++)
        {
            if (t % 4 == 0) for (int k = 0; k < length; k++) busy[k] = random.NextDouble() < 0.5;
            result[t] = new float[length];
            // Steps of different sizes, so the peak D sometimes comes from an earlier step.
            double size = 0.2 + 1.3 * random.NextDouble();
            for (int k = 0; k < length; k++)
            {
                double v = size * (random.NextDouble() * 2 - 1);
                result[t][k] = (float)(busy[k] ? v : 0.05 * v);
            }
        }
        return result;
    }

    private static LinearLayer Layer(int outputs, int inputs, int seed) => new(inputs, outputs, new LinearLayerOptions { Seed = seed });

    private static IEnumerable<TestCaseData> GateCases()
    {
        yield return new TestCaseData(0, (float?)null, 0f, 5f).SetName("Gate_NoWarmup_NoThreshold");
        yield return new TestCaseData(2, (float?)60f, 0.5f, 5f).SetName("Gate_Warmup2_Percentile60_Surprise");
        yield return new TestCaseData(1, (float?)30f, 1f, 20f).SetName("Gate_StrongProtection_FullSurprise");
    }

    /// <summary>The step's surprise, mean gate, ē, D and threshold against the reference's (1e-5); whether the step gated noticeably.</summary>
    private static bool AssertStepIsTheReferences<TModel, TPrediction>(SelectiveTrainer<TModel, TPrediction> trainer, Reference reference)
        where TModel : class
    {
        var step = trainer.LastStep!;
        Assert.That(step.Step, Is.EqualTo(reference.Steps));
        Assert.That(step.Surprise, Is.EqualTo(reference.Surprise).Within(1e-5), "surprise");
        Assert.That(step.MeanGate, Is.EqualTo(reference.MeanGate).Within(1e-5), "mean gate");
        Assert.That(trainer.MeanEligibility, Is.EqualTo(reference.Mean).Within(1e-5), "ē");
        Assert.That(trainer.PeakUpdate, Is.EqualTo(reference.Peak).Within(1e-5), "D");
        if (trainer.EligibilityThreshold is { } threshold) Assert.That(threshold, Is.EqualTo(reference.Threshold).Within(1e-5), "threshold");
        return step.Gated && step.MeanGate < 0.9;
    }

    [TestCaseSource(nameof(GateCases))]
    public void Train_GivenUpdates_MatchesDoubleReference(int warmup, float? percentile, float surprise, float protection)
    {
        // 7 × 37 = 259 elements: vectors of 8 or 16 and a scalar tail. Tolerance 1e-5: float rounding over 12 steps of O(1) values.
        var layer = Layer(7, 37, seed: 1);
        var options = new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = protection, WarmupApplications = warmup, ThresholdPercentile = percentile },
            SurpriseWeight = surprise,
        };
        var reference = new Reference(layer.W.AsReadOnlySpan().ToArray().Select(v => (double)v).ToArray(), options);
        var trainer = new AddTrainer(layer).WithSelectivePlasticity(options);
        bool anyGated = false;
        foreach (var delta in Deltas(12, layer.W.Length, seed: 2))
        {
            trainer.Train(new Matrix(1, delta.Length, delta));
            reference.Step(delta);
            anyGated |= AssertStepIsTheReferences(trainer, reference);
        }
        Assert.That(anyGated, Is.True, "the case must gate something");
        for (int k = 0; k < reference.W.Length; k++)
        {
            Assert.That(layer.W.AsReadOnlySpan()[k], Is.EqualTo(reference.W[k]).Within(1e-5), $"W[{k}]");
            Assert.That(trainer.Eligibility[k], Is.EqualTo(reference.E[k]).Within(1e-5), $"e[{k}]");
        }
    }

    [TestCase(0f)]
    [TestCase(0.5f)]
    public void Train_AfterTracesDecayToSubnormals_StillMatchesTheDoubleReference(float surpriseWeight)
    {
        // β = 0.5: after three steps of O(1) updates and 130 steps in which the wrapped trainer changes nothing, the
        // traces, ē and D are all about 2^-130 (float subnormals, not 0). The gate depends on e/ē and |Δ|/D only, so the
        // next real steps must be gated as the double reference gates them (k/ē alone overflows float; 1/D too), and their
        // surprise, a cosine, does not depend on the traces' scale (e² underflows float).
        var layer = Layer(4, 16, seed: 30);
        var options = new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { TraceDecay = 0.5f, Protection = 5f, WarmupApplications = 0 },
            SurpriseWeight = surpriseWeight,
        };
        var reference = new Reference(layer.W.AsReadOnlySpan().ToArray().Select(v => (double)v).ToArray(), options);
        var trainer = new AddTrainer(layer).WithSelectivePlasticity(options);
        var deltas = Deltas(5, layer.W.Length, seed: 31);
        var zero = new float[layer.W.Length];
        var steps = deltas[..3].Concat(Enumerable.Repeat(zero, 130)).Concat(deltas[3..]).ToArray();
        foreach (var delta in steps)
        {
            if (trainer.StepCount == 133)
            {
                Assert.That(trainer.MeanEligibility, Is.GreaterThan(0f).And.LessThan(1.17549435e-38f), "ē is subnormal before the next real step");
                Assert.That(trainer.PeakUpdate, Is.GreaterThan(0f).And.LessThan(1.17549435e-38f), "and so is D");
            }
            trainer.Train(new Matrix(1, delta.Length, (float[])delta.Clone()));
            reference.Step(delta);
            Assert.That(trainer.LastStep!.Surprise, Is.EqualTo(reference.Surprise).Within(1e-3), $"surprise of step {trainer.StepCount}");
            Assert.That(trainer.LastStep.MeanGate, Is.EqualTo(reference.MeanGate).Within(1e-3), $"mean gate of step {trainer.StepCount}");
        }
        for (int k = 0; k < reference.W.Length; k++)
        {
            Assert.That(layer.W.AsReadOnlySpan()[k], Is.EqualTo(reference.W[k]).Within(1e-3), $"W[{k}]");
        }
    }

    [Test]
    public void Train_HandWorkedStep_GatesTheDraggedElementOnly()
    {
        // One output, two inputs; β = 0.5, k = 1, no warm-up. Step 1: Δ = (2, 0): ungated (ē = 0), e = (1, 0), ē = 0.5.
        // Step 2: Δ = (1, 4): max|Δ| = 4, u = (0.25, 1); g₀ = 1/(1 + (1/0.5)·1·0.75) = 0.4, g₁ = 1 (its trace is 0, and u = 1).
        var layer = Layer(1, 2, seed: 3);
        layer.W.CopyFrom([0f, 0f]);
        var trainer = new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { TraceDecay = 0.5f, Protection = 1f, WarmupApplications = 0 },
        });
        trainer.Train(Matrix.FromRows([2f, 0f]));
        Assert.That(layer.W.AsReadOnlySpan().ToArray(), Is.EqualTo(new[] { 2f, 0f }));
        Assert.That(trainer.Eligibility.ToArray(), Is.EqualTo(new[] { 1f, 0f }));
        trainer.Train(Matrix.FromRows([1f, 4f]));
        Assert.That(layer.W.AsReadOnlySpan()[0], Is.EqualTo(2.4f).Within(1e-6));
        Assert.That(layer.W.AsReadOnlySpan()[1], Is.EqualTo(4f));
        Assert.That(trainer.Eligibility.ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(trainer.LastStep!.MeanGate, Is.EqualTo(0.7).Within(1e-6));
        Assert.That(trainer.LastStep.ProtectedFraction, Is.EqualTo(0.5));
        // Surprise of step 2: |Δ| = (1, 4), e = (1, 0): cos = 1/√17.
        Assert.That(trainer.LastStep.Surprise, Is.EqualTo(1 - 1 / Math.Sqrt(17)).Within(1e-6));
    }

    [Test]
    public void Train_DuringWarmup_IsTheWrappedTrainerBitForBit()
    {
        var data = TestData.RandomReal(120, 9, seed: 4);
        var plain = Layer(3, 9, seed: 5);
        var wrapped = Layer(3, 9, seed: 5);
        var oja = new OjaTrainer(plain, new OjaOptions { LearningRate = 0.01f, Seed = 6 });
        var selective = new OjaTrainer(wrapped, new OjaOptions { LearningRate = 0.01f, Seed = 6 })
            .WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { WarmupApplications = 6 } });
        for (int b = 0; b < 6; b++)
        {
            var batch = Rows(data, b * 20, 20);
            oja.Train(batch);
            selective.Train(batch);
            Assert.That(selective.LastStep!.Gated, Is.False);
        }
        Assert.That(wrapped.W.AsReadOnlySpan().ToArray(), Is.EqualTo(plain.W.AsReadOnlySpan().ToArray()));
        Assert.That(selective.MeanEligibility, Is.GreaterThan(0f));
    }

    [Test]
    public void Train_ZeroProtection_IsTheWrappedTrainerBitForBit()
    {
        var data = TestData.RandomReal(100, 9, seed: 7);
        var plain = new LinearLayer(9, 2, new LinearLayerOptions { Seed = 8, SlidingThreshold = true });
        var wrapped = new LinearLayer(9, 2, new LinearLayerOptions { Seed = 8, SlidingThreshold = true });
        var bcm = new BcmTrainer(plain, new BcmOptions { LearningRate = 0.01f });
        var selective = new BcmTrainer(wrapped, new BcmOptions { LearningRate = 0.01f })
            .WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { Protection = 0f, WarmupApplications = 0 } });
        for (int b = 0; b < 5; b++)
        {
            bcm.Train(Rows(data, b * 20, 20));
            selective.Train(Rows(data, b * 20, 20));
        }
        Assert.That(wrapped.W.AsReadOnlySpan().ToArray(), Is.EqualTo(plain.W.AsReadOnlySpan().ToArray()));
    }

    [Test]
    public void WithSelectivePlasticity_Untyped_IsTheTypedWrapperBitForBit()
    {
        var data = TestData.RandomReal(60, 9, seed: 17);
        var typedModel = new LinearLayer(9, 3, new LinearLayerOptions { Seed = 5 });
        var untypedModel = new LinearLayer(9, 3, new LinearLayerOptions { Seed = 5 });
        var options = new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { Protection = 4f, WarmupApplications = 1, TraceDecay = 0.8f } };
        var typed = new SangerTrainer(typedModel, new SangerOptions { LearningRate = 0.01f }).WithSelectivePlasticity(options);
        Trainer untyped = new SangerTrainer(untypedModel, new SangerOptions { LearningRate = 0.01f });
        untyped = untyped.WithSelectivePlasticity(options);
        Assert.That(untyped, Is.TypeOf(typed.GetType()));
        for (int b = 0; b < 6; b++)
        {
            typed.Train(Rows(data, b * 10, 10));
            untyped.Train(Rows(data, b * 10, 10));
        }
        Assert.That(typed.LastStep!.Gated, Is.True);
        Assert.That(untypedModel.W.AsReadOnlySpan().ToArray(), Is.EqualTo(typedModel.W.AsReadOnlySpan().ToArray()));
    }

    /// <summary>A trainer that derives from <see cref="Trainer"/> directly: no model type to wrap.</summary>
    private sealed class BareTrainer : Trainer
    {
        public override void Train(Matrix data, CancellationToken cancellationToken = default) { }
    }

    [Test]
    public void WithSelectivePlasticity_Untyped_TrainerWithoutModelType_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new BareTrainer().WithSelectivePlasticity());
        Assert.That(e!.Message, Does.Contain("BareTrainer").And.Contain("Trainer<TModel, TPrediction>"));
        Assert.Throws<ArgumentNullException>(() => ((Trainer)null!).WithSelectivePlasticity());
    }

    [Test]
    public void LocalRule_SecondTask_KeepsMoreOfTheFirstTasksWeights()
    {
        // Hebbian growth bounded in [0, 1] with weight decay: w ← clamp(w + η (y x − λ w)). Task A drives inputs 0–3,
        // task B inputs 4–7. While B is learned, A's weights only decay (Δ = −ηλw, small next to B's growth, and still
        // small against the decaying peak D once B has saturated), so the gate holds them where A's traces are high.
        const int inputs = 8;
        var taskA = Task(inputs, 0, 2000, seed: 9);
        var taskB = Task(inputs, 4, 2000, seed: 10);
        var (plainA, plainB) = Halves(Run(selective: false));
        var (keptA, keptB) = Halves(Run(selective: true));
        TestContext.Out.WriteLine($"task A's weights after B: plain {plainA:F3}, selective {keptA:F3}; task B's: {plainB:F3}, {keptB:F3}");
        // Plain: A's weights decay by (1 − ηλ)^2000 = 0.999^2000 ≈ 0.135 of their bound. Gated: 0.42 here; asserted: more than twice the plain value.
        Assert.That(plainA, Is.EqualTo(Math.Pow(0.999, 2000)).Within(0.02), "plain training forgets task A at the decay's rate");
        Assert.That(keptA, Is.GreaterThan(2 * plainA), "selective plasticity keeps task A");
        Assert.That(keptB, Is.GreaterThan(0.9), "and still learns task B");

        LinearLayer Run(bool selective)
        {
            var layer = Layer(2, inputs, seed: 11);
            for (int k = 0; k < layer.W.Length; k++) layer.W.AsSpan()[k] = 0.1f;
            Trainer<IFeedforwardModel, float[]> trainer = new LocalRuleLayerTrainer(layer, s => s.Post * s.Pre,
                new LocalRuleOptions { LearningRate = 0.05f, WeightDecay = 0.02f, MinWeight = 0f, MaxWeight = 1f });
            if (selective)
            {
                trainer = trainer.WithSelectivePlasticity(new SelectiveTrainerOptions
                {
                    Selective = new SelectivePlasticityOptions { TraceDecay = 0.95f, Protection = 10f, WarmupApplications = 10 },
                });
            }
            foreach (var task in new[] { taskA, taskB })
            {
                for (int b = 0; b < 100; b++) trainer.Train(Rows(task, b * 20, 20));
            }
            return layer;
        }

        static (double A, double B) Halves(LinearLayer layer)
        {
            var w = layer.W.AsReadOnlySpan();
            double a = 0, b = 0;
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    a += w[i * inputs + j] / 8;
                    b += w[i * inputs + 4 + j] / 8;
                }
            }
            return (a, b);
        }
    }

    /// <summary>Samples with inputs <paramref name="first"/> … <paramref name="first"/> + 3 uniform in [0.5, 1] and the others 0.</summary>
    private static Matrix Task(int inputs, int first, int samples, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(samples, inputs);
        for (int s = 0; s < samples; s++)
        {
            for (int j = first; j < first + 4; j++) m.Row(s)[j] = (float)(0.5 + 0.5 * random.NextDouble());
        }
        return m;
    }

    private static Matrix Rows(Matrix m, int first, int count)
    {
        var result = new Matrix(count, m.Columns);
        for (int r = 0; r < count; r++) m.Row(first + r).CopyTo(result.Row(r));
        return result;
    }

    [Test]
    public void Hebbian_GatedSteps_KeepWSymmetricWithZeroDiagonal()
    {
        const int n = 40;
        var network = new AmariHopfieldNetwork(n);
        var trainer = new HebbianTrainer(network).WithSelectivePlasticity(new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { WarmupApplications = 1, Protection = 5f },
        });
        for (int t = 0; t < 4; t++) trainer.Train(TestData.RandomBipolar(3, n, seed: 20 + t));
        Assert.That(trainer.LastStep!.Gated, Is.True);
        Assert.That(trainer.LastStep.MeanGate, Is.LessThan(1.0));
        var w = network.W.AsReadOnlySpan();
        for (int i = 0; i < n; i++)
        {
            Assert.That(w[i * n + i], Is.Zero, $"W[{i},{i}]");
            for (int j = 0; j < i; j++) Assert.That(w[i * n + j], Is.EqualTo(w[j * n + i]), $"W[{i},{j}]");
        }
    }

    [Test]
    public void GateChunks_OfTheLargestArrays_DoNotOverflow()
    {
        // A parameter may hold up to Array.MaxLength floats; length + ChunkLength − 1 overflows int from
        // int.MaxValue − ChunkLength + 2 on, which made the chunk count negative (and no element gated or traced).
        foreach (int length in new[] { 0, 1, SelectiveGate.ChunkLength, SelectiveGate.ChunkLength + 1, int.MaxValue - SelectiveGate.ChunkLength + 2, Array.MaxLength })
        {
            long expected = ((long)length + SelectiveGate.ChunkLength - 1) / SelectiveGate.ChunkLength;
            Assert.That(SelectiveGate.Chunks(length), Is.EqualTo(expected), $"length {length}");
        }
    }

    [Test]
    public void Train_ResultsAreTheSameOnOneAndTwoThreads()
    {
        // 150 × 150 = 22,500 elements: two chunks of the gate's passes.
        float[] Run(int threads, out float[] traces)
        {
            CannsParallelism.MaxDegree = threads;
            var layer = Layer(150, 150, seed: 13);
            var trainer = new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions
            {
                Selective = new SelectivePlasticityOptions { WarmupApplications = 1, ThresholdPercentile = 50f },
                SurpriseWeight = 0.3f,
            });
            foreach (var delta in Deltas(6, layer.W.Length, seed: 14)) trainer.Train(new Matrix(1, delta.Length, delta));
            traces = trainer.Eligibility.ToArray();
            return layer.W.ToArray();
        }
        var one = Run(1, out var tracesOne);
        var two = Run(2, out var tracesTwo);
        Assert.That(two, Is.EqualTo(one));
        Assert.That(tracesTwo, Is.EqualTo(tracesOne));
    }

    [Test]
    public void Train_WrappedTrainerFails_LeavesModelAndTracesAsTheyWere()
    {
        var layer = Layer(2, 5, seed: 15);
        var trainer = new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { WarmupApplications = 0 } });
        foreach (var delta in Deltas(3, layer.W.Length, seed: 16)) trainer.Train(new Matrix(1, delta.Length, delta));
        var w = layer.W.ToArray();
        var traces = trainer.Eligibility.ToArray();
        var last = trainer.LastStep;
        float mean = trainer.MeanEligibility;

        var bad = new float[layer.W.Length];
        bad[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(1, bad.Length, bad)));
        Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(1, 4)));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => trainer.Train(new Matrix(1, layer.W.Length), cancelled.Token));

        Assert.That(layer.W.ToArray(), Is.EqualTo(w));
        Assert.That(trainer.Eligibility.ToArray(), Is.EqualTo(traces));
        Assert.That((trainer.StepCount, trainer.LastStep, trainer.MeanEligibility), Is.EqualTo((3L, last, mean)));
    }

    [Test]
    public void ResetEligibility_StartsTheWarmupAgain()
    {
        var layer = Layer(2, 5, seed: 17);
        var trainer = new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { WarmupApplications = 0, ThresholdPercentile = 50f } });
        foreach (var delta in Deltas(3, layer.W.Length, seed: 18)) trainer.Train(new Matrix(1, delta.Length, delta));
        var w = layer.W.ToArray();
        trainer.ResetEligibility();
        Assert.That((trainer.StepCount, trainer.MeanEligibility, trainer.EligibilityThreshold, trainer.LastStep), Is.EqualTo((0L, 0f, (float?)0f, (SelectiveStep?)null)));
        Assert.That(trainer.Eligibility.ToArray(), Is.All.Zero);
        Assert.That(layer.W.ToArray(), Is.EqualTo(w));
    }

    [Test]
    public void Progress_GoesToTheWrappersSink_AndTheInnerSettingsComeBack()
    {
        var layer = Layer(2, 3, seed: 19);
        var inner = new AddTrainer(layer);
        var innerReports = new List<TrainingProgress>();
        inner.Progress = new SyncProgress<TrainingProgress>(innerReports.Add);
        inner.ConfigureProgress(showProgress: false, useCompile: false);
        var trainer = inner.WithSelectivePlasticity();
        Assert.That((trainer.ShowProgress, trainer.UseCompile, trainer.Progress), Is.EqualTo((false, false, inner.Progress)), "starts with the inner settings");

        var reports = new List<TrainingProgress>();
        trainer.Progress = new SyncProgress<TrainingProgress>(reports.Add);
        trainer.ConfigureProgress(showProgress: true, useCompile: true);
        trainer.Train(new Matrix(2, layer.W.Length));
        Assert.That(reports, Has.Count.EqualTo(2));
        Assert.That(innerReports, Is.Empty);
        Assert.That((inner.ShowProgress, inner.UseCompile), Is.EqualTo((false, false)));
        Assert.That(inner.Progress, Is.Not.SameAs(trainer.Progress));
    }

    /// <summary>A trainer whose predictions wait for each other (recalls may run concurrently), the given entrant returning last.</summary>
    private sealed class ConcurrentPredictTrainer(IFeedforwardModel model, Barrier barrier, int lastEntrant) : Trainer<IFeedforwardModel, float[]>(model)
    {
        private int _entered;

        public override void Train(Matrix data, CancellationToken cancellationToken = default) => ValidateData(data, Model.Inputs, "inputs");

        public override float[] Predict(ReadOnlySpan<float> input)
        {
            int order = Interlocked.Increment(ref _entered);
            barrier.SignalAndWait(TimeSpan.FromSeconds(10));
            if (order == lastEntrant) Thread.Sleep(100);
            return [];
        }
    }

    [Test]
    public void Predict_ConcurrentCalls_PutTheInnerSettingsBack()
    {
        // Two predictions at once (as a recall trainer allows): whichever returns last, the wrapped trainer must get its
        // own progress settings back, not the wrapper's that the other call had put in place.
        foreach (int lastEntrant in new[] { 1, 2, 1, 2 })
        {
            using var barrier = new Barrier(2);
            var innerProgress = new SyncProgress<TrainingProgress>(_ => { });
            var inner = new ConcurrentPredictTrainer(Layer(2, 3, seed: 26), barrier, lastEntrant) { Progress = innerProgress };
            inner.ConfigureProgress(showProgress: false, useCompile: false);
            var trainer = inner.WithSelectivePlasticity();
            trainer.Progress = new SyncProgress<TrainingProgress>(_ => { });
            trainer.ConfigureProgress(showProgress: true, useCompile: true);
            var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() => trainer.Predict([1f, 2f, 3f]))).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
            Assert.That((inner.ShowProgress, inner.UseCompile), Is.EqualTo((false, false)), $"entrant {lastEntrant} last");
            Assert.That(inner.Progress, Is.SameAs(innerProgress), $"entrant {lastEntrant} last");
        }
    }

    [Test]
    public void Predict_IsTheWrappedTrainers()
    {
        var layer = Layer(3, 4, seed: 21);
        var inner = new AddTrainer(layer);
        var trainer = inner.WithSelectivePlasticity();
        float[] x = [0.5f, -1f, 2f, 0.25f];
        Assert.That(trainer.Predict(x), Is.EqualTo(inner.Predict(x)));
        var batch = Matrix.FromRows(x, [1f, 1f, 1f, 1f]);
        var results = trainer.PredictBatch(batch);
        Assert.That(results[1], Is.EqualTo(inner.Predict(batch.Row(1))));
        Assert.That(trainer.Inner, Is.SameAs(inner));
        Assert.That(trainer.GatedParameter, Is.SameAs(layer.W));
    }

    [Test]
    public void Options_Defaults_ArePinned()
    {
        var o = new SelectiveTrainerOptions();
        Assert.That((o.SurpriseWeight, o.Parameter, o.Selective.TraceDecay, o.Selective.Protection, o.Selective.WarmupApplications, o.Selective.ThresholdPercentile),
            Is.EqualTo((0f, (string?)null, 0.99f, 5f, 100, (float?)null)));
    }

    [TestCase(-0.1f, null, "SurpriseWeight")]
    [TestCase(1.5f, null, "SurpriseWeight")]
    [TestCase(float.NaN, null, "SurpriseWeight")]
    [TestCase(0f, " ", "Parameter")]
    public void Options_OutOfRange_AreRefusedByName(float surprise, string? parameter, string name)
    {
        var options = new SelectiveTrainerOptions { SurpriseWeight = surprise, Parameter = parameter };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AddTrainer(Layer(1, 2, 0)).WithSelectivePlasticity(options));
        Assert.That(e!.Message, Does.Contain(name));
    }

    [Test]
    public void Options_BadGateOrUnknownParameter_AreRefused()
    {
        var layer = Layer(1, 2, 0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AddTrainer(layer).WithSelectivePlasticity(
            new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { TraceDecay = 1f } }));
        Assert.That(e!.Message, Does.Contain("TraceDecay"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = null! }));
        Assert.Throws<KeyNotFoundException>(() => new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions { Parameter = "nope" }));
        Assert.Throws<ArgumentNullException>(() => new SelectiveTrainer<IFeedforwardModel, float[]>(null!));
    }

    [Test]
    public void Options_AreCopied()
    {
        var options = new SelectiveTrainerOptions { SurpriseWeight = 0.2f };
        var trainer = new AddTrainer(Layer(1, 2, 0)).WithSelectivePlasticity(options);
        options.SurpriseWeight = 0.9f;
        options.Selective.Protection = 1f;
        Assert.That((trainer.Options.SurpriseWeight, trainer.Options.Selective.Protection), Is.EqualTo((0.2f, 5f)));
    }

    [Test]
    public void RestoreState_GoesOnExactlyAsTheUninterruptedTrainer()
    {
        var options = new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, WarmupApplications = 1, ThresholdPercentile = 40f },
            SurpriseWeight = 0.5f,
        };
        var deltas = Deltas(8, 150 * 150, seed: 22);
        var straightLayer = Layer(150, 150, seed: 23);
        var straight = new AddTrainer(straightLayer).WithSelectivePlasticity(options);
        SelectiveTrainerState? saved = null;
        float[]? savedW = null;
        for (int t = 0; t < deltas.Length; t++)
        {
            if (t == 4) (saved, savedW) = (straight.CaptureState(), straightLayer.W.ToArray());
            straight.Train(new Matrix(1, deltas[t].Length, deltas[t]));
        }

        // A new trainer on a model holding the saved W, given the saved state, takes the last four steps.
        var resumedLayer = Layer(150, 150, seed: 99);
        resumedLayer.W.CopyFrom(savedW);
        var resumed = new AddTrainer(resumedLayer).WithSelectivePlasticity(options);
        resumed.RestoreState(saved!);
        Assert.That(resumed.LastStep, Is.Null);
        for (int t = 4; t < deltas.Length; t++) resumed.Train(new Matrix(1, deltas[t].Length, deltas[t]));
        Assert.That(resumedLayer.W.ToArray(), Is.EqualTo(straightLayer.W.ToArray()));
        Assert.That(resumed.Eligibility.ToArray(), Is.EqualTo(straight.Eligibility.ToArray()));
        Assert.That((resumed.StepCount, resumed.MeanEligibility, resumed.EligibilityThreshold, resumed.PeakUpdate),
            Is.EqualTo((straight.StepCount, straight.MeanEligibility, straight.EligibilityThreshold, straight.PeakUpdate)));
        Assert.That(resumed.LastStep, Is.EqualTo(straight.LastStep));
        Assert.That(resumed.CaptureState(), Is.EqualTo(straight.CaptureState()), "the states, separately captured, compare equal by value");
    }

    [Test]
    public void RestoreState_BadState_IsRefusedAndChangesNothing()
    {
        var layer = Layer(2, 3, seed: 24);
        var trainer = new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { WarmupApplications = 0 } });
        foreach (var delta in Deltas(2, 6, seed: 25)) trainer.Train(new Matrix(1, delta.Length, delta));
        var before = trainer.CaptureState();
        float mean = trainer.MeanEligibility;
        var good = before.Eligibility;
        Assert.Throws<ArgumentNullException>(() => trainer.RestoreState(null!));
        Assert.Throws<ArgumentNullException>(() => trainer.RestoreState(before with { Eligibility = null! }));
        foreach (var bad in new[]
        {
            before with { Eligibility = new float[5] },
            before with { Eligibility = [.. good[..5], -1f] },
            before with { Eligibility = [.. good[..5], float.NaN] },
            before with { Eligibility = [.. good[..5], float.PositiveInfinity] },
            before with { Steps = -1 },
            before with { PeakUpdate = float.NaN },
            before with { PeakUpdate = -0.5f },
        })
        {
            Assert.Throws<ArgumentException>(() => trainer.RestoreState(bad), bad.ToString());
        }
        var after = trainer.CaptureState();
        Assert.That((after.Eligibility, after.Steps, after.PeakUpdate, trainer.MeanEligibility), Is.EqualTo((good, before.Steps, before.PeakUpdate, mean)));
        Assert.That(trainer.LastStep, Is.Not.Null);
        Assert.That(trainer.CaptureState().Eligibility, Is.Not.SameAs(trainer.CaptureState().Eligibility), "a copy each time");
    }

    [Test]
    public void Monitor_ReceivesEveryStep()
    {
        var layer = Layer(2, 3, seed: 26);
        var trainer = new AddTrainer(layer).WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { WarmupApplications = 1 } });
        var steps = new List<SelectiveStep>();
        trainer.Monitor = new SyncProgress<SelectiveStep>(steps.Add);
        foreach (var delta in Deltas(3, 6, seed: 27)) trainer.Train(new Matrix(1, delta.Length, delta));
        Assert.That(steps.Select(s => s.Step), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(steps.Select(s => s.Gated), Is.EqualTo(new[] { false, true, true }));
        Assert.That(steps[^1], Is.SameAs(trainer.LastStep));
        Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(1, 5)));
        Assert.That(steps, Has.Count.EqualTo(3), "a failed step reports nothing");
    }
}
