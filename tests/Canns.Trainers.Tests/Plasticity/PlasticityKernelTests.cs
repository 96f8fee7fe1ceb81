namespace Canns.Trainers.Tests.Plasticity;

public class PlasticityKernelTests
{
    private static readonly PlasticityKernel.Rule Soft = new(Potentiation: 0.1f, Depression: 0.05f, Keep: 0.99f, Soft: true, Min: 0.1f, Max: 1f);

    [Test]
    public void UpdateRow_SoftBounds_HandWorkedCases()
    {
        // Post active. Synapse 0: pre active, LTP: 0.5 + 0.1·(1 − 0.5) = 0.55, ×0.99 = 0.5445.
        // Synapse 1: pre silent, LTD: 0.5 − 0.05·(0.5 − 0.1) = 0.48, ×0.99 = 0.4752.
        // Synapse 2: no synapse (mask 0): stays 0.5. Synapse 3: pre active, near w_max: 0.99 + 0.1·0.01 = 0.991, ×0.99 = 0.98109.
        // Synapse 4: pre silent at w_min: 0.1 − 0 = 0.1, ×0.99 = 0.099, clipped to 0.1.
        float[] row = [0.5f, 0.5f, 0.5f, 0.99f, 0.1f];
        PlasticityKernel.UpdateRow(row, [1, 1, 0, 1, 1], [1, 0, 1, 1, 0], post: 1, Soft, 0f, default, vectorized: false);
        Assert.That(row, Is.EqualTo(new[] { 0.5445f, 0.4752f, 0.5f, 0.98109f, 0.1f }).Within(1e-6f));
    }

    [Test]
    public void UpdateRow_PostSilent_DepressesActivePreOnlyAndDecaysTheRest()
    {
        // Pre active, post silent: LTD 0.5 − 0.05·0.4 = 0.48 → 0.4752; both silent: decay only, 0.5·0.99 = 0.495.
        float[] row = [0.5f, 0.5f];
        PlasticityKernel.UpdateRow(row, [1, 1], [1, 0], post: 0, Soft, 0f, default, vectorized: false);
        Assert.That(row, Is.EqualTo(new[] { 0.4752f, 0.495f }).Within(1e-6f));
    }

    [Test]
    public void UpdateRow_HardBoundsAndBcmTerm_HandWorked()
    {
        // Hard: LTP 0.5 + 0.1 = 0.6; BCM g·ν_j = 0.2·0.5 = 0.1 → 0.7; no decay. Synapse 1: 0.95 + 0.1 + 0.2·1 = 1.25 → clipped to 1.
        var hard = Soft with { Soft = false, Keep = 1f };
        float[] row = [0.5f, 0.95f];
        PlasticityKernel.UpdateRow(row, [1, 1], [1, 1], post: 1, hard, bcmGain: 0.2f, rates: [0.5f, 1f], vectorized: false);
        Assert.That(row, Is.EqualTo(new[] { 0.7f, 1f }).Within(1e-6f));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(16)]
    [TestCase(33)]
    [TestCase(130)]
    public void UpdateRow_Vectorized_BitIdenticalToScalar(int n)
    {
        var random = new Random(n);
        float[] Draw(Func<float> f) => Enumerable.Range(0, n).Select(_ => f()).ToArray();
        float[] w = Draw(() => (float)random.NextDouble() * 1.2f - 0.1f);
        float[] mask = Draw(() => random.Next(3) == 0 ? 0f : 1f), pre = Draw(() => random.Next(2)), rates = Draw(() => (float)random.NextDouble());
        foreach (bool soft in new[] { true, false })
        {
            foreach (float post in new[] { 0f, 1f })
            {
                var rule = Soft with { Soft = soft, Potentiation = -0.07f };
                float[] scalar = (float[])w.Clone(), vector = (float[])w.Clone();
                PlasticityKernel.UpdateRow(scalar, mask, pre, post, rule, 0.03f, rates, vectorized: false);
                PlasticityKernel.UpdateRow(vector, mask, pre, post, rule, 0.03f, rates, vectorized: true);
                Assert.That(vector.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(scalar.Select(BitConverter.SingleToInt32Bits)), $"soft {soft}, post {post}");
                float[] scaledScalar = (float[])w.Clone(), scaledVector = (float[])w.Clone();
                PlasticityKernel.ScaleRow(scaledScalar, mask, 1.37f, 0.1f, 1f, vectorized: false);
                PlasticityKernel.ScaleRow(scaledVector, mask, 1.37f, 0.1f, 1f, vectorized: true);
                Assert.That(scaledVector.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(scaledScalar.Select(BitConverter.SingleToInt32Bits)));
            }
        }
    }

    [Test]
    public void ScaleRow_MultipliesClipsAndSkipsMissingSynapses()
    {
        float[] row = [0.2f, 0.8f, 0.05f, 0.3f];
        PlasticityKernel.ScaleRow(row, [1, 1, 1, 0], 1.5f, 0.1f, 1f, vectorized: false);
        Assert.That(row, Is.EqualTo(new[] { 0.3f, 1f, 0.1f, 0.3f }).Within(1e-7f));
    }

    [TestCase(1)]
    [TestCase(15)]
    [TestCase(64)]
    [TestCase(131)]
    public void UpdateRowSelective_Vectorized_BitIdenticalToScalar(int n)
    {
        var random = new Random(n + 100);
        float[] Draw(Func<float> f) => Enumerable.Range(0, n).Select(_ => f()).ToArray();
        float[] w = Draw(() => (float)random.NextDouble() * 1.2f - 0.1f), traces = Draw(() => (float)random.NextDouble() * 0.01f);
        float[] mask = Draw(() => random.Next(3) == 0 ? 0f : 1f), pre = Draw(() => random.Next(2)), rates = Draw(() => (float)random.NextDouble());
        foreach (bool soft in new[] { true, false })
        {
            foreach (float post in new[] { 0f, 1f })
            {
                var rule = Soft with { Soft = soft };
                // Every synapse gated (no threshold), and an adaptive threshold at the traces' median.
                foreach (float threshold in new[] { -1f, traces.Order().ElementAt(n / 2) })
                {
                    var gate = new PlasticityKernel.Gate(0.9f, 300f, 0.01f, threshold);
                    float[] ws = (float[])w.Clone(), wv = (float[])w.Clone(), ts = (float[])traces.Clone(), tv = (float[])traces.Clone();
                    var scalar = PlasticityKernel.UpdateRowSelective(ws, ts, mask, pre, post, rule, gate, 0.02f, rates, vectorized: false);
                    var vector = PlasticityKernel.UpdateRowSelective(wv, tv, mask, pre, post, rule, gate, 0.02f, rates, vectorized: true);
                    Assert.That(wv.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(ws.Select(BitConverter.SingleToInt32Bits)), $"soft {soft}, post {post}, threshold {threshold}");
                    Assert.That(tv.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(ts.Select(BitConverter.SingleToInt32Bits)));
                    Assert.That(vector, Is.EqualTo(scalar));
                }
            }
        }
    }

    [Test]
    public void UpdateRowSelective_HandWorkedGate()
    {
        // Soft rule P = 0.1, D = 0.05, δ = 0.01; gate scale k/ē = 100, β = 0.5.
        // Synapse 0: coincidence (post, pre active): g = 1, Δ = 0.1·(1 − 0.5) = 0.05, w = 0.55·0.99 = 0.5445; e = 0.5·0.02 + 0.5·0.05 = 0.035.
        // Synapse 1: pre silent, trace 0.02: g = 1/(1 + 100·0.02) = 1/3, Δ = −0.05·(0.5 − 0.1) = −0.02,
        //   w = (0.5 − 0.02/3)(1 − 0.01/3) = 0.4917777…, e = 0.5·0.02 + 0.5·0.02 = 0.02.
        float[] row = [0.5f, 0.5f], traces = [0.02f, 0.02f];
        var (preActive, traceSum) = PlasticityKernel.UpdateRowSelective(row, traces, [1, 1], [1, 0], post: 1, Soft, new PlasticityKernel.Gate(0.5f, 100f, 0.01f),
            0f, default, vectorized: false);
        Assert.That(row[0], Is.EqualTo(0.5445f).Within(1e-6f));
        Assert.That(row[1], Is.EqualTo((0.5 - 0.02 / 3) * (1 - 0.01 / 3)).Within(1e-6));
        Assert.That(traces, Is.EqualTo(new[] { 0.035f, 0.02f }).Within(1e-7f));
        Assert.That((preActive, traceSum), Is.EqualTo((1f, traces[0] + traces[1])));
    }

    [Test]
    public void UpdateRowSelective_TraceAtOrBelowTheThreshold_IsNotGated()
    {
        // As above, with the threshold at 0.02: synapse 1's trace (0.02) is not above it, so g = 1 and it learns like the
        // plain rule: w = (0.5 − 0.02)(1 − 0.01) = 0.4752; a trace of 0.03 (above) keeps the gate 1/(1 + 100·0.03) = 1/4.
        float[] row = [0.5f, 0.5f, 0.5f], traces = [0.02f, 0.02f, 0.03f];
        PlasticityKernel.UpdateRowSelective(row, traces, [1, 1, 1], [1, 0, 0], post: 1, Soft, new PlasticityKernel.Gate(0.5f, 100f, 0.01f, Threshold: 0.02f),
            0f, default, vectorized: false);
        Assert.That(row[0], Is.EqualTo(0.5445f).Within(1e-6f), "coincidence: open either way");
        Assert.That(row[1], Is.EqualTo((0.5 - 0.02) * (1 - 0.01)).Within(1e-6), "at the threshold: not gated");
        Assert.That(row[2], Is.EqualTo((0.5 - 0.02 / 4) * (1 - 0.01 / 4)).Within(1e-6), "above: gated");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void UpdateRowSelective_TracesDecayedToSubnormals_GateAsTheirRatiosToTheMeanSay(bool vectorized)
    {
        // Traces j·2⁻¹⁴⁰ (float subnormals) with ē = 2⁻¹⁴⁰ gate exactly as traces j·2⁻¹⁰ with ē = 2⁻¹⁰: only e/ē enters
        // (k/ē itself would be ∞ and make every gate 0, and NaN where a trace is 0). Pre silent except synapse 0.
        const int n = 37;
        float tiny = MathF.ScaleB(1f, -140), normal = MathF.ScaleB(1f, -10);
        var pre = new float[n];
        pre[0] = 1;
        var mask = Enumerable.Repeat(1f, n).ToArray();
        float[] Run(float unit)
        {
            var row = Enumerable.Range(0, n).Select(j => 0.2f + 0.01f * j).ToArray();
            var traces = Enumerable.Range(0, n).Select(j => j % 5 * unit).ToArray();
            PlasticityKernel.UpdateRowSelective(row, traces, mask, pre, post: 1, Soft, new PlasticityKernel.Gate(0.9f, 3f, 0.01f, Mean: unit), 0f, default, vectorized);
            return row;
        }
        var subnormal = Run(tiny);
        Assert.That(subnormal, Is.All.Matches<float>(float.IsFinite));
        Assert.That(subnormal, Is.EqualTo(Run(normal)));
        // Synapse 1 (trace 1·unit, pre silent): g = 1/(1 + 3·1) = 1/4, Δ = −0.05·(0.21 − 0.1), w = (0.21 + Δ/4)(1 − 0.01/4).
        Assert.That(subnormal[1], Is.EqualTo((0.21 - 0.05 * 0.11 / 4) * (1 - 0.01 / 4)).Within(1e-6));
    }
}
