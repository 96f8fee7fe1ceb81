using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The sufficient statistics of Hebbian storage — pattern count P, column sums S, their total, column sums of
/// squares and the raw Gram matrix G = Σ x_p x_pᵀ (lower triangle, packed) — and the update that puts their
/// contribution <c>C_ij = ±η/P · (G_ij − ρ(S_i + S_j) + Pρ²)</c>, <c>ρ = ΣS/(P N)</c>, into W.
/// </summary>
/// <remarks>
/// <para>The Gram update runs on one of two kernels. Patterns that are all exactly ±1 (and fewer than 2²⁴ in all) take
/// the exact integer path: signs packed 64 to a word, <c>G_ij = P − 2·popcount(b_i ⊕ b_j)</c>. Anything else takes the
/// float symmetric rank-k update. For ±1 patterns both give the same integers, so the same W bit for bit.</para>
/// <para>Buffers (the Gram matrix, the scratch Gram of a later call) are kept and reused by later calls, so steady-state
/// training allocates nothing large and never pays first-touch page faults twice.</para>
/// </remarks>
internal sealed class HebbianGram
{
    /// <summary>Patterns per progress report (the float Gram's blocks).</summary>
    public const int ChunkRows = Blas.SyrkBlockRows;

    /// <summary>The ±1 path is exact while every Gram value, at most P in magnitude, is an integer float32 holds.</summary>
    private const long MaxExactPatterns = 1 << 24;

    /// <summary>Output block edge of the commit pass: a 128 × 128 block of W, its mirror and the tiles stay in L2, and the per-row overhead is spread over 128 elements.</summary>
    private const int CommitBlock = 128;

    /// <summary>Row stride of the commit's tiles: 16 floats past the block, so a column's elements spread over the cache sets.</summary>
    private const int TileStride = CommitBlock + 16;

    /// <summary>Rows per block of the column moments (the float kernel's depth blocks): each block's sums are kept apart, then added in block order.</summary>
    private const int MomentRows = Blas.SyrkBlockRows;

    /// <summary>Columns per piece of a block of the column moments: 2,048 columns of sums and squares are 32 KB.</summary>
    private const int MomentColumns = 2048;

    /// <summary>Rows the column moments add at a time, each column's sums in registers.</summary>
    private const int MomentRunRows = 16;

    /// <summary>How many rows ahead the commit pass prefetches.</summary>
    private const int PrefetchRows = 6;

    private const double TwoToMinus21 = 1.0 / (1 << 21), TwoToMinus22 = 1.0 / (1 << 22), TwoToMinus24 = 1.0 / (1 << 24);
    private const double TwoToMinus48 = TwoToMinus24 * TwoToMinus24;

    private readonly int _n;
    private float[]? _gram;
    private float[]? _scratch;
    private double[] _sums = [];
    private double[] _squares = [];
    private SyrkMoments? _moments;
    private double _total;

    public HebbianGram(int neurons) => _n = neurons;

    /// <summary>Patterns accumulated since the last <see cref="Reset"/>.</summary>
    public long Count { get; private set; }

    /// <summary>Whether ±1 patterns may take the integer path; tests and benchmarks turn it off to compare.</summary>
    public bool UseIntegerPath { get; set; } = true;

    /// <summary>Which kernel the last <see cref="Add"/> used.</summary>
    public bool LastUsedIntegerPath { get; private set; }

    /// <summary>Forgets the statistics; the buffers are kept for the next call.</summary>
    public void Reset()
    {
        Count = 0;
        _sums = [];
        _squares = [];
        _total = 0;
    }

    /// <summary>
    /// Adds the rows of <paramref name="data"/> to the statistics and replaces the previous contribution in
    /// <paramref name="target"/> by the new one: <c>w ← (w − C_before) + C_after</c> on every off-diagonal element, the
    /// diagonal zeroed or updated the same way.
    /// </summary>
    /// <param name="data">The patterns, one a row.</param>
    /// <param name="target">The weights (N × N, row-major) that hold the contribution.</param>
    /// <param name="weights">What is known of max |W| (scanned here, under the lock, unless this trainer left W as it is).</param>
    /// <param name="scale">±η, the learning rate with the rule's sign.</param>
    /// <param name="center">Subtract the mean ρ.</param>
    /// <param name="normalize">Divide by the pattern count P.</param>
    /// <param name="zeroDiagonal">Keep the diagonal at zero.</param>
    /// <param name="onRows">Progress: the rows whose share of the Gram update is done.</param>
    /// <param name="writeLock">Held while <paramref name="target"/> is written (the model's <c>SyncRoot</c>), not while the Gram is computed.</param>
    /// <param name="cancellationToken">Checked between blocks of the Gram update.</param>
    /// <exception cref="ArgumentException">A value of <paramref name="data"/> is NaN or infinite (the message of
    /// <c>Trainer.ValidateData</c>), or the Gram sums could overflow float32, or W already holds NaN or ∞, or an entry of
    /// W would overflow float32; nothing changed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing changed.</exception>
    public void Add(Matrix data, ParamState target, WeightBound weights, double scale, bool center, bool normalize, bool zeroDiagonal,
        Action<long>? onRows, object writeLock, CancellationToken cancellationToken)
    {
        float[] w = target.Buffer;
        int n = _n;
        bool first = Count == 0;
        double[]? oldSums = first ? null : _sums, oldSquares = first ? null : _squares;
        long length = PackedLower.Length(n);
        _gram ??= LargeBuffers.Uninitialized<float>(checked((int)length));
        float[] batch = first ? _gram : _scratch ??= LargeBuffers.Uninitialized<float>(checked((int)length));
        // ±1 patterns: the check and the column sums in one pass (the moments are then exact integers: the sums of
        // squares are the row count).
        double[]? bipolarSums = UseIntegerPath && Count + data.Rows < MaxExactPatterns ? BipolarSums(data, oldSums) : null;
        bool integer = bipolarSums is not null;
        double[] sums, squares;
        if (integer || data.Rows == 0 || cancellationToken.IsCancellationRequested)
        {
            (sums, squares) = integer ? (bipolarSums!, BipolarSquares(data.Rows, oldSquares)) : Moments(data, oldSums, oldSquares);
            CheckMoments(data, sums, squares, scale, center, normalize, Count + data.Rows);
            cancellationToken.ThrowIfCancellationRequested();
            if (integer) IntegerGram(data, batch, onRows, cancellationToken);
        }
        else
        {
            // The float kernel gathers the moments as it packs the patterns, in the same order, and hands them over
            // before it multiplies: bad data is refused there, before any work on the Gram or any progress report.
            var moments = _moments ??= new SyrkMoments();
            double[]? gathered = null, gatheredSquares = null;
            moments.Packed = () =>
            {
                (gathered, gatheredSquares) = Totals(moments, oldSums, oldSquares);
                CheckMoments(data, gathered, gatheredSquares, scale, center, normalize, Count + data.Rows);
            };
            try
            {
                FloatGram(data, batch, moments, onRows, cancellationToken);
            }
            finally
            {
                moments.Packed = null;
            }
            sums = gathered!;
            squares = gatheredSquares!;
        }
        LastUsedIntegerPath = integer;
        double total = first ? 0 : _total;
        for (int j = 0; j < n; j++) total += sums[j] - (first ? 0 : _sums[j]);

        var before = new Stats(first ? null : _sums, first ? 0 : _total, Count, n, scale, center, normalize);
        var after = new Stats(sums, total, Count + data.Rows, n, scale, center, normalize);
        double change = (first ? 0 : MaxContribution(_sums, _squares, _total, Count, scale, center, normalize))
            + MaxContribution(sums, squares, total, after.Count, scale, center, normalize);
        lock (writeLock)
        {
            // W is looked at here, under the lock and just before it is written: nothing has changed yet, and a write by
            // another holder of the lock during the Gram update is seen.
            double largest = weights.Of(target);
            double bound = NewBound(target, batch, first, before, after, zeroDiagonal, largest, change);
            Commit(w, batch, first, before, after, zeroDiagonal);
            target.MarkChanged();
            weights.Keep(target, bound);
        }
        _sums = sums;
        _squares = squares;
        _total = total;
        Count = after.Count;
    }

    /// <summary>
    /// Refuses data whose moments show a NaN or infinite value (the sums of finite floats, in double, are finite exactly
    /// when every value is: the data's finite check for free), Gram sums that could overflow float32, or contributions
    /// to W (the Gram times the learning rate) that could.
    /// </summary>
    private static void CheckMoments(Matrix data, double[] sums, double[] squares, double scale, bool center, bool normalize, long patterns)
    {
        if (!AllFinite(sums) || !AllFinite(squares)) Guard.ThrowIfNotFinite(data, nameof(data));
        double bound = 0;
        foreach (double q in squares) bound = Math.Max(bound, q);
        // Cauchy–Schwarz: |G_ij| and every partial sum of it are at most max_i Σ_p x_pi².
        if (!(bound <= float.MaxValue / 2.0))
        {
            throw new ArgumentException("The patterns' outer products overflow float32: scale the patterns down.", nameof(data));
        }
        if (patterns == 0) return;
        // Cauchy–Schwarz again, on the centred values x − ρ when the mean is subtracted: every contribution before the
        // factor is at most the largest column's (centred) sum of squares.
        double rho = 0;
        if (center)
        {
            double total = 0;
            foreach (double v in sums) total += v;
            rho = total / ((double)patterns * sums.Length);
        }
        double largest = 0;
        for (int i = 0; i < squares.Length; i++) largest = Math.Max(largest, center ? squares[i] - 2 * rho * sums[i] + patterns * rho * rho : squares[i]);
        double contribution = largest * Math.Abs(scale) / (normalize ? patterns : 1);
        if (!(contribution <= float.MaxValue / 2.0))
        {
            throw new ArgumentException(
                $"The learning rate ({Math.Abs(scale)}) times the patterns' outer products (up to {largest:G4}) overflows float32: lower the learning rate or scale the patterns down.",
                nameof(data));
        }
    }

    /// <summary>
    /// An upper bound on |C_ij| as the commit computes it, over all i, j. Cauchy–Schwarz on the centred values gives
    /// <c>|Σ_p (x_pi − ρ)(x_pj − ρ)| ≤ max_i Q_i</c>, <c>Q_i = Σ_p (x_pi − ρ)²</c>. Added to it: the float Gram's
    /// rounding, at most <c>((1 + 2⁻²⁴)^P − 1) Σ_p |x_pi x_pj| ≤ ((1 + 2⁻²⁴)^P − 1) max_i Σ_p x_pi²</c> (each of its
    /// P terms passes through at most P roundings, in any summation order), and the double arithmetic's (sums,
    /// centring: far below <c>(P + 16)·2⁻⁴⁸</c> of the terms' magnitudes); then the factor |η|/P and the rounding to float.
    /// </summary>
    private static double MaxContribution(double[]? sums, double[]? squares, double total, long count, double scale, bool center, bool normalize)
    {
        if (count == 0 || sums is null || squares is null) return 0;
        double rho = center ? total / ((double)count * sums.Length) : 0;
        double largest = 0, squareMax = 0, sumMax = 0;
        for (int i = 0; i < sums.Length; i++)
        {
            largest = Math.Max(largest, center ? squares[i] - 2 * rho * sums[i] + count * rho * rho : squares[i]);
            squareMax = Math.Max(squareMax, squares[i]);
            sumMax = Math.Max(sumMax, Math.Abs(sums[i]));
        }
        double magnitude = squareMax + 2 * Math.Abs(rho) * sumMax + count * rho * rho;
        double drift = double.ExpM1(count * TwoToMinus24) + (count + 16) * TwoToMinus48;
        return (largest + drift * magnitude) * Math.Abs(scale) / (normalize ? count : 1) * (1 + TwoToMinus22);
    }

    /// <summary>
    /// A proven bound on max |W| after the commit, or a refusal when the commit would write ±∞. The commit computes
    /// <c>(w − old) + next</c> (or <c>w + next</c>): with |w| ≤ <paramref name="largest"/> and |old| + |next| ≤
    /// <paramref name="change"/>, each exact intermediate is at most <c>(1 + 2⁻²⁴)(largest + change)</c>, so when
    /// <c>(1 + 2⁻²¹)(largest + change)</c> is within float32 nothing can overflow and that is the new bound, with no pass
    /// over W. Otherwise (W's entries already near float32's limit) one exact dry run of the commit decides: it refuses
    /// only an update that really overflows, and its exact max |W| is the new bound.
    /// </summary>
    /// <exception cref="ArgumentException">The commit would make an entry of W infinite; nothing changed.</exception>
    private double NewBound(ParamState target, float[] batch, bool first, Stats before, Stats after, bool zeroDiagonal, double largest, double change)
    {
        double bound = (largest + change) * (1 + TwoToMinus21);
        if (bound <= float.MaxValue) return bound;
        int n = _n;
        float[] w = target.Buffer, gram = _gram!;
        const int rowsPerItem = 64;
        int items = (n + rowsPerItem - 1) / rowsPerItem;
        var firstBad = new long[items];
        var maxima = new double[items];
        HotTeam.For(items, item =>
        {
            float[] buffer = ArrayPool<float>.Shared.Rent(3 * n);
            try
            {
                var sum = buffer.AsSpan(0, n);
                var old = buffer.AsSpan(n, n);
                var next = buffer.AsSpan(2 * n, n);
                long bad = long.MaxValue;
                double max = 0;
                for (int i = item * rowsPerItem; i < Math.Min(n, (item + 1) * rowsPerItem); i++)
                {
                    int length = i + 1;
                    long row = PackedLower.RowStart(i);
                    var gNew = batch.AsSpan((int)row, length);
                    ReadOnlySpan<float> g = gNew;
                    if (!first)
                    {
                        var gOld = gram.AsSpan((int)row, length);
                        before.Contributions(gOld, i, 0, old[..length]);
                        TensorPrimitives.Add(gOld, gNew, sum[..length]);
                        g = sum[..length];
                    }
                    after.Contributions(g, i, 0, next[..length]);
                    for (int j = 0; j <= i; j++)
                    {
                        float o = first ? 0f : old[j], x = next[j];
                        long ij = (long)i * n + j, ji = (long)j * n + i;
                        float a = j == i && zeroDiagonal ? 0f : Updated(w[ij], o, x, first);
                        float b = j == i ? a : Updated(w[ji], o, x, first);
                        if (!float.IsFinite(a)) bad = Math.Min(bad, ij);
                        if (!float.IsFinite(b)) bad = Math.Min(bad, ji);
                        max = Math.Max(max, Math.Max(Math.Abs(a), Math.Abs(b)));
                    }
                }
                firstBad[item] = bad;
                maxima[item] = max;
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        });
        long k = firstBad.Min();
        if (k != long.MaxValue)
        {
            int i = (int)(k / n), j = (int)(k % n);
            throw new ArgumentException(
                $"Training would take {target.Name}[{i}, {j}] from {w[k]} beyond float32: {target.Name}'s entries (up to {largest:G4} in magnitude) "
                + $"plus this call's change (up to {change:G4}) overflow. Lower the learning rate or scale {target.Name} or the patterns down. Nothing changed.",
                "data");
        }
        return maxima.Max();

        // The commit's own operations, in its order: (w − old) + next, or w + next on a first call.
        static float Updated(float w, float old, float next, bool first) => first ? w + next : (w - old) + next;
    }

    private void FloatGram(Matrix data, float[] batch, SyrkMoments moments, Action<long>? onRows, CancellationToken cancellationToken)
    {
        // One call over all the patterns, so c is read and written once (every block is packed first, then each work unit
        // runs over all of them); after each ChunkRows' worth of the work the progress report, then the cancellation
        // check. A cancellation leaves the batch Gram part-way, but W is only written by the commit below.
        int rows = data.Rows;
        Blas.SyrkLower(data.Data, 0, rows, _n, batch, accumulate: false, done =>
        {
            onRows?.Invoke(done);
            if (done < rows) cancellationToken.ThrowIfCancellationRequested();
        }, moments);
    }

    private void IntegerGram(Matrix data, float[] batch, Action<long>? onRows, CancellationToken cancellationToken) =>
        BipolarGram.Compute(data, _n, batch, ChunkRows, onRows, cancellationToken);

    private static bool AllFinite(double[] values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) return false;
        }
        return true;
    }

    /// <summary>
    /// The column sums continuing from <paramref name="oldSums"/> when every value of <paramref name="data"/> is ±1, else
    /// null: exact integers, so equal to what <see cref="Moments"/> gives in any order.
    /// </summary>
    private double[]? BipolarSums(Matrix data, double[]? oldSums)
    {
        var sums = oldSums is null ? new double[_n] : (double[])oldSums.Clone();
        return Blas.BipolarColumnSums(data.Data, data.Rows, _n, sums) ? sums : null;
    }

    /// <summary>The sums of squares of ±1 columns: each of the <paramref name="rows"/> values adds exactly 1.</summary>
    private double[] BipolarSquares(int rows, double[]? oldSquares)
    {
        var squares = new double[_n];
        for (int j = 0; j < _n; j++) squares[j] = (oldSquares is null ? 0 : oldSquares[j]) + rows;
        return squares;
    }

    /// <summary>
    /// Column sums and sums of squares in double, continuing from the previous ones, in the order the float kernel
    /// gathers them while packing (<see cref="SyrkMoments"/>): blocks of <see cref="MomentRows"/> rows, each summed from
    /// 0 in row order (in pieces of <see cref="MomentColumns"/> columns dealt to the cores, so rows are read in long
    /// runs), added to the running sums in block order. A fixed order whatever the thread count.
    /// </summary>
    internal (double[] Sums, double[] Squares) Moments(Matrix data, double[]? oldSums, double[]? oldSquares)
    {
        int n = _n, rows = data.Rows;
        int rowBlocks = (rows + MomentRows - 1) / MomentRows, columnBlocks = (n + MomentColumns - 1) / MomentColumns;
        // The blocks' sums go where the float kernel puts the ones it gathers, and are added the same way.
        var moments = _moments ??= new SyrkMoments();
        moments.Prepare(rowBlocks, n);
        HotTeam.For(rowBlocks * columnBlocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int item) =>
        {
            int block = item / columnBlocks, r0 = block * MomentRows, j0 = item % columnBlocks * MomentColumns;
            int r1 = Math.Min(rows, r0 + MomentRows), width = Math.Min(n - j0, MomentColumns);
            var s = moments.Sums(block).Slice(j0, width);
            var q = moments.Squares(block).Slice(j0, width);
            s.Clear();
            q.Clear();
            SumRows(data, r0, r1, j0, s, q);
        });
        return Totals(moments, oldSums, oldSquares);
    }

    /// <summary>The running sums and sums of squares after the blocks of <paramref name="moments"/>, added in block order to copies of the old ones (or to 0).</summary>
    private (double[] Sums, double[] Squares) Totals(SyrkMoments moments, double[]? oldSums, double[]? oldSquares)
    {
        var sums = oldSums is null ? new double[_n] : (double[])oldSums.Clone();
        var squares = oldSquares is null ? new double[_n] : (double[])oldSquares.Clone();
        moments.AddTo(sums, squares);
        return (sums, squares);
    }

    /// <summary>
    /// Adds rows r0 … r1 − 1 of the columns j0 … j0 + s.Length − 1, in row order, to s (values) and q (squares): the
    /// packing's own accumulation, 16 rows at a time (their piece of each row stays in L2 across the columns).
    /// </summary>
    private static void SumRows(Matrix data, int r0, int r1, int j0, Span<double> s, Span<double> q)
    {
        int n = data.Columns;
        for (int r = r0; r < r1; r += MomentRunRows)
        {
            Blas.AccumulateMoments(ref data.Data[(long)r * n + j0], n, Math.Min(MomentRunRows, r1 - r), s.Length, s, q);
        }
    }

    /// <summary>
    /// One pass over the lower triangle in 128 × 128 blocks, writing each element and its mirror: G updated (later
    /// calls), the old contribution taken out and the new one put in: <c>w ← (w − old) + next</c>. On a first call
    /// old is +0, and <c>w − (+0)</c> is w for every float (−0 and NaN included), so the subtraction is skipped.
    /// </summary>
    private void Commit(float[] w, float[] batch, bool first, Stats before, Stats after, bool zeroDiagonal)
    {
        int n = _n;
        float[] gram = _gram!;
        int blocks = (n + CommitBlock - 1) / CommitBlock;
        // Whole off-diagonal blocks mirror through 16 × 16 in-register transposes, so W's rows are updated a vector at a time.
        bool transpose = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
        HotTeam.For(blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int t) =>
        {
            const int stride = TileStride;
            // The tiles (old and new contributions, and their transposes) are rented: 4 × 72 KB is too much for a stack.
            const int tileSize = CommitBlock * stride;
            float[] buffer = ArrayPool<float>.Shared.Rent(4 * tileSize);
            try
            {
                Span<float> old = first ? [] : buffer.AsSpan(0, tileSize);
                Span<float> next = buffer.AsSpan(tileSize, tileSize);
                Span<float> oldT = first || !transpose ? [] : buffer.AsSpan(2 * tileSize, tileSize);
                Span<float> nextT = transpose ? buffer.AsSpan(3 * tileSize, tileSize) : [];
                int bi = blocks - 1 - t;
                int i0 = bi * CommitBlock, i1 = Math.Min(n, i0 + CommitBlock);
                for (int bj = 0; bj <= bi; bj++)
                {
                    int j0 = bj * CommitBlock, j1 = Math.Min(n, j0 + CommitBlock);
                    for (int i = i0; i < i1; i++)
                    {
                        int end = Math.Min(i + 1, j1);
                        if (end <= j0) continue;
                        if (i + PrefetchRows < i1) PrefetchSegment(w, (long)(i + PrefetchRows) * n + j0, CommitBlock);
                        long row = PackedLower.RowStart(i);
                        var gNew = batch.AsSpan((int)(row + j0), end - j0);
                        var wRow = w.AsSpan((int)((long)i * n + j0), end - j0);
                        var nextRow = next.Slice((i - i0) * stride, end - j0);
                        // Row i, left of the diagonal, then the diagonal.
                        int count = Math.Min(end, i) - j0;
                        long d = (long)i * n + i;
                        if (first)
                        {
                            after.Contributions(gNew, i, j0, nextRow);
                            AddTo(wRow[..count], nextRow[..count]);
                            if (end == i + 1) w[d] = zeroDiagonal ? 0f : w[d] + nextRow[i - j0];
                            continue;
                        }
                        // The Gram sum is rounded to float before use, so the next call subtracts exactly what this one adds.
                        var oldRow = old.Slice((i - i0) * stride, end - j0);
                        var gOld = gram.AsSpan((int)(row + j0), end - j0);
                        before.Contributions(gOld, i, j0, oldRow);
                        TensorPrimitives.Add(gOld, gNew, gOld);
                        after.Contributions(gOld, i, j0, nextRow);
                        Update(wRow[..count], oldRow[..count], nextRow[..count]);
                        if (end == i + 1) w[d] = zeroDiagonal ? 0f : (w[d] - oldRow[i - j0]) + nextRow[i - j0];
                    }
                    // The mirror, row by row so W is written contiguously: w[j, i] for i in the block with i > j.
                    if (transpose && bj < bi && i1 - i0 == CommitBlock)
                    {
                        Transpose(next, nextT);
                        if (!first) Transpose(old, oldT);
                        for (int j = j0; j < j1; j++)
                        {
                            if (j + PrefetchRows < n) PrefetchSegment(w, (long)(j + PrefetchRows) * n + i0, CommitBlock);
                            var target = w.AsSpan((int)((long)j * n + i0), CommitBlock);
                            var x = nextT.Slice((j - j0) * stride, CommitBlock);
                            if (first) AddTo(target, x);
                            else Update(target, oldT.Slice((j - j0) * stride, CommitBlock), x);
                        }
                        continue;
                    }
                    for (int j = j0; j < j1; j++)
                    {
                        if (j + PrefetchRows < n) PrefetchSegment(w, (long)(j + PrefetchRows) * n + i0, i1 - i0);
                        int from = Math.Max(i0, j + 1);
                        if (from >= i1) continue;
                        ref float target = ref w[(long)j * n + from];
                        ref float x = ref next[(from - i0) * stride + (j - j0)];
                        if (first)
                        {
                            for (int q = 0; q < i1 - from; q++) Unsafe.Add(ref target, q) += Unsafe.Add(ref x, q * stride);
                            continue;
                        }
                        ref float o = ref old[(from - i0) * stride + (j - j0)];
                        for (int q = 0; q < i1 - from; q++)
                        {
                            ref float v = ref Unsafe.Add(ref target, q);
                            v = (v - Unsafe.Add(ref o, q * stride)) + Unsafe.Add(ref x, q * stride);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        });
    }

    /// <summary>The transpose of a whole tile (row stride <see cref="TileStride"/>), 16 × 16 blocks at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(Span<float> tile, Span<float> transposed)
    {
        ref float source = ref MemoryMarshal.GetReference(tile);
        ref float target = ref MemoryMarshal.GetReference(transposed);
        for (int r = 0; r < CommitBlock; r += 16)
        {
            for (int q = 0; q < CommitBlock; q += 16)
            {
                Blas.Transpose16(ref Unsafe.Add(ref source, r * TileStride + q), TileStride, ref Unsafe.Add(ref target, q * TileStride + r), TileStride);
            }
        }
    }

    /// <summary><c>w[t] += x[t]</c>, one rounding per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTo(Span<float> w, ReadOnlySpan<float> x)
    {
        int t = 0;
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float px = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; t <= w.Length - 16; t += 16)
            {
                (Vector512.LoadUnsafe(ref pw, (nuint)t) + Vector512.LoadUnsafe(ref px, (nuint)t)).StoreUnsafe(ref pw, (nuint)t);
            }
        }
        for (; t < w.Length; t++) Unsafe.Add(ref pw, t) += Unsafe.Add(ref px, t);
    }

    /// <summary><c>w[t] = (w[t] − old[t]) + x[t]</c>, in that order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Update(Span<float> w, ReadOnlySpan<float> old, ReadOnlySpan<float> x)
    {
        int t = 0;
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float po = ref MemoryMarshal.GetReference(old);
        ref float px = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; t <= w.Length - 16; t += 16)
            {
                ((Vector512.LoadUnsafe(ref pw, (nuint)t) - Vector512.LoadUnsafe(ref po, (nuint)t)) + Vector512.LoadUnsafe(ref px, (nuint)t)).StoreUnsafe(ref pw, (nuint)t);
            }
        }
        for (; t < w.Length; t++) Unsafe.Add(ref pw, t) = (Unsafe.Add(ref pw, t) - Unsafe.Add(ref po, t)) + Unsafe.Add(ref px, t);
    }

    /// <summary>
    /// Asks for the cache lines of a segment of W (one block wide) a few rows ahead: W's rows are 4·N bytes apart, a stride the
    /// hardware prefetcher does not follow, and without this the pass waits on memory for every segment.
    /// </summary>
    private static unsafe void PrefetchSegment(float[] w, long start, int length)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        ref float first = ref w[start];
        for (int q = 0; q < length; q += 16) System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, q)));
    }

    /// <summary>The statistics at one point, with the constants of <c>C_ij</c> worked out once.</summary>
    private readonly struct Stats
    {
        private readonly double[]? _sums;
        private readonly double _rho, _offset, _scale;
        private readonly bool _center;

        public Stats(double[]? sums, double total, long count, int n, double sign, bool center, bool normalize)
        {
            _sums = sums;
            Count = count;
            _rho = count == 0 ? 0 : total / ((double)count * n);
            _offset = count * _rho * _rho;
            // ±η/P as one factor: a multiply per element instead of a divide (the pass is otherwise memory-bound).
            _scale = normalize && count > 0 ? sign / count : sign;
            _center = center;
        }

        public long Count { get; }

        public float Contribution(double g, int i, int j)
        {
            double c = _center ? g - _rho * (_sums![i] + _sums[j]) + _offset : g;
            return (float)(c * _scale);
        }

        /// <summary>
        /// <c>destination[t] = Contribution(g[t], i, j0 + t)</c>, 16 at a time in double: the same operations in the
        /// same order as the scalar formula, so the same floats.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Contributions(ReadOnlySpan<float> g, int i, int j0, Span<float> destination)
        {
            int t = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var rho = Vector512.Create(_rho);
                var offset = Vector512.Create(_offset);
                var si = Vector512.Create(_center ? _sums![i] : 0);
                var scale = Vector512.Create(_scale);
                for (; t <= g.Length - 16; t += 16)
                {
                    var (lo, hi) = Vector512.Widen(Vector512.Create(g.Slice(t, 16)));
                    if (_center)
                    {
                        lo = lo - rho * (si + Vector512.Create(_sums.AsSpan(j0 + t, 8))) + offset;
                        hi = hi - rho * (si + Vector512.Create(_sums.AsSpan(j0 + t + 8, 8))) + offset;
                    }
                    Vector512.Narrow(lo * scale, hi * scale).CopyTo(destination.Slice(t, 16));
                }
            }
            for (; t < g.Length; t++) destination[t] = Contribution(g[t], i, j0 + t);
        }
    }
}
