using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The event-driven kernel's working copy of a <see cref="SpikingLayer"/>, split into <see cref="Parts"/> of whole
/// 512-bit vectors of outputs: per part, its block of W transposed (inputs × its outputs, rounded up to whole vectors)
/// and its dynamic state padded the same way; plus the active-input lists of a raster. Kept by the trainer and reused across calls, so a call allocates nothing once the buffers are big enough.
/// </summary>
/// <remarks>
/// <para>Why transposed: the membrane input of every output from the ~5 % active inputs is a sum of the active inputs'
/// contiguous rows, the depression of an input that spiked is one contiguous row, and the potentiation of the outputs
/// that spiked is, per input, the few vectors of the row that hold them.</para>
/// <para>Padding lanes (outputs ≥ m) hold zero weights, traces and spikes; they never spike and are never copied back.</para>
/// </remarks>
internal sealed class StdpWorkspace
{
    /// <summary>
    /// Whether the transposed copy of a layer's W, inputs × outputs rounded up to whole vectors plus a vector for the
    /// alignment, fits one array. It can exceed <see cref="Array.MaxLength"/> when W itself does not (one output and
    /// 2²⁷ inputs take 16 × 2²⁷ = 2³¹ elements), and the constructor's checked product then threw an OverflowException
    /// naming nothing. (Split into parts, each part's block is smaller.)
    /// </summary>
    public static bool CanHold(int outputs, int inputs)
    {
        long stride = ((long)outputs + Vector512<float>.Count - 1) / Vector512<float>.Count * Vector512<float>.Count;
        return inputs * stride + Vector512<float>.Count <= Array.MaxLength;
    }

    public StdpWorkspace(int outputs, int inputs)
    {
        Outputs = outputs;
        Inputs = inputs;
        Stride = (outputs + Vector512<float>.Count - 1) / Vector512<float>.Count * Vector512<float>.Count;
        Parts = [new StdpPart(0, Stride, inputs)];
    }

    public int Outputs { get; }
    public int Inputs { get; }

    /// <summary>Outputs rounded up to a whole number of 512-bit vectors.</summary>
    public int Stride { get; }

    /// <summary>
    /// The outputs in parts of whole vectors, each with its own block of W and its own copy of the dynamic state: a
    /// part's outputs, the synapses onto them and their traces depend on no other output, so the parts run the same
    /// steps independently, on different cores. One part covers every output.
    /// </summary>
    public StdpPart[] Parts { get; private set; }

    /// <summary>Per step of the current chunk: <c>η A₊</c> and <c>η A₋</c>, computed once for every part.</summary>
    public float[] PlusAmplitudes { get; private set; } = [];
    public float[] MinusAmplitudes { get; private set; } = [];

    /// <summary>The run the parts are working on, and the step before which they stop (a failed schedule's step, or To).</summary>
    public StdpRun? CurrentRun { get; set; }
    public int CurrentLimit { get; set; }

    /// <summary>The parallel body over parts, made once for the kernel that owns it (no delegate per chunk).</summary>
    public Action<int>? PartBody { get; set; }
    public object? PartBodyOwner { get; set; }

    /// <summary>Makes room for the amplitudes of <paramref name="steps"/> steps.</summary>
    public void EnsureAmplitudes(int steps)
    {
        if (PlusAmplitudes.Length >= steps) return;
        PlusAmplitudes = new float[steps];
        MinusAmplitudes = new float[steps];
    }

    /// <summary>Active inputs of step t are <c>ActiveIndex[ActiveStart[t] .. ActiveStart[t + 1])</c>, ascending.</summary>
    public int[] ActiveStart { get; private set; } = [];
    public int[] ActiveIndex { get; private set; } = [];

    public bool Fits(SpikingLayer layer) => layer.Outputs == Outputs && layer.Inputs == Inputs;

    /// <summary>
    /// Copies the layer's W (transposed) and state in, the state split into <paramref name="parts"/> parts.
    /// </summary>
    /// <param name="layer">The layer to copy.</param>
    /// <param name="canonicalZeros">Store a weight of −0 as +0: the dense rule rewrites every weight every step, which
    /// turns −0 into +0, while the event-driven kernel only rewrites the weights that change.</param>
    /// <param name="parts">How many parts to split the outputs into (at most one per vector).</param>
    public void Load(SpikingLayer layer, bool canonicalZeros, int parts = 1)
    {
        Partition(parts);
        int m = Outputs, n = Inputs;
        var w = layer.W.AsReadOnlySpan();
        foreach (var part in Parts)
        {
            var wt = part.WeightSpan;
            // Rows First … First + count − 1 of W (outputs × inputs) to the block's columns (inputs × Width).
            Blas.Transpose(ref Unsafe.Add(ref MemoryMarshal.GetReference(w), (nint)part.First * n), n, ref MemoryMarshal.GetReference(wt), part.Width,
                part.Count(m), n);
            // +0 for −0: the dense rule rewrites every weight every step, which turns −0 into +0 (padding stays +0).
            if (canonicalZeros) TensorPrimitives.Add(wt, 0f, wt);
        }
        foreach (var part in Parts)
        {
            int count = part.Count(m);
            Scatter(layer.MembraneBuffer, part.Membrane, part.First, count);
            Scatter(layer.PostTraceBuffer, part.PostTrace, part.First, count);
            Scatter(layer.RefractoryBuffer, part.Refractory, part.First, count);
            layer.PreTraceBuffer.CopyTo(part.PreTrace, 0);
        }
    }

    /// <summary>The layer's values of outputs [first, first + count) into a part's array; its padding lanes are zero.</summary>
    private static void Scatter<T>(T[] from, T[] to, int first, int count)
    {
        from.AsSpan(first, count).CopyTo(to);
        to.AsSpan(count).Clear();
    }

    /// <summary>
    /// Splits the outputs into <paramref name="count"/> parts of whole vectors, as even as can be (earlier parts take
    /// the extra vectors); at most one part a vector. Keeps the parts when their number is unchanged.
    /// </summary>
    private void Partition(int count)
    {
        int vectors = Stride / Vector512<float>.Count;
        count = Math.Clamp(count, 1, vectors);
        if (Parts.Length == count) return;
        var parts = new StdpPart[count];
        int first = 0;
        for (int p = 0; p < count; p++)
        {
            int width = (vectors / count + (p < vectors % count ? 1 : 0)) * Vector512<float>.Count;
            parts[p] = new StdpPart(first, width, Inputs);
            first += width;
        }
        Parts = parts;
    }

    /// <summary>Copies W (transposed back) and the state out to the layer.</summary>
    public void Store(SpikingLayer layer)
    {
        int m = Outputs, n = Inputs;
        var w = layer.W.AsSpan();
        foreach (var part in Parts)
        {
            Blas.Transpose(ref MemoryMarshal.GetReference(part.WeightSpan), part.Width, ref Unsafe.Add(ref MemoryMarshal.GetReference(w), (nint)part.First * n), n,
                n, part.Count(m));
        }
        StoreState(layer);
    }

    /// <summary>The first weight of the working copy (row-major in W's order) that is NaN or ∞; null when every one is finite.</summary>
    public (int Output, int Input, float Value)? FirstNonFiniteWeight()
    {
        // Parts are in output order, so the first part that holds one holds the first in W's order.
        foreach (var part in Parts)
        {
            var wt = part.WeightSpan;
            // One vectorised pass first (padding included: it only matters when the sum is not finite).
            if (float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(wt))) continue;
            for (int k = 0; k < part.Count(Outputs); k++)
            {
                for (int j = 0; j < Inputs; j++)
                {
                    float x = wt[j * part.Width + k];
                    if (!float.IsFinite(x)) return (part.First + k, j, x);
                }
            }
        }
        return null;
    }

    /// <summary>Copies the state (not W) out to the layer.</summary>
    public void StoreState(SpikingLayer layer)
    {
        foreach (var part in Parts)
        {
            int count = part.Count(Outputs);
            part.Membrane.AsSpan(0, count).CopyTo(layer.MembraneBuffer.AsSpan(part.First));
            part.PostTrace.AsSpan(0, count).CopyTo(layer.PostTraceBuffer.AsSpan(part.First));
            part.Refractory.AsSpan(0, count).CopyTo(layer.RefractoryBuffer.AsSpan(part.First));
        }
        // Every part keeps the same input traces (each updates its own copy with the same operations).
        Parts[0].PreTrace.CopyTo(layer.PreTraceBuffer, 0);
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

/// <summary>
/// The outputs [<see cref="First"/>, <see cref="First"/> + <see cref="Width"/>) of a <see cref="StdpWorkspace"/>, with
/// their dynamic state and the scratch of one step, indexed from the part's first output. Padding lanes (outputs past
/// the layer's) hold zeros and never spike.
/// </summary>
internal sealed class StdpPart
{
    public StdpPart(int first, int width, int inputs)
    {
        First = first;
        Width = width;
        Inputs = inputs;
        // Pinned (so it never moves) with a vector of extra room, so the rows can start on a 64-byte boundary: every
        // vector of W is then one whole cache line, not two halves. A block of its own, not columns of a shared array:
        // no cache line (nor the neighbouring line a prefetcher pulls in with it) is written by two cores.
        WT = GC.AllocateArray<float>(checked(inputs * width + Vector512<float>.Count), pinned: true);
        unsafe
        {
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(WT));
            WTOffset = (int)((64 - (address & 63)) & 63) / sizeof(float);
        }
        Membrane = new float[width];
        PostTrace = new float[width];
        Refractory = new int[width];
        Post = new float[width];
        Field = new float[width];
        Plus = new float[width];
        Minus = new float[width];
        SpikingBlocks = new int[width / Vector512<float>.Count];
        PreTrace = new float[inputs];
    }

    /// <summary>The part's first output (a multiple of 16).</summary>
    public int First { get; }

    /// <summary>Its outputs, padding included: a multiple of 16.</summary>
    public int Width { get; }

    public int Inputs { get; }

    /// <summary>
    /// The part's block of W transposed: <c>WT[WTOffset + j · Width + k] = W[First + k, j]</c> (row j holds the synapses
    /// of input j onto the part's outputs, 16 a vector). Pinned.
    /// </summary>
    public float[] WT { get; }

    /// <summary>Where the block starts in <see cref="WT"/>: the first element on a 64-byte boundary.</summary>
    public int WTOffset { get; }

    /// <summary>A reference to the synapse of input 0 onto the part's first output.</summary>
    public ref float Weights => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(WT), WTOffset);

    /// <summary>The block as a span of inputs × <see cref="Width"/>.</summary>
    public Span<float> WeightSpan => WT.AsSpan(WTOffset, Inputs * Width);

    /// <summary>How many of its outputs the layer has (the rest is padding).</summary>
    public int Count(int outputs) => Math.Min(Width, outputs - First);

    public float[] Membrane { get; }
    public float[] PostTrace { get; }
    public int[] Refractory { get; }

    /// <summary>The part's own copy of the input traces x̄ (the same in every part).</summary>
    public float[] PreTrace { get; }

    /// <summary>Scratch of one step: output spikes, membrane input, <c>s_post η A₊</c>, <c>η A₋ ȳ</c>, blocks holding a spike.</summary>
    public float[] Post { get; }
    public float[] Field { get; }
    public float[] Plus { get; }
    public float[] Minus { get; }
    public int[] SpikingBlocks { get; }

    /// <summary>Output spikes of the part's last run.</summary>
    public long Spikes { get; set; }

    /// <summary>The membrane overflow that stopped the part's last run, and its step; null when it ran through.</summary>
    public Exception? Failure { get; set; }
    public int FailedStep { get; set; }
}
