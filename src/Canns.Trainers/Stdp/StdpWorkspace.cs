using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The event-driven kernel's working copy of a <see cref="SpikingLayer"/>: W transposed (inputs × a stride of outputs
/// rounded up to whole 512-bit vectors) and the dynamic state padded to the same stride, plus the active-input lists of
/// a raster. Kept by the trainer and reused across calls, so a call allocates nothing once the buffers are big enough.
/// </summary>
/// <remarks>
/// <para>Why transposed: the membrane input of every output from the ~5 % active inputs is a sum of the active inputs'
/// contiguous rows, the depression of an input that spiked is one contiguous row, and the potentiation of the outputs
/// that spiked is, per input, the few vectors of the row that hold them.</para>
/// <para>Padding lanes (outputs ≥ m) hold zero weights, traces and spikes; they never spike and are never copied back.</para>
/// </remarks>
internal sealed class StdpWorkspace
{
    /// <summary>Vectors of slack after W in <see cref="WT"/>: three for over-reads, one for the 64-byte alignment.</summary>
    private const int SlackVectors = 4;

    /// <summary>
    /// Whether the transposed copy of a layer's W, inputs × outputs rounded up to whole vectors plus the slack, fits one
    /// array. It can exceed <see cref="Array.MaxLength"/> when W itself does not (one output and 2²⁷ inputs take
    /// 16 × 2²⁷ = 2³¹ elements), and the constructor's checked product then threw an OverflowException naming nothing.
    /// </summary>
    public static bool CanHold(int outputs, int inputs)
    {
        long stride = ((long)outputs + Vector512<float>.Count - 1) / Vector512<float>.Count * Vector512<float>.Count;
        return inputs * stride + SlackVectors * Vector512<float>.Count <= Array.MaxLength;
    }

    public StdpWorkspace(int outputs, int inputs)
    {
        Outputs = outputs;
        Inputs = inputs;
        Stride = (outputs + Vector512<float>.Count - 1) / Vector512<float>.Count * Vector512<float>.Count;
        // Pinned (so it never moves) with a vector of extra room, so the rows can start on a 64-byte boundary: every
        // vector of W is then one whole cache line, not two halves.
        WT = GC.AllocateArray<float>(checked(inputs * Stride + SlackVectors * Vector512<float>.Count), pinned: true);
        unsafe
        {
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(WT));
            WTOffset = (int)((64 - (address & 63)) & 63) / sizeof(float);
        }
        Membrane = new float[Stride];
        PostTrace = new float[Stride];
        Refractory = new int[Stride];
        PreTrace = new float[inputs];
        Post = new float[Stride];
        Field = new float[Stride];
        Plus = new float[Stride];
        Minus = new float[Stride];
        SpikingBlocks = new int[Stride / Vector512<float>.Count];
    }

    public int Outputs { get; }
    public int Inputs { get; }

    /// <summary>Outputs rounded up to a whole number of 512-bit vectors: the row length of <see cref="WT"/>.</summary>
    public int Stride { get; }

    /// <summary>
    /// W transposed: <c>WT[WTOffset + j · Stride + i] = W[i, j]</c>, then three vectors of slack for over-reads. Pinned.
    /// </summary>
    public float[] WT { get; }

    /// <summary>Where W starts in <see cref="WT"/>: the first element on a 64-byte boundary.</summary>
    public int WTOffset { get; }

    /// <summary>A reference to <c>WT[WTOffset]</c>, the synapse of input 0 onto output 0.</summary>
    public ref float Weights => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(WT), WTOffset);

    public float[] Membrane { get; }
    public float[] PostTrace { get; }
    public int[] Refractory { get; }
    public float[] PreTrace { get; }

    /// <summary>Scratch of one step: output spikes, membrane input, <c>s_post η A₊</c>, <c>η A₋ ȳ</c>, blocks holding a spike.</summary>
    public float[] Post { get; }
    public float[] Field { get; }
    public float[] Plus { get; }
    public float[] Minus { get; }
    public int[] SpikingBlocks { get; }

    /// <summary>Active inputs of step t are <c>ActiveIndex[ActiveStart[t] .. ActiveStart[t + 1])</c>, ascending.</summary>
    public int[] ActiveStart { get; private set; } = [];
    public int[] ActiveIndex { get; private set; } = [];

    public bool Fits(SpikingLayer layer) => layer.Outputs == Outputs && layer.Inputs == Inputs;

    /// <summary>
    /// Copies the layer's W (transposed) and state in. With <paramref name="canonicalZeros"/> a weight of −0 is stored
    /// as +0: the dense rule rewrites every weight every step, which turns −0 into +0, while the event-driven kernel
    /// only rewrites the weights that change.
    /// </summary>
    public void Load(SpikingLayer layer, bool canonicalZeros)
    {
        int m = Outputs, n = Inputs, s = Stride;
        var w = layer.W.AsReadOnlySpan();
        var wt = WT.AsSpan(WTOffset);
        const int Block = 32;
        for (int i0 = 0; i0 < m; i0 += Block)
        {
            int i1 = Math.Min(m, i0 + Block);
            for (int j0 = 0; j0 < n; j0 += Block)
            {
                int j1 = Math.Min(n, j0 + Block);
                for (int i = i0; i < i1; i++)
                {
                    var row = w.Slice(i * n, n);
                    for (int j = j0; j < j1; j++) wt[j * s + i] = canonicalZeros ? row[j] + 0f : row[j];
                }
            }
        }
        layer.MembraneBuffer.CopyTo(Membrane, 0);
        layer.PostTraceBuffer.CopyTo(PostTrace, 0);
        layer.RefractoryBuffer.CopyTo(Refractory, 0);
        layer.PreTraceBuffer.CopyTo(PreTrace, 0);
    }

    /// <summary>Copies W (transposed back) and the state out to the layer.</summary>
    public void Store(SpikingLayer layer)
    {
        int m = Outputs, n = Inputs, s = Stride;
        var w = layer.W.AsSpan();
        var wt = WT.AsSpan(WTOffset);
        const int Block = 32;
        for (int j0 = 0; j0 < n; j0 += Block)
        {
            int j1 = Math.Min(n, j0 + Block);
            for (int i0 = 0; i0 < m; i0 += Block)
            {
                int i1 = Math.Min(m, i0 + Block);
                for (int i = i0; i < i1; i++)
                {
                    var row = w.Slice(i * n, n);
                    for (int j = j0; j < j1; j++) row[j] = wt[j * s + i];
                }
            }
        }
        StoreState(layer);
    }

    /// <summary>The first weight of the working copy (row-major in W's order) that is NaN or ∞; null when every one is finite.</summary>
    public (int Output, int Input, float Value)? FirstNonFiniteWeight()
    {
        var wt = WT.AsSpan(WTOffset);
        // One vectorised pass first (padding included: it only matters when the sum is not finite).
        if (float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(wt[..(Inputs * Stride)]))) return null;
        for (int i = 0; i < Outputs; i++)
        {
            for (int j = 0; j < Inputs; j++)
            {
                float x = wt[j * Stride + i];
                if (!float.IsFinite(x)) return (i, j, x);
            }
        }
        return null;
    }

    /// <summary>Copies the state (not W) out to the layer.</summary>
    public void StoreState(SpikingLayer layer)
    {
        Membrane.AsSpan(0, Outputs).CopyTo(layer.MembraneBuffer);
        PostTrace.AsSpan(0, Outputs).CopyTo(layer.PostTraceBuffer);
        Refractory.AsSpan(0, Outputs).CopyTo(layer.RefractoryBuffer);
        PreTrace.CopyTo(layer.PreTraceBuffer, 0);
    }

    /// <summary>
    /// Fills <see cref="ActiveStart"/> and <see cref="ActiveIndex"/> from a raster in one pass that also checks it holds
    /// only 0 and 1 (throwing as <c>SpikeRaster.ThrowIfNotBinary</c> does); the buffers grow only when needed.
    /// </summary>
    /// <exception cref="ArgumentException">A value is not 0 or 1.</exception>
    public void BuildActiveLists(Matrix raster, string paramName)
    {
        int rows = raster.Rows, n = raster.Columns;
        if (ActiveStart.Length < rows + 1) ActiveStart = new int[rows + 1];
        var data = raster.AsSpan();
        if (ActiveIndex.Length < Vector512<float>.Count) ActiveIndex = new int[Math.Max(Vector512<float>.Count, data.Length / 16)];
        int k = 0;
        for (int t = 0; t < rows; t++)
        {
            ActiveStart[t] = k;
            var row = data.Slice(t * n, n);
            ref float pr = ref MemoryMarshal.GetReference(row);
            int j = 0;
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref pr, (nuint)j);
                var zero = Vector512.Equals(v, Vector512<float>.Zero);
                if ((zero | Vector512.Equals(v, Vector512<float>.One)).AsInt32() != Vector512<int>.AllBitsSet)
                {
                    SpikeRaster.ThrowIfNotBinary(raster, paramName);
                }
                ulong bits = zero.ExtractMostSignificantBits() ^ 0xFFFFul;
                if (bits == 0) continue;
                if (ActiveIndex.Length - k < Vector512<float>.Count) Grow();
                ref int index = ref MemoryMarshal.GetArrayDataReference(ActiveIndex);
                do
                {
                    Unsafe.Add(ref index, k++) = j + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                }
                while (bits != 0);
            }
            for (; j < n; j++)
            {
                float x = row[j];
                if (x == 0f) continue;
                if (x != 1f) SpikeRaster.ThrowIfNotBinary(raster, paramName);
                if (k == ActiveIndex.Length) Grow();
                ActiveIndex[k++] = j;
            }
        }
        ActiveStart[rows] = k;
    }

    /// <summary>
    /// The next capacity of <see cref="ActiveIndex"/>: double, at most <see cref="Array.MaxLength"/> (enough, since a
    /// raster holds no more elements). Doubling in int wrapped to a negative length from 2³⁰ on (a raster of over a
    /// billion spikes), and the allocation threw an OverflowException that named nothing.
    /// </summary>
    internal static int GrownLength(int length) => (int)Math.Min(2L * length, Array.MaxLength);

    private void Grow()
    {
        var bigger = new int[GrownLength(ActiveIndex.Length)];
        ActiveIndex.CopyTo(bigger, 0);
        ActiveIndex = bigger;
    }
}
