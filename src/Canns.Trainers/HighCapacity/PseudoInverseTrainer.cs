using System.Numerics.Tensors;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The projection (pseudo-inverse) rule (Personnaz, Guyon and Dreyfus 1985; Kanter and Sompolinsky 1987):
/// <c>W = Xᵀ (X Xᵀ)⁻¹ X</c> for the P × N matrix X of the patterns trained so far, the orthogonal projector onto
/// their span. Every stored pattern is an exact fixed point, correlated or not, for any P up to N − 1 linearly
/// independent patterns (against 0.14 N random ones for Hebb); the price is a global rule, recomputed from all the
/// patterns on each <see cref="Train"/>.
/// </summary>
/// <remarks>
/// <para><b>Computation.</b> The overlap matrix <c>C = X Xᵀ</c> and its Cholesky factor are formed in double precision
/// (a pivot below <see cref="PseudoInverseOptions.DependenceTolerance"/> times its pattern's squared norm means the
/// pattern lies in the span of the earlier ones, and training is refused), <c>Y = C⁻¹ X</c> by two triangular solves
/// in double, and <c>W = Xᵀ Y</c> by the float matrix product on its lower triangle, mirrored so that W is exactly
/// symmetric. Cost O(P²N + P³ + N²P); memory: the patterns are kept (P × N floats) until
/// <see cref="ResetAccumulation"/>.</para>
/// <para>W is replaced, not added to; bad data, dependent patterns or a cancellation leave W and the kept patterns as
/// they were.</para>
/// </remarks>
public sealed class PseudoInverseTrainer : HopfieldTrainer
{
    /// <summary>Rows per block of the Gram matrix's dot products: 2 × 8 rows of doubles stay in L2 up to N = 8,192.</summary>
    private const int GramBlock = 8;

    /// <summary>Columns per slice of the triangular solves: P slices of 256 doubles are 2 KB each, in L2 for P up to ~400.</summary>
    private const int SolveColumns = 256;

    private readonly PseudoInverseOptions _options;
    private float[] _patterns = [];
    private int _count;
    private float[]? _w;

    /// <summary>Creates a projection-rule trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="PseudoInverseOptions.WeightParameter"/>.</exception>
    /// <exception cref="ArgumentException">That parameter is not N × N.</exception>
    public PseudoInverseTrainer(IRecurrentNetwork model, PseudoInverseOptions? options = null, RecallOptions? recall = null)
        : base(model, recall)
    {
        _options = (options ?? new PseudoInverseOptions()).Clone();
        _options.Validate();
        _ = SquareParameter(_options.WeightParameter, "the projection rule");
    }

    /// <summary>A copy of the options in force.</summary>
    public PseudoInverseOptions Options => _options.Clone();

    /// <summary>The parameter this trainer writes.</summary>
    public ParamState TrainedParameter => SquareParameter(_options.WeightParameter, "the projection rule");

    /// <summary>The number of patterns stored since the last <see cref="ResetAccumulation"/>.</summary>
    public long PatternCount => _count;

    /// <summary>Forgets the kept patterns (the next <see cref="Train"/> starts a new set); W is left as it is.</summary>
    public override void ResetAccumulation()
    {
        _patterns = [];
        _count = 0;
    }

    /// <summary>Adds the rows of <paramref name="data"/> (P × N) to the kept patterns and sets W to the projector onto all of them.</summary>
    /// <inheritdoc />
    /// <exception cref="ArgumentException">More patterns than neurons, or a pattern in the span of the others (the message names it); nothing changed.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        int n = Model.Size;
        ValidateData(data, n);
        int p = _count + data.Rows;
        if (p > n)
        {
            throw new ArgumentException(
                $"{p} patterns exceed the {n} neurons: at most N linearly independent patterns have a projector. Nothing changed.", nameof(data));
        }
        var x = new float[(long)p * n];
        _patterns.AsSpan(0, _count * n).CopyTo(x);
        data.AsSpan().CopyTo(x.AsSpan(_count * n));
        // The N × N result goes to a buffer kept for later calls (see LargeBuffers.Kept).
        var w = LargeBuffers.Kept(ref _w, (long)n * n);
        Projector(x, p, n, _options.DependenceTolerance, cancellationToken, w);
        if (_options.ZeroDiagonal)
        {
            for (int i = 0; i < n; i++) w[(long)i * n + i] = 0f;
        }
        // Reported before the commit: a progress handler that throws leaves W and the kept patterns as they were.
        if (IsReporting) Report(TrainingPhase.Training, data.Rows, data.Rows);
        lock (Model.SyncRoot) CommitIfFinite(TrainedParameter, w, "the patterns' values are too large");
        _patterns = x;
        _count = p;
    }

    /// <summary><c>Xᵀ (X Xᵀ)⁻¹ X</c> for the row-major P × N <paramref name="x"/>, exactly symmetric, into <paramref name="w"/> (N × N, overwritten).</summary>
    internal static void Projector(float[] x, int p, int n, double tolerance, CancellationToken cancellationToken, float[] w)
    {
        var rows = new double[p][];
        for (int a = 0; a < p; a++)
        {
            rows[a] = new double[n];
            TensorPrimitives.ConvertChecked<float, double>(x.AsSpan(a * n, n), rows[a]);
        }
        // C = X Xᵀ (lower triangle): each entry one full-length dot product, computed in blocks of GramBlock × GramBlock
        // rows on all cores, so the rows a block pair reads stay in L2 while they meet.
        var gram = new double[p * p];
        int gramBlocks = (p + GramBlock - 1) / GramBlock;
        CannsParallelism.For(0, gramBlocks, ab =>
        {
            int a0 = ab * GramBlock, a1 = Math.Min(p, a0 + GramBlock);
            for (int b0 = 0; b0 <= a0; b0 += GramBlock)
            {
                for (int a = a0; a < a1; a++)
                {
                    for (int b = b0; b < Math.Min(a + 1, b0 + GramBlock); b++) gram[a * p + b] = TensorPrimitives.Dot<double>(rows[a], rows[b]);
                }
            }
        }, maxDegree: (long)p * p * n < 1 << 22 ? 1 : -1);
        cancellationToken.ThrowIfCancellationRequested();
        // Cholesky of C, row by row: L_ab = (C_ab − Σ_{c<b} L_ac L_bc) / L_bb.
        var l = new double[p * p];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double sum = gram[a * p + b];
                for (int c = 0; c < b; c++) sum -= l[a * p + c] * l[b * p + c];
                if (b < a)
                {
                    l[a * p + b] = sum / l[b * p + b];
                    continue;
                }
                // sum is the squared distance of pattern a from the span of the earlier ones.
                double norm = gram[a * p + a];
                if (!(sum > tolerance * norm))
                {
                    throw new ArgumentException(
                        $"Pattern {a} lies in the span of the patterns before it (its distance² from their span is {Math.Max(sum, 0):G3} of its norm² {norm:G3}): " +
                        "the projection rule needs linearly independent patterns. Nothing changed.", "data");
                }
                l[a * p + a] = Math.Sqrt(sum);
            }
        }
        // Y = C⁻¹ X: L Z = X forward, then Lᵀ Y = Z backward, in place on the rows. Columns are independent, so the two
        // solves run on slices of SolveColumns columns (the p rows' slices stay in L2) on all cores; every element sees
        // the same operations in the same order as a solve over whole rows.
        cancellationToken.ThrowIfCancellationRequested();
        int slices = (n + SolveColumns - 1) / SolveColumns;
        CannsParallelism.For(0, slices, k =>
        {
            int j0 = k * SolveColumns, width = Math.Min(SolveColumns, n - j0);
            for (int a = 0; a < p; a++)
            {
                var target = rows[a].AsSpan(j0, width);
                for (int c = 0; c < a; c++) TensorPrimitives.MultiplyAdd(rows[c].AsSpan(j0, width), -l[a * p + c], target, target);
                TensorPrimitives.Divide(target, l[a * p + a], target);
            }
            for (int a = p - 1; a >= 0; a--)
            {
                var target = rows[a].AsSpan(j0, width);
                for (int c = a + 1; c < p; c++) TensorPrimitives.MultiplyAdd(rows[c].AsSpan(j0, width), -l[c * p + a], target, target);
                TensorPrimitives.Divide(target, l[a * p + a], target);
            }
        }, maxDegree: (long)p * p * n < 1 << 22 ? 1 : -1);
        cancellationToken.ThrowIfCancellationRequested();
        // W = Xᵀ Y: with a = Xᵀ and b = Yᵀ (both N × P), GemmNT gives a bᵀ; the lower triangle, then mirrored.
        var xt = new float[(long)n * p];
        var yt = new float[(long)n * p];
        // Transposed in bands of SolveColumns rows of Xᵀ, on all cores: a band's writes stay in L2 until it is complete.
        CannsParallelism.For(0, slices, k =>
        {
            int i0 = k * SolveColumns, i1 = Math.Min(n, i0 + SolveColumns);
            for (int a = 0; a < p; a++)
            {
                var row = rows[a];
                for (int i = i0; i < i1; i++)
                {
                    xt[(long)i * p + a] = x[(long)a * n + i];
                    yt[(long)i * p + a] = (float)row[i];
                }
            }
        }, maxDegree: (long)p * n < 1 << 18 ? 1 : -1);
        Blas.GemmNT(xt, n, yt, n, p, w, lowerOnly: true);
        Blas.MirrorLower(w, n);
    }
}
