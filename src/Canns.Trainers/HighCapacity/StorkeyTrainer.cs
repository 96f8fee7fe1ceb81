using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Storkey's learning rule (Storkey 1997; Storkey and Valabregue 1999): local and incremental like Hebb's, but each
/// pattern ξ is learned against the fields the network already produces,
/// <c>W_ij ← W_ij + (ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j) / N</c> for i ≠ j, with <c>h_ij = Σ_{k≠i,j} W_ik ξ_k</c>. It stores
/// about N/√(2 ln N) random patterns (against 0.14 N for Hebb) with larger basins of attraction.
/// </summary>
/// <remarks>
/// <para>The rule keeps W symmetric with a zero diagonal: training starts by zeroing the diagonal and refuses a W that
/// is not symmetric (its formula would then mix rows and columns). Patterns are learned in row order; a second
/// <see cref="Train"/> continues from the W the first left.</para>
/// <para><b>Cost.</b> With symmetric W and a zero diagonal, <c>h_ij = h_i − W_ij ξ_j</c> where <c>h = W ξ</c>, so a pattern
/// is one matrix-vector product and one pass over W: <c>W_ij += (W_ij (ξ_i² + ξ_j²) + ξ_i ξ_j − ξ_i h_j − h_i ξ_j) / N</c>,
/// rows in parallel. ±1 patterns go <see cref="StorkeyOptions.BlockSize"/> at a time instead: one product gives the
/// block's fields against W, each pattern's field is corrected for the ones before it in O(N B), and one rank-2B
/// product updates W, so the block costs two matrix products rather than B passes over W (the same W up to float
/// rounding). The whole set is learned on a copy of W (a buffer the trainer keeps for later calls: 4·N² bytes),
/// written back at the end only if every value is finite, so a cancellation or bad data leave W as it was.</para>
/// </remarks>
public sealed class StorkeyTrainer : HopfieldTrainer
{
    private readonly StorkeyOptions _options;
    private float[]? _work;
    private StorkeyBlocks? _blocks;

    /// <summary>Creates a Storkey trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="StorkeyOptions.WeightParameter"/>.</exception>
    /// <exception cref="ArgumentException">That parameter is not N × N.</exception>
    public StorkeyTrainer(IRecurrentNetwork model, StorkeyOptions? options = null, RecallOptions? recall = null)
        : base(model, recall)
    {
        _options = (options ?? new StorkeyOptions()).Clone();
        _options.Validate();
        _ = SquareParameter(_options.WeightParameter, "Storkey storage");
    }

    /// <summary>A copy of the options in force.</summary>
    public StorkeyOptions Options => _options.Clone();

    /// <summary>The parameter this trainer writes.</summary>
    public ParamState TrainedParameter => SquareParameter(_options.WeightParameter, "Storkey storage");

    /// <summary>Learns the rows of <paramref name="data"/> (P × N) in order.</summary>
    /// <inheritdoc />
    /// <exception cref="ArgumentException">A weight off the diagonal is already NaN or ∞ (written by something else); nothing changed.</exception>
    /// <exception cref="InvalidOperationException">W is not symmetric; nothing changed.</exception>
    /// <exception cref="NotFiniteNumberException">The patterns' values are so large that W overflows float32; nothing changed.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        int n = Model.Size;
        ValidateData(data, n);
        var target = TrainedParameter;
        // The working copy is kept for the next call (see LargeBuffers.Kept).
        float[] w = LargeBuffers.Kept(ref _work, target.Length);
        target.AsReadOnlySpan().CopyTo(w);
        for (int i = 0; i < n; i++) w[(long)i * n + i] = 0f;
        // Before the symmetry check (NaN ≠ NaN would read as an asymmetry) and before learning (the final check would blame the patterns).
        ThrowIfNotFiniteBeforeTraining(w.AsSpan(0, target.Length), target.Name, n);
        if (!Blas.IsSymmetric(w, n))
        {
            throw new InvalidOperationException($"Storkey's rule needs a symmetric W, but '{target.Name}' is not (W[i, j] != W[j, i] for some i ≠ j). W is unchanged.");
        }
        // Blocks of at most BlockSize, all of (nearly) one size: a short last block would be a thin product.
        int count = (data.Rows + _options.BlockSize - 1) / _options.BlockSize;
        int size = (data.Rows + count - 1) / count;
        if (size > 1 && Blas.IsBipolar(data.AsSpan()))
        {
            var blocks = _blocks is { } keptBlocks && keptBlocks.Fits(n, size) ? keptBlocks : _blocks = new StorkeyBlocks(n, size);
            for (int p = 0; p < data.Rows; p += size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                blocks.Learn(w, data, p, Math.Min(size, data.Rows - p), done =>
                {
                    if (IsReporting) Report(TrainingPhase.Training, done, data.Rows);
                    if (done < data.Rows) cancellationToken.ThrowIfCancellationRequested();
                });
            }
        }
        else
        {
            var pattern = new float[n];
            var field = new float[n];
            for (int p = 0; p < data.Rows; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                data.Row(p).CopyTo(pattern);
                Learn(w, n, pattern, field);
                if (IsReporting) Report(TrainingPhase.Training, p + 1, data.Rows);
            }
        }
        lock (Model.SyncRoot) CommitIfFinite(target, w, "the patterns' values are too large");
    }

    /// <summary>One pattern <paramref name="x"/>, in place on the symmetric, zero-diagonal <paramref name="w"/>; <paramref name="field"/> is scratch.</summary>
    internal static void Learn(float[] w, int n, float[] x, float[] field)
    {
        Blas.Gemv(w, n, x, n, field);
        float inverse = 1f / n;
        CannsParallelism.For(0, n, i => LearnRow(w.AsSpan(i * n, n), x, field, x[i], field[i], inverse), maxDegree: (long)n * n < 1 << 18 ? 1 : -1);
        for (int i = 0; i < n; i++) w[(long)i * n + i] = 0f;
    }

    /// <summary>
    /// Row i: <c>W_ij += (W_ij (ξ_i ξ_i + ξ_j ξ_j) + (ξ_i ξ_j − (ξ_i h_j + h_i ξ_j))) / N</c>. Every operation is
    /// commutative in (i, j) as written (a product, or a sum of two terms that swap), so row j computes W_ji from the same
    /// floats and W stays exactly symmetric.
    /// </summary>
    private static void LearnRow(Span<float> row, float[] x, float[] h, float xi, float hi, float inverse)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(row);
            ref float px = ref MemoryMarshal.GetArrayDataReference(x);
            ref float ph = ref MemoryMarshal.GetArrayDataReference(h);
            var xi2 = Vector512.Create(xi * xi);
            var vxi = Vector512.Create(xi);
            var vhi = Vector512.Create(hi);
            var scale = Vector512.Create(inverse);
            for (; j + 16 <= row.Length; j += 16)
            {
                var wij = Vector512.LoadUnsafe(ref r, (nuint)j);
                var xj = Vector512.LoadUnsafe(ref px, (nuint)j);
                var hj = Vector512.LoadUnsafe(ref ph, (nuint)j);
                var delta = wij * (xi2 + xj * xj) + (vxi * xj - (vxi * hj + vhi * xj));
                (wij + delta * scale).StoreUnsafe(ref r, (nuint)j);
            }
        }
        for (; j < row.Length; j++)
        {
            float delta = row[j] * (xi * xi + x[j] * x[j]) + (xi * x[j] - (xi * h[j] + hi * x[j]));
            row[j] += delta * inverse;
        }
    }
}
