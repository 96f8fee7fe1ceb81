using System.Runtime.InteropServices;

namespace Canns.Trainers;

/// <summary>
/// A struct rule behind the <see cref="LocalRule"/> face. The compiled path is this generic driver, which the JIT
/// specialises per <typeparamref name="TRule"/> and vector type (no dynamic code): vectors of <see cref="Lanes"/>
/// synapses when the rule is vectorised, each lane accumulating its samples in order, then the scalar overload for the
/// columns left over, so it matches the scalar step path exactly.
/// </summary>
internal sealed class StructLocalRule<TRule>(string name) : LocalRule(name)
    where TRule : struct, ILocalRule
{
    /// <summary>
    /// Lanes of the vectors the compiled path uses for a vectorised rule: by default the widest the hardware
    /// accelerates (<see cref="VectorLanes.Widest"/>). Tests set 16, 8 or 4 (every width runs anywhere, emulated where
    /// not accelerated) or 1 for the scalar loop alone.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to anything but 1, 4, 8 or 16.</exception>
    internal int Lanes
    {
        get;
        init => field = value is 1 or 4 or 8 or 16
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Lanes), value, "Lanes must be 1, 4, 8 or 16.");
    } = VectorLanes.Widest;

    internal override bool UsesTraces => true;

    internal override float Evaluate(in Synapse synapse) => TRule.Delta(synapse);

    internal override void ComputeRow(RuleBatch b, int i)
    {
        switch (TRule.IsVectorized ? Lanes : 1)
        {
            case 16: ComputeRow<FloatVector512>(b, i, vectorized: true); break;
            case 8: ComputeRow<FloatVector256>(b, i, vectorized: true); break;
            case 4: ComputeRow<FloatVector128>(b, i, vectorized: true); break;
            default: ComputeRow<FloatVector128>(b, i, vectorized: false); break;
        }
    }

    private static void ComputeRow<TVector>(RuleBatch b, int i, bool vectorized)
        where TVector : struct, IFloatVector<TVector>
    {
        int m = b.Columns, patterns = b.Patterns;
        float[] pre = b.Pre, post = b.PostT, w = b.W, preTrace = b.PreTrace, postTrace = b.PostTraceT;
        bool traces = preTrace.Length != 0;
        float theta = b.Theta[i], modulator = b.Modulator;
        int rowPost = i * patterns;
        var wRow = w.AsSpan(i * m, m);
        var delta = b.Delta.AsSpan(i * m, m);
        delta.Clear();
        int vectorEnd = vectorized ? m - m % TVector.Count : 0;
        var vTheta = TVector.Create(theta);
        var vMod = TVector.Create(modulator);
        ref float rW = ref MemoryMarshal.GetReference(wRow);
        ref float rD = ref MemoryMarshal.GetReference(delta);
        // Sample-major, so each synapse sums its samples in order, as on the step path, with the rows in L1.
        for (int p = 0; p < patterns; p++)
        {
            var preRow = pre.AsSpan(p * m, m);
            var traceRow = traces ? preTrace.AsSpan(p * m, m) : default;
            float y = post[rowPost + p], yTrace = traces ? postTrace[rowPost + p] : 0f;
            int j = 0;
            if (vectorEnd > 0)
            {
                var vy = TVector.Create(y);
                var vyTrace = TVector.Create(yTrace);
                ref float rPre = ref MemoryMarshal.GetReference(preRow);
                ref float rTrace = ref MemoryMarshal.GetReference(traceRow);
                for (; j < vectorEnd; j += TVector.Count)
                {
                    var s = new SynapseVector<TVector>(
                        TVector.LoadUnsafe(ref rPre, (nuint)j), vy, TVector.LoadUnsafe(ref rW, (nuint)j),
                        traces ? TVector.LoadUnsafe(ref rTrace, (nuint)j) : TVector.Zero,
                        vyTrace, vTheta, vMod);
                    (TVector.LoadUnsafe(ref rD, (nuint)j) + TRule.Delta(s)).StoreUnsafe(ref rD, (nuint)j);
                }
            }
            for (; j < m; j++)
            {
                delta[j] += TRule.Delta(new Synapse(preRow[j], y, wRow[j], traces ? traceRow[j] : 0f, yTrace, theta, modulator));
            }
        }
    }
}
