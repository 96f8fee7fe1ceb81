using System.Runtime.CompilerServices;
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
        float[] pre = b.Pre, post = b.PostT, w = b.W, delta = b.Delta, preTrace = b.PreTrace, postTrace = b.PostTraceT;
        bool traces = preTrace.Length != 0;
        float theta = b.Theta[i], modulator = b.Modulator;
        int rowW = i * m, rowPost = i * patterns;
        int j = 0;
        if (TRule.IsVectorized && Vector256.IsHardwareAccelerated)
        {
            var vTheta = Vector256.Create(theta);
            var vMod = Vector256.Create(modulator);
            for (; j <= m - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var vw = Vector256.Create(w, rowW + j);
                var acc = Vector256<float>.Zero;
                for (int p = 0; p < patterns; p++)
                {
                    int at = p * m + j;
                    var s = new SynapseVector(
                        Vector256.Create(pre, at), Vector256.Create(post[rowPost + p]), vw,
                        traces ? Vector256.Create(preTrace, at) : Vector256<float>.Zero,
                        Vector256.Create(traces ? postTrace[rowPost + p] : 0f), vTheta, vMod);
                    acc += TRule.Delta(s);
                }
                acc.CopyTo(delta, rowW + j);
            }
        }
        for (; j < m; j++)
        {
            delta[rowW + j] = Scalar(b, i, j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Scalar(RuleBatch b, int i, int j)
    {
        float acc = 0f;
        for (int p = 0; p < b.Patterns; p++) acc += TRule.Delta(b.At(i, j, p));
        return acc;
    }
}
