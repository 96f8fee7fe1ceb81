using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The weights a recall kernel reads, with the facts about them that incremental recall needs, computed once per
/// version of W: whether W is symmetric (so row j is also column j) and the absolute row sums <c>Σ_k |W_ik|</c>
/// that bound rounding error.
/// </summary>
/// <remarks>
/// The trainer keeps one instance per <see cref="ParamState.Version"/> of W. Writes through a span taken earlier
/// must be followed by <see cref="ParamState.MarkChanged"/>, as everywhere else in the library; otherwise these facts
/// (and any analysis) go stale.
/// </remarks>
internal sealed class RecallWeights
{
    private RecallWeights(float[] buffer, int size, long version, float[]? rowAbsSums)
    {
        Buffer = buffer;
        Size = size;
        Version = version;
        RowAbsSums = rowAbsSums;
    }

    /// <summary>The row-major (Size × Size) weights.</summary>
    public float[] Buffer { get; }

    /// <summary>The number of units.</summary>
    public int Size { get; }

    /// <summary>The version of W these facts describe.</summary>
    public long Version { get; }

    /// <summary>
    /// Upper bounds of <c>Σ_k |W_ik|</c> per row (the float sum inflated by its own worst-case rounding error) when W is
    /// symmetric and every row sum is finite; null otherwise, which turns incremental field updates off.
    /// </summary>
    public float[]? RowAbsSums { get; }

    /// <summary>True when kernels may update fields incrementally from the units that change.</summary>
    public bool SupportsIncrementalFields => RowAbsSums is not null;

    /// <summary>The largest N for which a bfloat16 copy of W is kept (2·N² bytes: 128 MB at this size).</summary>
    internal const int MaxApproximateSize = 8192;

    private ushort[]? _bf16;
    private int _approximateRequests;

    /// <summary>
    /// W rounded to bfloat16 (each element within 2⁻⁸ of itself relatively), for a first field that only has to be
    /// close: reading half the bytes of W. Null when incremental fields do not apply, the 512-bit product is not
    /// available, N exceeds <see cref="MaxApproximateSize"/>, or on the first request for this version of W (one
    /// recall does not repay the conversion, a pass over W; the second and later ones do). Thread-safe.
    /// </summary>
    public ushort[]? ApproximateWeights()
    {
        if (_bf16 is { } ready) return ready;
        if (!SupportsIncrementalFields || !Canns.Numerics.Blas.Bf16GemvAvailable || Size > MaxApproximateSize) return null;
        if (Interlocked.Increment(ref _approximateRequests) < 2) return null;
        var copy = GC.AllocateUninitializedArray<ushort>(Size * Size);
        // Finite row sums at most float.MaxValue / 4 bound every element, so none rounds to infinity.
        Canns.Numerics.Blas.ToBf16(Buffer.AsSpan(0, Size * Size), copy);
        return Interlocked.CompareExchange(ref _bf16, copy, null) ?? copy;
    }

    /// <summary>Weights without facts, for callers that never update fields incrementally.</summary>
    public static RecallWeights Plain(float[] buffer, int size) => new(buffer, size, -1, null);

    /// <summary>Reads W once: checks symmetry (bit for bit) and sums each row's absolute values in double.</summary>
    public static RecallWeights Analyze(ParamState weights, int size)
    {
        long version = weights.Version;
        float[] w = weights.Buffer;
        return new RecallWeights(w, size, version, Canns.Numerics.Blas.IsSymmetric(w, size) ? ComputeRowAbsSums(w, size) : null);
    }

    private static float[]? ComputeRowAbsSums(float[] w, int n)
    {
        // Any summation order is within γ_n·Σ|w| of the exact sum (Higham §4.2), so (1 + 2γ_n) times the float
        // sum, rounded up once more, bounds it from above.
        double u = 1.0 / (1 << 24);
        double inflate = (1 + 2 * (n + 1) * u / (1 - (n + 1) * u)) * (1 + 4 * u);
        var sums = new float[n];
        for (int i = 0; i < n; i++)
        {
            double sum = System.Numerics.Tensors.TensorPrimitives.SumOfMagnitudes(w.AsSpan(i * n, n)) * inflate;
            if (!double.IsFinite(sum) || sum > float.MaxValue / 4) return null;
            sums[i] = MathF.BitIncrement((float)sum);
        }
        return sums;
    }
}
