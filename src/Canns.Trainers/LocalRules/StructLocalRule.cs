using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// A struct rule behind the <see cref="LocalRule"/> face. The compiled path is this generic driver, which the JIT
/// specialises per <typeparamref name="TRule"/> (no dynamic code): vectors of eight synapses when the rule is
/// vectorised, each lane accumulating its samples in order, so it matches the scalar step path exactly.
/// </summary>
internal sealed class StructLocalRule<TRule>(string name) : LocalRule(name)
    where TRule : struct, ILocalRule
{
    internal override bool UsesTraces => true;

    internal override float Evaluate(in Synapse synapse) => TRule.Delta(synapse);

    internal override void ComputeRow(RuleBatch b, int i)
    {
        int m = b.Columns, patterns = b.Patterns;
        float[] pre = b.Pre, post = b.PostT, w = b.W, preTrace = b.PreTrace, postTrace = b.PostTraceT;
        bool traces = preTrace.Length != 0;
        float theta = b.Theta[i], modulator = b.Modulator;
        int rowPost = i * patterns;
        var wRow = w.AsSpan(i * m, m);
        var delta = b.Delta.AsSpan(i * m, m);
        delta.Clear();
        // Sample-major, so each synapse sums its samples in order, as on the step path, with the rows in L1.
        for (int p = 0; p < patterns; p++)
        {
            var preRow = pre.AsSpan(p * m, m);
            var traceRow = traces ? preTrace.AsSpan(p * m, m) : default;
            float y = post[rowPost + p], yTrace = traces ? postTrace[rowPost + p] : 0f;
            int j = 0;
            if (TRule.IsVectorized && Vector256.IsHardwareAccelerated)
            {
                var vy = Vector256.Create(y);
                var vyTrace = Vector256.Create(yTrace);
                var vTheta = Vector256.Create(theta);
                var vMod = Vector256.Create(modulator);
                ref float rPre = ref MemoryMarshal.GetReference(preRow);
                ref float rW = ref MemoryMarshal.GetReference(wRow);
                ref float rD = ref MemoryMarshal.GetReference(delta);
                for (; j <= m - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    var s = new SynapseVector(
                        Vector256.LoadUnsafe(ref rPre, (nuint)j), vy, Vector256.LoadUnsafe(ref rW, (nuint)j),
                        traces ? Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(traceRow), (nuint)j) : Vector256<float>.Zero,
                        vyTrace, vTheta, vMod);
                    (Vector256.LoadUnsafe(ref rD, (nuint)j) + TRule.Delta(s)).StoreUnsafe(ref rD, (nuint)j);
                }
            }
            for (; j < m; j++)
            {
                delta[j] += TRule.Delta(new Synapse(preRow[j], y, wRow[j], traces ? traceRow[j] : 0f, yTrace, theta, modulator));
            }
        }
    }
}
