using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers.Tests.RateRules;

/// <summary>
/// The compiled rate-rule kernels (one pass over W a sample at 512 bits: each row's update and the next sample's output
/// together; two passes otherwise) against the step path (the model's own Forward, scalar updates), bit for bit.
/// </summary>
[NonParallelizable]
public class RateRuleKernelTests
{
    [TearDown]
    public void RestoreLevel() => Blas.Level = SimdSupport.Best;

    private const float Lo = -0.05f, Hi = 0.06f;

    private static LinearRuleTrainer Trainer(string rule, LinearLayer layer, bool bounded, bool schedule)
    {
        // η·|x|² stays below 1 (|x|² ≈ inputs / 3 for uniform data in [−1, 1]), so no rule diverges.
        float eta = MathF.Min(0.05f, 1f / layer.Inputs);
        ILearningRateSchedule? s = schedule ? new StepSchedule(eta, 7, 0.5f) : null;
        return rule switch
        {
            "oja" => new OjaTrainer(layer, new OjaOptions { LearningRate = eta, Schedule = s, Epochs = 2, Seed = 3 }),
            "sanger" => new SangerTrainer(layer, new SangerOptions { LearningRate = eta, Schedule = s, Epochs = 2, Seed = 3 }),
            _ => new BcmTrainer(layer, new BcmOptions
            {
                LearningRate = eta, Schedule = s, Epochs = 2, Seed = 3, MinWeight = bounded ? Lo : null, MaxWeight = bounded ? Hi : null,
            }),
        };
    }

    private static (float[] W, float[] Theta) Run(string rule, int outputs, int inputs, bool compiled, bool bounded, bool schedule, int samples = 40)
    {
        var data = TestData.RandomReal(samples, inputs, seed: outputs * 100 + inputs);
        var layer = new LinearLayer(inputs, outputs, new LinearLayerOptions { Seed = 5, SlidingThreshold = rule == "bcm", ThresholdTimeConstant = 7f });
        var trainer = Trainer(rule, layer, bounded, schedule);
        trainer.ConfigureProgress(false, compiled);
        trainer.Train(data);
        float[] theta = trainer is BcmTrainer bcm ? bcm.Theta.ToArray() : [];
        return (layer.W.ToArray(), theta);
    }

    private static void AssertBits(float[] actual, float[] expected, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (int k = 0; k < actual.Length; k++)
        {
            if (BitConverter.SingleToInt32Bits(actual[k]) != BitConverter.SingleToInt32Bits(expected[k]))
            {
                Assert.Fail($"{what}[{k}]: compiled {actual[k]:R}, step {expected[k]:R}");
            }
        }
    }

    [Test]
    public void CompiledEqualsStepPath_BitForBit_OverShapesRulesAndLevels(
        [Values("oja", "sanger", "bcm")] string rule,
        [Values(1, 2, 3, 5, 10)] int outputs,
        [Values(1, 15, 16, 17, 48, 259)] int inputs,
        [Values(512, 256)] int bits)
    {
        var level = bits == 512 ? SimdLevel.Vector512 : SimdLevel.Vector256;
        if (level > SimdSupport.Best) Assert.Ignore($"{bits}-bit vectors are not accelerated here.");
        Blas.Level = level;
        var (ws, ts) = Run(rule, outputs, inputs, compiled: false, bounded: false, schedule: false);
        var (wc, tc) = Run(rule, outputs, inputs, compiled: true, bounded: false, schedule: false);
        AssertBits(wc, ws, "W");
        AssertBits(tc, ts, "θ");
    }

    [Test]
    public void CompiledEqualsStepPath_WithBoundsAndASchedule([Values(3, 10)] int outputs, [Values(31, 256)] int inputs)
    {
        var (ws, ts) = Run("bcm", outputs, inputs, compiled: false, bounded: true, schedule: true);
        var (wc, tc) = Run("bcm", outputs, inputs, compiled: true, bounded: true, schedule: true);
        Assert.That(ws, Has.All.InRange(Lo, Hi));
        Assert.That(Run("bcm", outputs, inputs, false, false, true).W, Has.Some.Not.InRange(Lo, Hi), "unbounded, W leaves [lo, hi]: the bounds act");
        AssertBits(wc, ws, "W");
        AssertBits(tc, ts, "θ");
        foreach (string rule in new[] { "oja", "sanger" })
        {
            AssertBits(Run(rule, outputs, inputs, true, false, true).W, Run(rule, outputs, inputs, false, false, true).W, $"{rule} W");
        }
    }

    [Test]
    public void Compiled_OneSample_UpdatesOnceLikeTheReferenceLoop()
    {
        // One sample: the one-pass kernel's first output comes from RowDots, and the product with the "next" input is
        // discarded. Against the double reference: W' = W + η(y xᵀ − diag(y²) W), y = W x.
        var data = TestData.RandomReal(1, 33, seed: 12);
        var layer = new LinearLayer(33, 4, new LinearLayerOptions { Seed = 13 });
        var expected = RuleData.ToDouble(layer.W);
        var trainer = new OjaTrainer(layer, new OjaOptions { LearningRate = 0.1f, Shuffle = false });
        trainer.Train(data);
        RuleData.Reference("oja", expected, new double[4], data, 0.1, 1);
        RuleData.AssertRelative(layer.W.AsReadOnlySpan(), expected, 1e-6, "W");
    }
}
