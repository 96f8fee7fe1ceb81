using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers.Tests.Recall;

/// <summary>
/// A batch of synchronous recalls may start from states near the probes and their fresh fields (<see cref="RecallStart"/>,
/// as the capacity study starts its noisy probes from the stored patterns): the first fields then come from updates over the
/// differing units instead of a product. Decisions are exact either way, so every outcome must equal the batch without
/// the head start, bit for bit; a hint for another version of W, or of another shape, must be ignored.
/// </summary>
[NonParallelizable]
public class RecallStartTests
{
    private const int N = 200;

    [TearDown]
    public void Restore()
    {
        Blas.Level = SimdSupport.Best;
        CannsParallelism.MaxDegree = Environment.ProcessorCount;
    }

    private static (AmariHopfieldNetwork Net, HebbianTrainer Trainer) Stored(Matrix patterns, float threshold, int maxIterations,
        UpdateMode mode = UpdateMode.Synchronous)
    {
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = mode, Threshold = threshold });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = maxIterations, Seed = 5 });
        trainer.ConfigureProgress(showProgress: false, useCompile: true);
        trainer.Train(patterns);
        return (net, trainer);
    }

    /// <summary>The fresh fields W·x of the rows of <paramref name="states"/>, by the library's product.</summary>
    private static float[] Fields(AmariHopfieldNetwork net, Matrix states)
    {
        var fields = new float[states.Rows * N];
        Blas.GemmNT(states.Data, states.Rows, net.W.Buffer, N, N, fields);
        return fields;
    }

    private static void AssertSameOutcomes(IReadOnlyList<RecallResult> actual, IReadOnlyList<RecallResult> expected)
    {
        Assert.That(actual, Has.Count.EqualTo(expected.Count));
        for (int r = 0; r < expected.Count; r++)
        {
            Assert.That(actual[r].SameOutcomeAs(expected[r]), Is.True,
                $"probe {r}: {actual[r].Iterations}/{actual[r].Converged}/{actual[r].Energy} vs {expected[r].Iterations}/{expected[r].Converged}/{expected[r].Energy}");
        }
    }

    /// <summary>
    /// Loads below and far above capacity (probes that converge, and probes that wander and meet the two-cycle test), two
    /// thresholds, step limits of 1, 2 and 20, real-valued and ±1 W: the head start from the patterns changes nothing.
    /// </summary>
    [Test]
    public void PredictBatchFrom_PatternsAndTheirFields_EqualsTheBatchWithout(
        [Values(0.05, 0.4)] double load, [Values(0f, 0.3f)] float threshold, [Values(1, 2, 20)] int maxIterations, [Values] bool realValued)
    {
        int p = (int)(load * N);
        var patterns = TestData.RandomBipolar(p, N, seed: 41);
        // Real-valued patterns give a W with no integer structure, so the updates round; the probes are their signs.
        var (net, trainer) = Stored(realValued ? TestData.RandomReal(p, N, seed: 42) : patterns, threshold, maxIterations);
        var probes = TestData.Flip(patterns, 0.1, seed: 43);
        var expected = trainer.PredictBatch(probes);
        var start = new RecallStart(patterns, Fields(net, patterns), net.W.Version);
        AssertSameOutcomes(trainer.PredictBatchFrom(probes, start, CancellationToken.None), expected);
    }

    /// <summary>
    /// Probes that differ from their start states in none of their units, in a few, and in more than a third (those take a
    /// product, as a step with that many flips would), in one batch; and a real-valued probe with wrong of either sign.
    /// </summary>
    [Test]
    public void PredictBatchFrom_StartsAtEveryDistance_EqualsTheBatchWithout()
    {
        var patterns = TestData.RandomBipolar(12, N, seed: 44);
        var (net, trainer) = Stored(patterns, 0f, 20);
        var starts = TestData.RandomBipolar(12, N, seed: 45);
        var probes = new Matrix(12, N);
        for (int r = 0; r < 12; r++)
        {
            // Rows 0–3 equal their start, 4–7 differ in 5 % of the units, 8–11 in 60 %.
            var row = starts.Row(r).ToArray();
            int flips = r < 4 ? 0 : r < 8 ? N / 20 : 3 * N / 5;
            for (int j = 0; j < flips; j++) row[(j * 7 + r) % N] *= -1;
            row.CopyTo(probes.Row(r));
        }
        probes.Row(5)[3] = 0f;
        probes.Row(6)[9] = -0f;
        starts.Row(6)[9] = 0f;
        probes.Row(7)[11] = 0.37f;
        var expected = trainer.PredictBatch(probes);
        var start = new RecallStart(starts, Fields(net, starts), net.W.Version);
        AssertSameOutcomes(trainer.PredictBatchFrom(probes, start, CancellationToken.None), expected);
    }

    /// <summary>
    /// The head start is really taken: fields that are not the start states' products, offered for the current W, change
    /// the outcome, so the tests above compare two different routes. Wrong fields near θ would not show it (a unit whose
    /// field lies within the rounding margin is decided on a fresh dot product), so these are the true ones negated and
    /// scaled up. The same wrong fields offered for another version of W, for another number of probes or with the
    /// 512-bit kernels off are ignored.
    /// </summary>
    [Test]
    public void PredictBatchFrom_WrongFields_AreUsedOnlyForTheirVersionAndShape()
    {
        var patterns = TestData.RandomBipolar(10, N, seed: 46);
        var (net, trainer) = Stored(patterns, 0f, 20);
        var probes = TestData.Flip(patterns, 0.1, seed: 47);
        var expected = trainer.PredictBatch(probes);
        var wrong = Fields(net, patterns).Select(h => -10 * h).ToArray();

        if (Blas.Level == SimdLevel.Vector512)
        {
            var used = trainer.PredictBatchFrom(probes, new RecallStart(patterns, wrong, net.W.Version), CancellationToken.None);
            Assert.That(Enumerable.Range(0, probes.Rows).Any(r => !used[r].SameOutcomeAs(expected[r])), Is.True,
                "wrong fields for the current W should have changed some outcome");
        }
        AssertSameOutcomes(trainer.PredictBatchFrom(probes, new RecallStart(patterns, wrong, net.W.Version - 1), CancellationToken.None), expected);
        var fewer = new Matrix(patterns.Rows - 1, N, patterns.Data.AsSpan(0, (patterns.Rows - 1) * N).ToArray());
        AssertSameOutcomes(trainer.PredictBatchFrom(probes, new RecallStart(fewer, wrong, net.W.Version), CancellationToken.None), expected);
        // 256-bit products round differently (the final energies): compared with the batch at the same width.
        Blas.Level = SimdLevel.Vector256;
        AssertSameOutcomes(trainer.PredictBatchFrom(probes, new RecallStart(patterns, wrong, net.W.Version), CancellationToken.None), trainer.PredictBatch(probes));
    }

    /// <summary>Asynchronous dynamics have no batched first product to save: the hint, even a wrong one, is ignored.</summary>
    [Test]
    public void PredictBatchFrom_AsynchronousDynamics_IgnoresTheHint()
    {
        var patterns = TestData.RandomBipolar(10, N, seed: 48);
        var (net, trainer) = Stored(patterns, 0f, 5, UpdateMode.Asynchronous);
        var probes = TestData.Flip(patterns, 0.1, seed: 49);
        var wrong = Fields(net, patterns).Select(h => -10 * h).ToArray();
        AssertSameOutcomes(trainer.PredictBatchFrom(probes, new RecallStart(patterns, wrong, net.W.Version), CancellationToken.None), trainer.PredictBatch(probes));
    }

    /// <summary>
    /// An adversarial tie after the head start: the probe is its start state with units flipped, the start field is fresh,
    /// and the batched update (replayed here with <see cref="IncrementalSignRecall.UpdatePanel"/>) leaves some unit's field
    /// on the other side of θ = its fresh field (or θ one float past it) from where the fresh field decides. The batch
    /// must still decide as the step path does on the fresh field. The search flips a third of the units (the most the
    /// head start updates), so the update's own rounding is as large as it gets.
    /// </summary>
    [Test]
    public void PredictBatchFrom_TieThatTheHeadStartUpdateWouldMiss_IsDecidedOnTheFreshField([Values] bool exactTie)
    {
        const int Rows = 8;
        for (int seed = 0; seed < 200; seed++)
        {
            var patterns = TestData.RandomReal(5, N, seed);
            var (net, _) = Stored(patterns, 0f, 1);
            float[] w = net.W.ToArray();
            using var packed = Blas.PackB(w, N, N, rowsOfA: Rows);
            if (packed.Packed is null) Assert.Ignore("W is not packed here (no 512-bit vectors): no batched updates.");

            float[] s0 = TestData.RandomBipolar(1, N, seed + 500).Row(0).ToArray();
            float[] s1 = (float[])s0.Clone();
            var flips = new List<int>();
            var deltas = new List<float>();
            for (int j = seed % 3; j < N && flips.Count < N / 3; j += 3)
            {
                s1[j] = -s0[j];
                flips.Add(j);
                deltas.Add(s1[j] - s0[j]);
            }
            float[] h0 = new float[N], h1 = new float[N];
            Blas.Gemv(w, N, s0, N, h0);
            Blas.Gemv(w, N, s1, N, h1);
            float[] updated = IncrementalRecallTests.ReplayBatchedUpdate(packed, N, h0, [.. flips], [.. deltas]);
            for (int k = 0; k < N; k++)
            {
                float theta = exactTie ? h1[k] : s1[k] > 0 ? MathF.BitIncrement(h1[k]) : MathF.BitDecrement(h1[k]);
                bool naiveDiffers = exactTie
                    ? (s1[k] > 0 ? updated[k] < theta : updated[k] > theta)
                    : (s1[k] > 0 ? updated[k] > theta : updated[k] < theta);
                if (!naiveDiffers) continue;
                float expected = exactTie ? s1[k] : -s1[k];

                var thresholded = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous, Threshold = theta });
                thresholded.W.CopyFrom(w);
                var trainer = new HebbianTrainer(thresholded, recall: new RecallOptions { MaxIterations = 1 });
                trainer.ConfigureProgress(showProgress: false, useCompile: true);
                var starts = new Matrix(Rows, N);
                var probes = new Matrix(Rows, N);
                var fields = new float[Rows * N];
                for (int r = 0; r < Rows; r++)
                {
                    s0.CopyTo(starts.Row(r));
                    s1.CopyTo(probes.Row(r));
                    h0.CopyTo(fields, r * N);
                }
                var batch = trainer.PredictBatchFrom(probes, new RecallStart(starts, fields, thresholded.W.Version), CancellationToken.None);
                trainer.ConfigureProgress(showProgress: false, useCompile: false);
                var step = trainer.Predict(s1);
                Assert.That(step.State[k], Is.EqualTo(expected), "precondition: the step path decides on the fresh field");
                for (int r = 0; r < Rows; r++)
                {
                    Assert.That(batch[r].SameOutcomeAs(step), Is.True, $"seed {seed}, unit {k}, row {r}");
                    Assert.That(batch[r].State[k], Is.EqualTo(expected));
                }
                return;
            }
        }
        Assert.Fail("No seed produced a tie that the head-start update would decide differently; the test cannot check the guard.");
    }

    /// <summary>One thread and two give the same outcomes with the head start (probes and panels are dealt to the cores).</summary>
    [Test]
    public void PredictBatchFrom_OneAndTwoThreads_GiveTheSameOutcomes()
    {
        var patterns = TestData.RandomBipolar(60, N, seed: 50);
        var (net, trainer) = Stored(TestData.RandomReal(60, N, seed: 51), 0f, 20);
        var probes = TestData.Flip(patterns, 0.1, seed: 52);
        var start = new RecallStart(patterns, Fields(net, patterns), net.W.Version);
        CannsParallelism.MaxDegree = 1;
        var one = trainer.PredictBatchFrom(probes, start, CancellationToken.None);
        CannsParallelism.MaxDegree = 2;
        AssertSameOutcomes(trainer.PredictBatchFrom(probes, start, CancellationToken.None), one);
        AssertSameOutcomes(trainer.PredictBatch(probes), one);
    }
}
