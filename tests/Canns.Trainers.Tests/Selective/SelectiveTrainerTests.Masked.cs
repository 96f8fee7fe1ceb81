using Canns.Models;

namespace Canns.Trainers.Tests.Selective;

/// <summary>The gate on a model whose weights exist only where a connectivity mask says (<see cref="IMaskedWeights"/>).</summary>
public partial class SelectiveTrainerTests
{
    /// <summary>A masked model: W of rows × columns, synapses where <c>mask</c> is 1.</summary>
    private sealed class MaskedModel : IMaskedWeights
    {
        private readonly float[] _mask;

        public MaskedModel(int rows, int columns, float[] mask, int seed)
        {
            W = new ParamState("W", rows, columns);
            var random = new Random(seed);
            var w = W.AsSpan();
            for (int k = 0; k < w.Length; k++) w[k] = mask[k] * (float)(random.NextDouble() - 0.5);
            _mask = mask;
            ConnectionCount = mask.Count(m => m != 0);
            Parameters = [W];
        }

        public string WeightParameterName => "W";

        public ParamState W { get; }

        public IReadOnlyList<ParamState> Parameters { get; }

        public ReadOnlyMemory<float> WeightMask => _mask;

        public long ConnectionCount { get; }

        public ParamState GetParameter(string name) => name == "W" ? W : throw new KeyNotFoundException(name);
    }

    /// <summary>Adds each row of the data to every element of W, the absent synapses too (to see that the gate leaves those alone).</summary>
    private sealed class AddEverywhere(MaskedModel model) : Trainer<MaskedModel, float[]>(model)
    {
        public override void Train(Matrix data, CancellationToken cancellationToken = default)
        {
            var w = Model.W.AsSpan();
            for (int r = 0; r < data.Rows; r++)
            {
                var row = data.Row(r);
                for (int k = 0; k < w.Length; k++) w[k] += row[k];
            }
        }

        public override float[] Predict(ReadOnlySpan<float> input) => [];
    }

    private static float[] RandomMask(int length, double density, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() < density ? 1f : 0f)];
    }

    [TestCase(0, null, 0f, TestName = "Masked_NoThreshold")]
    [TestCase(2, 60f, 0.5f, TestName = "Masked_Percentile60_Surprise")]
    public void Train_MaskedModel_MatchesTheDoubleReferenceOverTheExistingSynapses(int warmup, float? percentile, float surprise)
    {
        // 7 × 37 = 259 elements, 60 % of them synapses. The reference runs on the synapses alone (compressed): the
        // wrapper must gate them as if the absent ones were not there (ē, the percentile, the surprise, D and the
        // statistics over the synapses only), and leave each absent element as the wrapped trainer wrote it, trace 0.
        // Tolerance 1e-5, as in the unmasked reference test.
        var mask = RandomMask(7 * 37, 0.6, seed: 40);
        var present = Enumerable.Range(0, mask.Length).Where(k => mask[k] != 0).ToArray();
        var model = new MaskedModel(7, 37, mask, seed: 41);
        var initial = model.W.AsReadOnlySpan().ToArray();
        var options = new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 5f, WarmupApplications = warmup, ThresholdPercentile = percentile },
            SurpriseWeight = surprise,
        };
        var reference = new Reference([.. present.Select(k => (double)initial[k])], options);
        var trainer = new AddEverywhere(model).WithSelectivePlasticity(options);
        Assert.That(trainer.SynapseCount, Is.EqualTo(present.Length));
        var sums = new double[mask.Length];
        bool anyGated = false;
        foreach (var delta in Deltas(12, mask.Length, seed: 42))
        {
            trainer.Train(new Matrix(1, delta.Length, (float[])delta.Clone()));
            reference.Step(present.Select(k => delta[k]).ToArray());
            for (int k = 0; k < sums.Length; k++) sums[k] += delta[k];
            anyGated |= AssertStepIsTheReferences(trainer, reference);
        }
        Assert.That(anyGated, Is.True, "the case must gate something");
        var w = model.W.AsReadOnlySpan();
        for (int i = 0; i < present.Length; i++)
        {
            Assert.That(w[present[i]], Is.EqualTo(reference.W[i]).Within(1e-5), $"W[{present[i]}]");
            Assert.That(trainer.Eligibility[present[i]], Is.EqualTo(reference.E[i]).Within(1e-5), $"e[{present[i]}]");
        }
        for (int k = 0; k < mask.Length; k++)
        {
            if (mask[k] != 0) continue;
            Assert.That(w[k], Is.EqualTo(initial[k] + sums[k]).Within(1e-5), $"absent W[{k}] is the wrapped trainer's");
            Assert.That(trainer.Eligibility[k], Is.Zero, $"absent e[{k}]");
        }
    }

    [Test]
    public void Train_MaskedModelWithoutSynapses_GatesNothingAndReportsFiniteStatistics()
    {
        // An empty mask: nothing to gate, so W is exactly what the wrapped trainer wrote; the percentile threshold is 0
        // ("0 when there are none") and no statistic may come out as 0/0.
        var mask = new float[5 * 8];
        var model = new MaskedModel(5, 8, mask, seed: 43);
        var initial = model.W.AsReadOnlySpan().ToArray();
        var trainer = new AddEverywhere(model).WithSelectivePlasticity(new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 5f, WarmupApplications = 1, ThresholdPercentile = 50f },
            SurpriseWeight = 0.5f,
        });
        Assert.That(trainer.SynapseCount, Is.Zero);
        var sums = new double[mask.Length];

        foreach (var delta in Deltas(4, mask.Length, seed: 44))
        {
            trainer.Train(new Matrix(1, delta.Length, (float[])delta.Clone()));
            for (int k = 0; k < sums.Length; k++) sums[k] += delta[k];
        }

        var step = trainer.LastStep!;
        Assert.That(step.Threshold, Is.EqualTo(0f));
        Assert.That(new[] { step.MeanGate, step.ProtectedFraction, step.MeanEligibility, step.Surprise, trainer.MeanEligibility }, Has.All.Matches<double>(double.IsFinite));
        var w = model.W.AsReadOnlySpan();
        for (int k = 0; k < mask.Length; k++) Assert.That(w[k], Is.EqualTo(initial[k] + sums[k]).Within(1e-5), $"W[{k}]");
    }

    [Test]
    public void Train_MaskedModel_SameOnOneAndTwoThreads()
    {
        // Past the gate's chunk length (2^14), so the chunks run in parallel.
        var mask = RandomMask(150 * 150, 0.3, seed: 50);
        float[] Run(int threads)
        {
            CannsParallelism.MaxDegree = threads;
            var model = new MaskedModel(150, 150, mask, seed: 51);
            var trainer = new AddEverywhere(model).WithSelectivePlasticity(new SelectiveTrainerOptions
            {
                Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 5f, WarmupApplications = 1, ThresholdPercentile = 50f },
            });
            foreach (var delta in Deltas(6, mask.Length, seed: 52)) trainer.Train(new Matrix(1, delta.Length, delta));
            return [.. model.W.AsReadOnlySpan().ToArray(), .. trainer.Eligibility.ToArray(), trainer.MeanEligibility, (float)trainer.LastStep!.MeanGate];
        }
        Assert.That(Run(2), Is.EqualTo(Run(1)));
    }

    [Test]
    public void SpikingNetwork_GateCountsItsConnections_AndOtherParametersAreWhole()
    {
        var network = new RecurrentSpikingNetwork(40, new RecurrentSpikingOptions { Seed = 3, ConnectionProbability = 0.2f, InputCount = 5 });
        var trainer = new PlasticityTrainer(network, new PlasticityOptions()).WithSelectivePlasticity();
        Assert.That(trainer.SynapseCount, Is.EqualTo(network.ConnectionCount).And.LessThan(40 * 40));
        var input = new PlasticityTrainer(network, new PlasticityOptions())
            .WithSelectivePlasticity(new SelectiveTrainerOptions { Parameter = network.InputWeights!.Name });
        Assert.That(input.SynapseCount, Is.EqualTo(40 * 5), "the input weights have no mask");
    }

    [Test]
    public void RestoreState_TraceWhereTheMaskHasNoSynapse_IsRefusedAndChangesNothing()
    {
        var mask = RandomMask(4 * 9, 0.5, seed: 60);
        var model = new MaskedModel(4, 9, mask, seed: 61);
        var trainer = new AddEverywhere(model).WithSelectivePlasticity();
        var state = trainer.CaptureState();
        int absent = Array.IndexOf(mask, 0f);
        state.Eligibility[absent] = 0.5f;
        var e = Assert.Throws<ArgumentException>(() => trainer.RestoreState(state));
        Assert.That(e!.Message, Does.Contain($"trace {absent}").And.Contain("no synapse"));
        Assert.That(trainer.Eligibility.ToArray(), Is.All.Zero);
    }

    /// <summary>A model whose mask does not cover its weights one to one (a broken <see cref="IMaskedWeights"/>).</summary>
    private sealed class ShortMaskModel : IMaskedWeights
    {
        public string WeightParameterName => "W";

        public ParamState W { get; } = new("W", 2, 3);

        public IReadOnlyList<ParamState> Parameters => [W];

        public ReadOnlyMemory<float> WeightMask { get; } = new float[5];

        public long ConnectionCount => 0;

        public ParamState GetParameter(string name) => W;
    }

    private sealed class ShortMaskTrainer(ShortMaskModel model) : Trainer<ShortMaskModel, int>(model)
    {
        public override void Train(Matrix data, CancellationToken cancellationToken = default) { }

        public override int Predict(ReadOnlySpan<float> input) => 0;
    }

    [Test]
    public void Constructor_MaskNotOnePerWeight_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new ShortMaskTrainer(new ShortMaskModel()).WithSelectivePlasticity());
        Assert.That(e!.Message, Does.Contain("5 elements").And.Contain("has 6"));
    }
}
