using Canns.Models;

namespace Canns.Trainers.Tests.Stdp;

/// <summary>
/// Both paths (the event-driven compiled kernel and the dense step path) against a naive float32 loop written from the
/// documented rule, bit for bit, in edge cases: every input and output spiking, none, a single step, weights exactly at
/// the bounds, soft bounds.
/// </summary>
public class StdpEdgeCaseTests
{
    private const float Leak = 0.9f, Threshold = 1f, PreDecay = 0.8f, PostDecay = 0.7f;

    public enum Case
    {
        /// <summary>Every input spikes every step and the threshold is low enough that every output does too.</summary>
        AllSpiking,

        /// <summary>Activity, then a silent stretch (traces non-zero, no spike at all).</summary>
        NoneSpikingAfterActivity,

        /// <summary>One time step.</summary>
        SingleStep,

        /// <summary>Weights exactly at w_min and w_max, pushed further by large amplitudes.</summary>
        AtTheBounds,
    }

    /// <summary>The naive loop: the layer's step, the traces, then every synapse, in float32 as the docs state.</summary>
    private static (float[] W, float[] V, float[] X, float[] Y, int[] R, long Spikes, long Clamped) Naive(
        float[] w0, int m, int n, Matrix pre, StdpOptions o, float threshold, float reset, int refractory)
    {
        var w = (float[])w0.Clone();
        var (v, x, y, r, post) = (new float[m], new float[n], new float[m], new int[m], new float[m]);
        Array.Fill(v, reset);
        long spikes = 0, clamped = 0;
        float aPlus = o.LearningRate * o.APlus, aMinus = o.LearningRate * o.AMinus, lo = o.MinWeight, hi = o.MaxWeight;
        for (int t = 0; t < pre.Rows; t++)
        {
            for (int i = 0; i < m; i++)
            {
                if (r[i] > 0)
                {
                    r[i]--;
                    post[i] = 0f;
                    continue;
                }
                float h = 0f;
                for (int j = 0; j < n; j++) h += w[i * n + j] * pre[t, j];
                float vi = Leak * v[i] + h;
                post[i] = vi >= threshold ? 1f : 0f;
                if (post[i] != 0)
                {
                    vi = reset;
                    r[i] = refractory;
                    spikes++;
                }
                v[i] = vi;
            }
            for (int j = 0; j < n; j++) x[j] = PreDecay * x[j] + pre[t, j];
            for (int i = 0; i < m; i++) y[i] = PostDecay * y[i] + post[i];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float wij = w[i * n + j];
                    float p = post[i] * aPlus * x[j], d = pre[t, j] * aMinus * y[i];
                    float unclamped = o.Bounds == StdpBounds.Soft ? wij + (p * (hi - wij) - d * (wij - lo)) : wij + (p - d);
                    if (o.Bounds != StdpBounds.None && (unclamped < lo || unclamped > hi)) clamped++;
                    w[i * n + j] = o.Bounds == StdpBounds.None ? unclamped : MathF.Min(MathF.Max(unclamped, lo), hi);
                }
            }
        }
        return (w, v, x, y, r, spikes, clamped);
    }

    private static int[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    private static (Matrix Raster, float Threshold, float[] W, StdpOptions Options) Setup(Case c, StdpBounds bounds, int m, int n)
    {
        var random = new Random(31 + (int)c);
        var options = new StdpOptions { Bounds = bounds, APlus = 0.03f, AMinus = 0.032f, MinWeight = -0.25f, MaxWeight = 0.5f };
        var w = new float[m * n];
        for (int k = 0; k < w.Length; k++) w[k] = (float)(random.NextDouble() * 0.5);
        float threshold = Threshold;
        Matrix raster;
        switch (c)
        {
            case Case.AllSpiking:
                raster = new Matrix(40, n);
                raster.AsSpan().Fill(1f);
                threshold = -1f; // every output fires whenever it is not refractory
                break;
            case Case.NoneSpikingAfterActivity:
                raster = new Matrix(300, n);
                for (int t = 0; t < 30; t++)
                for (int j = 0; j < n; j++) raster[t, j] = random.NextDouble() < 0.3 ? 1f : 0f;
                break;
            case Case.SingleStep:
                raster = new Matrix(1, n);
                for (int j = 0; j < n; j++) raster[0, j] = j % 3 == 0 ? 1f : 0f;
                threshold = 0.5f;
                break;
            default:
                raster = new Matrix(60, n);
                for (int t = 0; t < 60; t++)
                for (int j = 0; j < n; j++) raster[t, j] = random.NextDouble() < 0.4 ? 1f : 0f;
                for (int k = 0; k < w.Length; k++) w[k] = k % 2 == 0 ? options.MinWeight : options.MaxWeight;
                // η A = 0.75 = w_max − w_min: one potentiation from w_min lands exactly on w_max, and beyond from higher.
                (options.APlus, options.AMinus) = (0.75f, 0.75f);
                threshold = 0.3f;
                break;
        }
        return (raster, threshold, w, options);
    }

    [Test]
    public void Train_EdgeCases_BothPathsEqualTheNaiveLoopBitForBit(
        [Values] Case c, [Values] StdpBounds bounds, [Values] bool compiled, [Values(5, 37)] int outputs)
    {
        const int inputs = 21, refractory = 1;
        var (raster, threshold, w0, options) = Setup(c, bounds, outputs, inputs);
        float reset = Math.Min(0f, threshold - 1f);
        var layer = new SpikingLayer(inputs, outputs, new SpikingLayerOptions
        {
            Leak = Leak, Threshold = threshold, ResetPotential = reset, RefractorySteps = refractory,
            PreTraceDecay = PreDecay, PostTraceDecay = PostDecay, Seed = 1,
        });
        w0.CopyTo(layer.W.AsSpan());
        var trainer = new StdpTrainer(layer, options);
        trainer.ConfigureProgress(false, compiled);

        trainer.Train(raster);

        var expected = Naive(w0, outputs, inputs, raster, options, threshold, reset, refractory);
        Assert.That(trainer.LastPostSpikeCount, Is.EqualTo(expected.Spikes), "output spikes");
        Assert.That(Bits(layer.W.AsReadOnlySpan()), Is.EqualTo(Bits(expected.W)), "W, bit for bit");
        Assert.That((Bits(layer.Membrane), Bits(layer.PreTrace), Bits(layer.PostTrace), layer.RefractoryRemaining.ToArray()),
            Is.EqualTo((Bits(expected.V), Bits(expected.X), Bits(expected.Y), expected.R)), "state, bit for bit");
        if (c == Case.AllSpiking) Assert.That(expected.Spikes, Is.EqualTo(outputs * 20L), "every output fires every other step (one refractory step)");
        if (c == Case.AtTheBounds && bounds == StdpBounds.Hard) Assert.That(expected.Clamped, Is.GreaterThan(0), "updates went past the bounds");
    }

    [Test]
    public void TrainClamped_AllInputsAndOutputsSpikingEveryStep_BothPathsEqualTheNaiveLoop([Values] StdpBounds bounds, [Values] bool compiled)
    {
        const int inputs = 19, outputs = 33, steps = 25;
        var options = new StdpOptions { Bounds = bounds, APlus = 0.02f, AMinus = 0.019f, MinWeight = 0f, MaxWeight = 1f };
        var layer = new SpikingLayer(inputs, outputs, new SpikingLayerOptions { PreTraceDecay = PreDecay, PostTraceDecay = PostDecay, Seed = 5, InitialWeightScale = 0.9f });
        var w = layer.W.ToArray();
        var (pre, post) = (new Matrix(steps, inputs), new Matrix(steps, outputs));
        pre.AsSpan().Fill(1f);
        post.AsSpan().Fill(1f);
        var trainer = new StdpTrainer(layer, options);
        trainer.ConfigureProgress(false, compiled);

        trainer.TrainClamped(pre, post);

        // Every step: x̄ and ȳ the same for all (1 + d + d² …), and every synapse gets p = A₊ x̄, d = A₋ ȳ.
        float x = 0f, y = 0f;
        for (int t = 0; t < steps; t++)
        {
            x = PreDecay * x + 1f;
            y = PostDecay * y + 1f;
            for (int k = 0; k < w.Length; k++)
            {
                float p = 1f * (options.LearningRate * options.APlus) * x, d = 1f * (options.LearningRate * options.AMinus) * y;
                w[k] = bounds switch
                {
                    StdpBounds.None => w[k] + (p - d),
                    StdpBounds.Hard => MathF.Min(MathF.Max(w[k] + (p - d), 0f), 1f),
                    _ => MathF.Min(MathF.Max(w[k] + (p * (1f - w[k]) - d * (w[k] - 0f)), 0f), 1f),
                };
            }
        }
        Assert.That(Bits(layer.W.AsReadOnlySpan()), Is.EqualTo(Bits(w)));
        Assert.That(layer.PreTrace.ToArray(), Is.All.EqualTo(x));
        Assert.That(layer.PostTrace.ToArray(), Is.All.EqualTo(y));
    }

    [TestCase(16, 32)]
    [TestCase(1 << 29, 1 << 30)]
    [TestCase(1 << 30, 0x7FFFFFC7)] // 2³¹ would wrap to int.MinValue: capped at Array.MaxLength
    [TestCase(0x7FFFFFC7, 0x7FFFFFC7)]
    public void ActiveListCapacity_DoublesUpToArrayMaxLength(int length, int expected)
    {
        Assert.That(Array.MaxLength, Is.EqualTo(0x7FFFFFC7));
        Assert.That(StdpWorkspace.GrownLength(length), Is.EqualTo(expected));
    }

    [TestCase(1, 1 << 27, false)]          // 16 × 2²⁷ = 2³¹ elements, though W is 2²⁷
    [TestCase(16, (1 << 27) - 8, true)]    // 2³¹ − 128 + 64 slack ≤ Array.MaxLength
    [TestCase(17, 1 << 26, false)]         // 32 × 2²⁶ + 64 = 2³¹ + 64
    [TestCase(100, 1000, true)]
    public void Workspace_CanHold_ComparesThePaddedTransposeWithArrayMaxLength(int outputs, int inputs, bool expected)
    {
        long padded = (outputs + 15) / 16 * 16L;
        Assert.That(inputs * padded + 64 <= Array.MaxLength, Is.EqualTo(expected), "the case's own arithmetic");
        Assert.That(StdpWorkspace.CanHold(outputs, inputs), Is.EqualTo(expected));
    }
}
