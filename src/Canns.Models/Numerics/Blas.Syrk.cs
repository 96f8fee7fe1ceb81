using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>
    /// Rows of the output tile (broadcast operands): a tile's 512 packed patterns (padded to 32 floats each) are 64 KB,
    /// read from L1 and L2 by 28 one-float broadcasts a pattern.
    /// </summary>
    private const int SyrkTileRows = 28;

    /// <summary>
    /// Floats per pattern of a packed broadcast tile: its 28 values padded to 32, so each pattern's row is two aligned
    /// cache lines, written whole (streamed past the caches) by the packing and read as whole lines by the kernel.
    /// </summary>
    private const int SyrkTileStride = 32;

    /// <summary>
    /// Vectors across the output tile: 28 × 1 vector is 28 accumulators (with the panel vector, 29 of the 32
    /// registers), and the panel streamed from L2 is 64 bytes a pattern at 512 bits.
    /// </summary>
    private const int SyrkVectors = 1;

    /// <summary>Patterns per packed block: a 16-wide panel of 512 patterns is 32 KB.</summary>
    private const int SyrkDepth = 512;

    /// <summary>Patterns per block of <see cref="SyrkLower"/>: its callback reports progress in these steps.</summary>
    public const int SyrkBlockRows = SyrkDepth;

    /// <summary>
    /// Panels a work unit keeps in L2 (14 × 32 KB) while each 28-row operand meets all of them. A block's columns
    /// (14 × 16, or 14 × 8 at 256 bits) are whole row tiles, so each block's rows start on a tile.
    /// </summary>
    private const int SyrkBlockPanels = 14;

    /// <summary>Row tiles of 28 per work unit (336 rows): small enough for the two cores to balance over the triangle.</summary>
    private const int SyrkUnitTiles = 12;


    /// <summary>
    /// Whether the 256-bit kernels have only AVX2's 16 vector registers: then a 28-row tile runs as two 14-row ones, one
    /// after the other. With AVX-512 (32 registers, at 256 bits too through AVX-512VL: Skylake-X and Cascade Lake run
    /// .NET's 256-bit vectors by default) it is one tile of 28 accumulators. Tests set it to take the other path.
    /// </summary>
    internal static bool SyrkSixteenRegisters { get; set; } = !Avx512F.VL.IsSupported;

    /// <summary>Patterns per run of the packing: each panel (and tile) gets 16 rows at a time, so its writes go out in runs.</summary>
    private const int SyrkPackRows = 16;

    /// <summary>
    /// Columns per packing piece: a depth block packs in pieces of 512 columns (whole panels at both widths), dealt to
    /// the cores like the work units; each piece goes through its block's rows in order, so its column moments are the
    /// sums in row order.
    /// </summary>
    private const int SyrkPackColumns = 512;

    /// <summary>Patterns per group of prefetches in the kernel: the next tile's 56 lines of c go out over the 32 groups of 512 patterns.</summary>
    private const int SyrkPrefetchSteps = 16;

    /// <summary>
    /// Floats of packed operands (both layouts) up to which a call of more than one block packs all its blocks at once
    /// (<see cref="SyrkAllBlocks{TS, TV}"/>): 128 M, 512 MB. Past it, the blocks are packed and multiplied in turn.
    /// Tests lower it to take the other order.
    /// </summary>
    internal static long SyrkAllBlocksLimit { get; set; } = 128L << 20;

    /// <summary>The packed operands of the last call (panels and broadcast rows, two sets; the first holds all the blocks in the depth-inner order), kept for the next; see <see cref="TakeSyrkBuffer"/>.</summary>
    private static readonly float[]?[] SyrkBuffers = new float[]?[4];

    /// <summary>
    /// The symmetric rank-k update of a Gram matrix: <c>c[i,j] (+)= Σ_p x[p,i]·x[p,j]</c> for <c>0 ≤ j ≤ i &lt; n</c>,
    /// where x is the row-major (rows × n) block starting at row <paramref name="firstRow"/> of <paramref name="x"/>
    /// and c is stored as <see cref="PackedLower"/>. Without <paramref name="accumulate"/> c is overwritten.
    /// <paramref name="onBlock"/> reports progress on the calling thread: once for each block of
    /// <see cref="SyrkBlockRows"/> patterns (and the last, shorter one), in order, with the number of patterns whose
    /// share of the work is done, the last time with <paramref name="rows"/> once c is complete. Before that c holds
    /// partial sums (not the sums over a prefix of the patterns), and an exception the callback throws (a cancellation,
    /// say) stops the update there, leaving c part-way.
    /// </summary>
    /// <remarks>
    /// Each element is the chain of fused multiply-adds over p in ascending order, starting from the old value (or 0):
    /// exactly what the scalar loop <c>c = fma(x[p,i], x[p,j], c)</c> gives, for every vector width, blocking and
    /// thread count. So calls on consecutive blocks of patterns give the same c as one call on all of them.
    /// The kernel packs 512 patterns at a time into one-vector-wide panels and runs a 28-row × 1-vector register tile over
    /// one triangle (the broadcast rows packed 28 wide, padded to two cache lines), in parallel over blocks of panels and runs of row
    /// tiles, dealt one at a time by the <see cref="HotTeam"/> (at most <see cref="CannsParallelism.MaxDegree"/> threads).
    /// A call over more than one block packs them all first (up to 512 MB of packed operands, kept for the next call)
    /// and runs each work unit over all of them, so the unit's part of c stays in L2 and c is read and written once;
    /// past that size, the next block is packed while one is multiplied and c is updated block by block. Either way one
    /// call on many patterns is faster than one call a block.
    /// </remarks>
    public static void SyrkLower(float[] x, int firstRow, int rows, int n, float[] c, bool accumulate, Action<int>? onBlock = null,
        SyrkMoments? moments = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(c);
        if ((long)(firstRow + rows) * n > x.Length) throw new ArgumentException($"x length ({x.Length}) < rows ({firstRow + rows}) × n ({n}).");
        if (PackedLower.Length(n) > c.Length) throw new ArgumentException($"c length ({c.Length}) < n(n+1)/2 ({PackedLower.Length(n)}).");
        if (n == 0) return;
        if (rows == 0)
        {
            if (!accumulate) c.AsSpan(0, (int)PackedLower.Length(n)).Clear();
            return;
        }
        moments?.Prepare((rows + SyrkBlockRows - 1) / SyrkBlockRows, n);
        switch (Level)
        {
            case SimdLevel.Vector512:
                Syrk<Simd512, Vector512<float>>(x, firstRow, rows, n, c, accumulate, onBlock, moments);
                break;
            case SimdLevel.Vector256:
                Syrk<Simd256, Vector256<float>>(x, firstRow, rows, n, c, accumulate, onBlock, moments);
                break;
            default:
                if (moments is not null)
                {
                    for (int block = 0; block < moments.Blocks; block++)
                    {
                        int start = firstRow + block * SyrkBlockRows, count = Math.Min(SyrkBlockRows, rows - block * SyrkBlockRows);
                        var sums = moments.Sums(block);
                        var squares = moments.Squares(block);
                        sums.Clear();
                        squares.Clear();
                        AccumulateMoments(ref x[(long)start * n], n, count, n, sums, squares);
                    }
                    moments.Packed?.Invoke();
                }
                for (int p0 = 0; p0 < rows; p0 += SyrkBlockRows)
                {
                    int start = firstRow + p0, count = Math.Min(SyrkBlockRows, rows - p0);
                    bool add = accumulate || p0 > 0;
                    CannsParallelism.For(0, n, i => SyrkScalarRow(x, start, count, n, c, add, i));
                    onBlock?.Invoke(p0 + count);
                }
                break;
        }
    }

    /// <summary>The scalar reference: row i of the triangle, one fused multiply-add chain per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkScalarRow(float[] x, int firstRow, int rows, int n, float[] c, bool accumulate, int i)
    {
        long start = PackedLower.RowStart(i);
        for (int j = 0; j <= i; j++)
        {
            float sum = accumulate ? c[start + j] : 0f;
            for (int p = firstRow; p < firstRow + rows; p++)
            {
                long row = (long)p * n;
                sum = MathF.FusedMultiplyAdd(x[row + i], x[row + j], sum);
            }
            c[start + j] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Syrk<TS, TV>(float[] x, int firstRow, int rows, int n, float[] c, bool accumulate, Action<int>? onBlock, SyrkMoments? moments)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int nr = SyrkVectors * TS.Width;
        int panels = (n + nr - 1) / nr;
        int depth = Math.Min(SyrkDepth, rows);
        int blocks = (rows + depth - 1) / depth;
        int tiles = (n + SyrkTileRows - 1) / SyrkTileRows;
        int units = SyrkUnits(n, nr, panels);
        long packedLength = (long)panels * nr * rows, packedALength = (long)tiles * SyrkTileStride * rows;
        if (blocks > 1 && packedLength + packedALength <= SyrkAllBlocksLimit)
        {
            SyrkAllBlocks<TS, TV>(x, firstRow, rows, n, c, accumulate, onBlock, moments, nr, panels, depth, units, (int)packedLength, (int)packedALength);
            return;
        }
        // Two sets of packed operands when there is more than one block: block b + 1 is packed into one while block b
        // is multiplied out of the other.
        int sets = blocks > 1 ? 2 : 1;
        bool streaming = (long)sets * (panels * nr + tiles * SyrkTileStride) * depth >= SyrkStreamingFloats;
        var packed = new float[sets][];
        var packedA = new float[sets][];
        for (int set = 0; set < sets; set++)
        {
            packed[set] = TakeSyrkBuffer(2 * set, panels * nr * depth);
            packedA[set] = TakeSyrkBuffer(2 * set + 1, tiles * SyrkTileStride * depth);
        }
        try
        {
            int firstKc = Math.Min(depth, rows), pieces = SyrkPackPieces(n);
            HotTeam.For(pieces, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int g) =>
                PackPiece(x, firstRow, firstKc, n, nr, panels, g, packed[0], packedA[0], streaming, moments, 0));
            if (blocks == 1) moments?.Packed?.Invoke();
            int[]? order = null;
            for (int block = 0; block < blocks; block++)
            {
                int p0 = block * depth;
                int kc = Math.Min(depth, rows - p0);
                bool add = accumulate || block > 0;
                float[] panelsNow = packed[block % sets], tilesNow = packedA[block % sets];
                if (block + 1 == blocks)
                {
                    HotTeam.For(units, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int u) => SyrkUnit<TS, TV>(tilesNow, panelsNow, kc, n, nr, panels, u, c, add));
                }
                else
                {
                    // The next block's packing chunks, spread among this block's work units: while one core copies
                    // (bound by memory) the other multiplies (bound by the FMA units), and one join per block is left.
                    int nextStart = firstRow + p0 + depth, nextKc = Math.Min(depth, rows - p0 - depth);
                    float[] panelsNext = packed[(block + 1) % sets], tilesNext = packedA[(block + 1) % sets];
                    int nextBlock = block + 1;
                    if (order is null || order.Length != units + pieces) order = SyrkInterleave(units, pieces);
                    int[] dealt = order;
                    HotTeam.For(dealt.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int k) =>
                    {
                        int item = dealt[k];
                        if (item >= 0) SyrkUnit<TS, TV>(tilesNow, panelsNow, kc, n, nr, panels, item, c, add);
                        else PackPiece(x, nextStart, nextKc, n, nr, panels, ~item, panelsNext, tilesNext, streaming, moments, nextBlock);
                    });
                    if (nextBlock + 1 == blocks) moments?.Packed?.Invoke();
                }
                onBlock?.Invoke(p0 + kc);
            }
        }
        finally
        {
            for (int set = 0; set < sets; set++)
            {
                Volatile.Write(ref SyrkBuffers[2 * set + 1], packedA[set]);
                Volatile.Write(ref SyrkBuffers[2 * set], packed[set]);
            }
        }
    }

    /// <summary>
    /// The depth-inner order: every depth block is packed first (both layouts, one after the other in the first buffer
    /// set), then each work unit runs over all of them, so c is read and written once per call instead of once per
    /// block. Progress is reported by the calling thread after its units, as whole blocks' worth of the work done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkAllBlocks<TS, TV>(float[] x, int firstRow, int rows, int n, float[] c, bool accumulate, Action<int>? onBlock,
        SyrkMoments? moments, int nr, int panels, int depth, int units, int packedLength, int packedALength)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int blocks = (rows + depth - 1) / depth;
        int tiles = (n + SyrkTileRows - 1) / SyrkTileRows;
        float[] packed = TakeSyrkBuffer(0, packedLength), packedA = TakeSyrkBuffer(1, packedALength);
        bool streaming = (long)packedLength + packedALength >= SyrkStreamingFloats;
        try
        {
            // The packing pieces of all the blocks, dealt in one loop: piece g of block b is number b·pieces + g.
            int pieces = SyrkPackPieces(n);
            HotTeam.For(blocks * pieces, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int k) =>
            {
                int block = k / pieces, p0 = block * depth, kc = Math.Min(depth, rows - p0);
                PackPiece(x, firstRow + p0, kc, n, nr, panels, k % pieces, packed, packedA, streaming, moments, block,
                    (nint)p0 * panels * nr, (nint)p0 * tiles * SyrkTileStride);
            });
            moments?.Packed?.Invoke();
            if (onBlock is null)
            {
                HotTeam.For(units, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int u) => SyrkUnit<TS, TV>(packedA, packed, rows, depth, n, nr, panels, u, c, accumulate));
                return;
            }
            // The caller reports (after each of its units) every block whose share of the units is done; once a report
            // throws, the units not started yet are skipped, and the exception comes back from the loop.
            int caller = Environment.CurrentManagedThreadId, completed = 0, reported = 0;
            bool stop = false;
            HotTeam.For(units, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int u) =>
            {
                if (Volatile.Read(ref stop)) return;
                SyrkUnit<TS, TV>(packedA, packed, rows, depth, n, nr, panels, u, c, accumulate);
                int done = Interlocked.Increment(ref completed);
                if (Environment.CurrentManagedThreadId != caller) return;
                int through = (int)((long)done * blocks / units);
                try
                {
                    for (; reported < Math.Min(through, blocks - 1); reported++) onBlock(Math.Min(rows, (reported + 1) * depth));
                }
                catch
                {
                    Volatile.Write(ref stop, true);
                    throw;
                }
            });
            for (; reported < blocks; reported++) onBlock(Math.Min(rows, (reported + 1) * depth));
        }
        finally
        {
            Volatile.Write(ref SyrkBuffers[1], packedA);
            Volatile.Write(ref SyrkBuffers[0], packed);
        }
    }

    /// <summary>Packing pieces of <see cref="SyrkPackColumns"/> columns in a block of n columns.</summary>
    private static int SyrkPackPieces(int n) => (n + SyrkPackColumns - 1) / SyrkPackColumns;

    /// <summary>
    /// The order in which a block's work is dealt: the work units u (as u ≥ 0) in their order, with packing chunk g of
    /// the next block (as ~g &lt; 0) after every (units / (chunks + 1))-th unit, so the copies are spread over the block
    /// and none is left for the end.
    /// </summary>
    private static int[] SyrkInterleave(int units, int chunks)
    {
        var order = new int[units + chunks];
        int every = Math.Max(1, units / (chunks + 1));
        int u = 0, g = 0, k = 0;
        while (k < order.Length)
        {
            for (int q = 0; q < every && u < units; q++) order[k++] = u++;
            if (g < chunks) order[k++] = ~g++;
            else while (u < units) order[k++] = u++;
        }
        return order;
    }

    /// <summary>
    /// Packing buffer <paramref name="slot"/> (panels and broadcast rows of the first set, then of the second) with at
    /// least <paramref name="length"/> floats: the one the last call left there (so a trainer's calls write to memory
    /// that is touched and mapped already), or a new one on huge pages. A concurrent call finds the slot empty and
    /// allocates its own; the last one back is kept.
    /// </summary>
    private static float[] TakeSyrkBuffer(int slot, int length)
    {
        var buffer = Interlocked.Exchange(ref SyrkBuffers[slot], null);
        return buffer is not null && buffer.Length >= length + SyrkAlignSlack
            ? buffer
            : LargeBuffers.Uninitialized<float>(length + SyrkAlignSlack, pinned: true);
    }

    /// <summary>
    /// Floats of packed operands from which on (8 M, 32 MB: more than the caches hold, so the kernel reads them from
    /// memory anyway) the packing streams its writes past the caches. Tests lower it to take that path on small shapes.
    /// </summary>
    internal static long SyrkStreamingFloats { get; set; } = 8L << 20;

    /// <summary>Floats a packing buffer has past its length, so its contents can start on a cache line.</summary>
    private const int SyrkAlignSlack = 16;

    /// <summary>
    /// The first float of a packing buffer that lies on a 64-byte boundary: the packed operands start there, so every
    /// panel row (and every 16 patterns of a broadcast tile) is whole cache lines. The buffers are pinned, so it never moves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ref float PackOrigin(float[] buffer)
    {
        ref float first = ref MemoryMarshal.GetArrayDataReference(buffer);
        nint misaligned = (nint)Unsafe.AsPointer(ref first) & 63;
        return ref Unsafe.AddByteOffset(ref first, misaligned == 0 ? 0 : 64 - misaligned);
    }

    /// <summary>Work units: for each block of <see cref="SyrkBlockPanels"/> panels, its row tiles in runs of <see cref="SyrkUnitTiles"/>.</summary>
    private static int SyrkUnits(int n, int nr, int panels)
    {
        int units = 0;
        for (int jb = 0; jb < panels; jb += SyrkBlockPanels)
        {
            int tiles = (n - jb * nr + SyrkTileRows - 1) / SyrkTileRows;
            units += (tiles + SyrkUnitTiles - 1) / SyrkUnitTiles;
        }
        return units;
    }

    /// <summary>
    /// Packs piece <paramref name="piece"/> (columns 512·piece … 512·piece + 511) of the kc patterns of a depth block
    /// (rows start … start + kc − 1 of x) into both layouts: the nr-wide panels (<paramref name="packed"/>, panel jb
    /// holds columns jb·nr … jb·nr + nr − 1 of its kc rows, zero past column n) and the broadcast tiles that start in the
    /// piece (<paramref name="packedA"/>, tile t holds columns 28t … 28t + 27 of its kc rows, each row padded to
    /// <see cref="SyrkTileStride"/>, zero past column n). Sixteen rows at a time, region by region: the rows of one panel
    /// (or tile), which are contiguous, one after another, so the writes go out in runs; every row is whole cache
    /// lines, and with <paramref name="streaming"/> (operands larger than the caches) they are streamed past the caches,
    /// so no line is read for ownership. With <paramref name="moments"/>, the piece's column sums and sums of squares
    /// over the block's rows, in row order, go to block <paramref name="block"/> of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackPiece(float[] x, int start, int kc, int n, int nr, int panels, int piece, float[] packed, float[] packedA,
        bool streaming, SyrkMoments? moments, int block, nint packedStart = 0, nint packedAStart = 0)
    {
        ref float rows = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), (nint)start * n);
        ref float panelOrigin = ref Unsafe.Add(ref PackOrigin(packed), packedStart);
        ref float tileOrigin = ref Unsafe.Add(ref PackOrigin(packedA), packedAStart);
        int c0 = piece * SyrkPackColumns, c1 = Math.Min(n, c0 + SyrkPackColumns);
        int jbFirst = c0 / nr, jbEnd = Math.Min(panels, (c1 + nr - 1) / nr);
        int tFirst = (c0 + SyrkTileRows - 1) / SyrkTileRows, tEnd = (c1 + SyrkTileRows - 1) / SyrkTileRows;
        // Whole panels, and tiles whose 32-float copy stays inside the row (the last four floats, the next tile's, are padding).
        int fullPanels = n / nr, copyTiles = n >= SyrkTileStride ? (n - SyrkTileStride) / SyrkTileRows + 1 : 0;
        // Every panel row and tile row starts on a cache line: the origins are aligned and the strides are whole lines.
        streaming &= Avx512F.IsSupported && nr % Vector512<float>.Count == 0;
        Span<double> sums = default, squares = default;
        if (moments is not null)
        {
            sums = moments.Sums(block)[c0..c1];
            squares = moments.Squares(block)[c0..c1];
            sums.Clear();
            squares.Clear();
        }
        for (int p0 = 0; p0 < kc; p0 += SyrkPackRows)
        {
            int p1 = Math.Min(kc, p0 + SyrkPackRows);
            for (int jb = jbFirst; jb < jbEnd; jb++)
            {
                int j0 = jb * nr;
                ref float panel = ref Unsafe.Add(ref panelOrigin, (nint)j0 * kc);
                for (int p = p0; p < p1; p++)
                {
                    ref float from = ref Unsafe.Add(ref rows, (nint)p * n + j0);
                    ref float into = ref Unsafe.Add(ref panel, (nint)p * nr);
                    if (jb >= fullPanels)
                    {
                        // The ragged last panel: its columns, then zeros.
                        for (int q = 0; q < nr; q++) Unsafe.Add(ref into, q) = j0 + q < n ? Unsafe.Add(ref from, q) : 0f;
                    }
                    else if (streaming)
                    {
                        float* line = (float*)Unsafe.AsPointer(ref into);
                        for (int q = 0; q < nr; q += Vector512<float>.Count)
                            Avx512F.StoreAlignedNonTemporal(line + q, Vector512.LoadUnsafe(ref from, (nuint)q));
                    }
                    else
                    {
                        for (int q = 0; q < nr; q += Vector256<float>.Count) Vector256.LoadUnsafe(ref from, (nuint)q).StoreUnsafe(ref into, (nuint)q);
                    }
                }
                if (moments is not null)
                {
                    // The panel's columns, still in L1: each column adds these rows in order.
                    int width = Math.Min(nr, n - j0);
                    var s = sums.Slice(j0 - c0, width);
                    var q2 = squares.Slice(j0 - c0, width);
                    AccumulateMoments(ref Unsafe.Add(ref rows, (nint)p0 * n + j0), n, p1 - p0, width, s, q2);
                }
            }
            for (int t = tFirst; t < tEnd; t++)
            {
                int j = t * SyrkTileRows;
                ref float tile = ref Unsafe.Add(ref tileOrigin, (nint)t * SyrkTileStride * kc);
                for (int p = p0; p < p1; p++)
                {
                    ref float from = ref Unsafe.Add(ref rows, (nint)p * n + j);
                    ref float into = ref Unsafe.Add(ref tile, (nint)p * SyrkTileStride);
                    if (t >= copyTiles)
                    {
                        // The last tiles: their columns, then zeros.
                        for (int q = 0; q < SyrkTileStride; q++) Unsafe.Add(ref into, q) = q < SyrkTileRows && j + q < n ? Unsafe.Add(ref from, q) : 0f;
                    }
                    else if (streaming)
                    {
                        float* line = (float*)Unsafe.AsPointer(ref into);
                        Avx512F.StoreAlignedNonTemporal(line, Vector512.LoadUnsafe(ref from));
                        Avx512F.StoreAlignedNonTemporal(line + Vector512<float>.Count, Vector512.LoadUnsafe(ref from, (nuint)Vector512<float>.Count));
                    }
                    else
                    {
                        for (int q = 0; q < SyrkTileStride; q += Vector256<float>.Count) Vector256.LoadUnsafe(ref from, (nuint)q).StoreUnsafe(ref into, (nuint)q);
                    }
                }
            }
        }
        // Streaming stores are weakly ordered: fence them before the loop's join hands the operands to other threads.
        if (streaming) Sse.StoreFence();
    }

    /// <summary>
    /// Adds the first <paramref name="width"/> values of <paramref name="count"/> rows (<paramref name="stride"/> floats
    /// apart, from <paramref name="from"/>) to <paramref name="s"/> and their squares to <paramref name="q"/>, in double
    /// and row order per column: <c>s += v; q += v·v</c> (8 columns a vector, their sums in registers across the rows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateMoments(ref float from, int stride, int count, int width, Span<double> s, Span<double> q)
    {
        ref double ps = ref MemoryMarshal.GetReference(s);
        ref double pq = ref MemoryMarshal.GetReference(q);
        int t = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; t <= width - Vector256<float>.Count; t += Vector256<float>.Count)
            {
                var sLo = Vector256.LoadUnsafe(ref ps, (nuint)t);
                var sHi = Vector256.LoadUnsafe(ref ps, (nuint)(t + 4));
                var qLo = Vector256.LoadUnsafe(ref pq, (nuint)t);
                var qHi = Vector256.LoadUnsafe(ref pq, (nuint)(t + 4));
                ref float column = ref Unsafe.Add(ref from, t);
                for (int p = 0; p < count; p++)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.Add(ref column, (nint)p * stride)));
                    sLo += lo;
                    sHi += hi;
                    qLo += lo * lo;
                    qHi += hi * hi;
                }
                sLo.StoreUnsafe(ref ps, (nuint)t);
                sHi.StoreUnsafe(ref ps, (nuint)(t + 4));
                qLo.StoreUnsafe(ref pq, (nuint)t);
                qHi.StoreUnsafe(ref pq, (nuint)(t + 4));
            }
        }
        for (; t < width; t++)
        {
            double sum = Unsafe.Add(ref ps, t), square = Unsafe.Add(ref pq, t);
            for (int p = 0; p < count; p++)
            {
                double v = Unsafe.Add(ref from, (nint)p * stride + t);
                sum += v;
                square += v * v;
            }
            Unsafe.Add(ref ps, t) = sum;
            Unsafe.Add(ref pq, t) = square;
        }
    }

    /// <summary>
    /// Work unit u: up to <see cref="SyrkUnitTiles"/> row tiles of 28 against a block of up to
    /// <see cref="SyrkBlockPanels"/> panels (kept in L2 across the unit). Each packed 28-row operand (the broadcasts,
    /// 64 KB) meets every panel of the block up to its diagonal while it is in cache, and the next tile's rows of c are
    /// prefetched while this one computes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkUnit<TS, TV>(float[] packedA, float[] packed, int kc, int n, int nr, int panels, int unit, float[] c, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct =>
        SyrkUnit<TS, TV>(packedA, packed, kc, kc, n, nr, panels, unit, c, accumulate);

    /// <summary>
    /// Work unit u over all the <paramref name="rows"/> patterns, packed block after block of <paramref name="depth"/>
    /// (block b's panels from float b·depth·panels·nr of <paramref name="packed"/>, its broadcast rows from
    /// b·depth·tiles·32 of <paramref name="packedA"/>): the depth blocks are the outer loop of the unit, so its tile of c
    /// (336 × 224 floats, 294 KB at 512 bits) stays in L2 from the first block to the last, and each element's chain goes on over
    /// the blocks in order. The unit's panels of the next block (448 KB at 512 bits) are prefetched over the calls of this one,
    /// so the next block's first tile does not wait for them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkUnit<TS, TV>(float[] packedA, float[] packed, int rows, int depth, int n, int nr, int panels, int unit, float[] c, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int jbFirst = 0, tileFirst = unit;
        while (true)
        {
            int tiles = (n - jbFirst * nr + SyrkTileRows - 1) / SyrkTileRows;
            int units = (tiles + SyrkUnitTiles - 1) / SyrkUnitTiles;
            if (tileFirst < units) break;
            tileFirst -= units;
            jbFirst += SyrkBlockPanels;
        }
        int jbEnd = Math.Min(panels, jbFirst + SyrkBlockPanels);
        int rowFirst = jbFirst * nr + tileFirst * SyrkUnitTiles * SyrkTileRows;
        int rowEnd = Math.Min(n, rowFirst + SyrkUnitTiles * SyrkTileRows);
        Span<float> tile = stackalloc float[SyrkTileRows * SyrkVectors * 16];
        Span<nint> offsets = stackalloc nint[SyrkTileRows];
        Span<nint> tileOffsets = stackalloc nint[SyrkTileRows];
        for (int r = 0; r < SyrkTileRows; r++) tileOffsets[r] = r * nr;
        Span<nint> ahead = stackalloc nint[SyrkTileRows * (SyrkVectors + 1)];
        ref float cOrigin = ref MemoryMarshal.GetArrayDataReference(c);
        int tilesAll = (n + SyrkTileRows - 1) / SyrkTileRows;
        for (int p0 = 0; p0 < rows; p0 += depth)
        {
            int kc = Math.Min(depth, rows - p0);
            bool add = accumulate || p0 > 0;
            ref float pack = ref Unsafe.Add(ref PackOrigin(packed), (nint)p0 * panels * nr);
            ref float packA = ref Unsafe.Add(ref PackOrigin(packedA), (nint)p0 * tilesAll * SyrkTileStride);
            // The next depth block's panels of this unit (contiguous), prefetched in slices over this block's kernel calls.
            int kcNext = Math.Min(depth, rows - p0 - kc);
            int jbUsed = Math.Min(jbEnd, (rowEnd - 1) / nr + 1);
            int nextLines = kcNext > 0 ? (jbUsed - jbFirst) * nr * kcNext / 16 : 0;
            ref float nextPanels = ref nextLines > 0
                ? ref Unsafe.Add(ref PackOrigin(packed), (nint)(p0 + kc) * panels * nr + (nint)jbFirst * nr * kcNext)
                : ref pack;
            int blockCalls = 0;
            for (int i0 = rowFirst; i0 < rowEnd; i0 += SyrkTileRows) blockCalls += Math.Max(0, Math.Min(jbEnd, SyrkLastPanel(i0, n, nr) + 1) - jbFirst);
            int blockCall = 0;
            for (int i0 = rowFirst; i0 < rowEnd; i0 += SyrkTileRows)
            {
                ref float a = ref Unsafe.Add(ref packA, (nint)(i0 / SyrkTileRows) * SyrkTileStride * kc);
                int rowsHere = Math.Min(SyrkTileRows, n - i0);
                bool fullRows = rowsHere == SyrkTileRows;
                if (fullRows)
                {
                    for (int r = 0; r < SyrkTileRows; r++) offsets[r] = (nint)(PackedLower.RowStart(i0 + r) - PackedLower.RowStart(i0));
                }
                // The next tile's rows of c, every cache line of their nr columns (the first float of each 16 and the last),
                // are prefetched one tile (a whole block row) ahead, spread through the kernel's loop over the patterns.
                int lines = 0;
                if (i0 + 2 * SyrkTileRows <= rowEnd)
                {
                    for (int r = SyrkTileRows; r < 2 * SyrkTileRows; r++)
                    {
                        nint next = (nint)PackedLower.RowStart(i0 + r);
                        for (int q = 0; q < nr; q += 16) ahead[lines++] = next + q;
                        ahead[lines++] = next + nr - 1;
                    }
                }
                // The next tile's broadcast rows (kc × 16 floats) come from memory once per block: their lines are prefetched
                // in slices over this tile's kernel calls (one slice a call), so the next tile starts with them in cache.
                int lastPanel = SyrkLastPanel(i0, n, nr);
                int calls = Math.Max(1, Math.Min(jbEnd, lastPanel + 1) - jbFirst);
                int aLines = i0 + SyrkTileRows < rowEnd ? kc * SyrkTileStride / 16 : 0;
                ref float aNext = ref aLines > 0 ? ref Unsafe.Add(ref a, (nint)SyrkTileStride * kc) : ref a;
                var aheadLines = ahead[..lines];
                int call = 0;
                for (int jb = jbFirst; jb < jbEnd; jb++, call++)
                {
                    int j0 = jb * nr;
                    if (jb > lastPanel) break;
                    ref float b = ref Unsafe.Add(ref pack, (nint)jb * nr * kc);
                    ref float aheadBase = ref Unsafe.Add(ref cOrigin, j0);
                    int first = call * aLines / calls, count = (call + 1) * aLines / calls - first;
                    int nextFirst = (int)((long)blockCall * nextLines / Math.Max(1, blockCalls));
                    int nextCount = (int)((long)(blockCall + 1) * nextLines / Math.Max(1, blockCalls)) - nextFirst;
                    blockCall++;
                    ref float nextSlice = ref Unsafe.Add(ref nextPanels, (nint)nextFirst * 16);
                    ref float aSlice = ref Unsafe.Add(ref aNext, (nint)first * 16);
                    if (fullRows && j0 + nr - 1 <= i0 && j0 + nr <= n)
                    {
                        // Wholly inside the triangle: accumulate straight into the packed rows.
                        ref float c0 = ref Unsafe.Add(ref cOrigin, (nint)(PackedLower.RowStart(i0) + j0));
                        SyrkKernel<TS, TV>(ref a, SyrkTileStride, ref b, kc, nr, ref c0, offsets, add, ref aheadBase, aheadLines, ref aSlice, count, ref nextSlice, nextCount);
                        continue;
                    }
                    LoadTile(c, tile, i0, j0, rowsHere, n, nr, add);
                    SyrkKernel<TS, TV>(ref a, SyrkTileStride, ref b, kc, nr, ref MemoryMarshal.GetReference(tile), tileOffsets, true, ref aheadBase, aheadLines, ref aSlice, count, ref nextSlice, nextCount);
                    StoreTile(c, tile, i0, j0, rowsHere, n, nr);
                }
            }
        }
    }

    /// <summary>
    /// The last panel the row tile at <paramref name="i0"/> meets: the one holding the diagonal of its last row (a panel
    /// of 16 columns may start inside a tile of 28 rows, so the tile's first row does not decide it).
    /// </summary>
    private static int SyrkLastPanel(int i0, int n, int nr) => (Math.Min(n, i0 + SyrkTileRows) - 1) / nr;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float address)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported) System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref address));
    }

    /// <summary>Prefetches the line <paramref name="bytes"/> past <paramref name="address"/> (an unmanaged address: it may lie past the array, a prefetch never faults).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchAhead(ref float address, nint bytes)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported) System.Runtime.Intrinsics.X86.Sse.Prefetch0((byte*)Unsafe.AsPointer(ref address) + bytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LoadTile(float[] c, Span<float> tile, int i0, int j0, int rows, int n, int nr, bool accumulate)
    {
        tile.Clear();
        if (!accumulate) return;
        for (int r = 0; r < rows; r++)
        {
            int i = i0 + r;
            int width = Math.Min(Math.Min(nr, n - j0), i - j0 + 1);
            if (width <= 0) continue;
            c.AsSpan((int)(PackedLower.RowStart(i) + j0), width).CopyTo(tile.Slice(r * nr));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreTile(float[] c, Span<float> tile, int i0, int j0, int rows, int n, int nr)
    {
        for (int r = 0; r < rows; r++)
        {
            int i = i0 + r;
            int width = Math.Min(Math.Min(nr, n - j0), i - j0 + 1);
            if (width <= 0) continue;
            tile.Slice(r * nr, width).CopyTo(c.AsSpan((int)(PackedLower.RowStart(i) + j0), width));
        }
    }

    /// <summary>
    /// c[r, t] = fma chain over p of a[p, r]·b[p, t] (continuing from c when <paramref name="load"/>) for a tile of
    /// <see cref="SyrkTileRows"/> rows × one vector; a has row stride aStride, b row stride nr, and row r of c starts at
    /// offsets[r]. Prefetches the cache lines at <paramref name="ahead"/> + <paramref name="aheadLines"/>[q], spread
    /// evenly over the groups of <see cref="SyrkPrefetchSteps"/> patterns, and the <paramref name="runLines"/>
    /// consecutive lines from <paramref name="run"/>, spread evenly over the same groups (any left over after the loop),
    /// and the same way the <paramref name="run2Lines"/> lines from <paramref name="run2"/> (the unit's panels of the
    /// next depth block): so no miss stalls on them at once, and the next tile (or block) finds its rows of c, its
    /// broadcasts and its panels in cache. With AVX-512 (32 registers, at either width) the whole tile is one register
    /// tile of 28 accumulators; with AVX2 alone (16 registers) it is two of 14, one after the other over the same panel
    /// (still in L1 for the second).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SyrkKernel<TS, TV>(ref float a, nint aStride, ref float b, int kc, int nr, ref float c, ReadOnlySpan<nint> offsets, bool load,
        ref float ahead, ReadOnlySpan<nint> aheadLines, ref float run, int runLines, ref float run2, int run2Lines)
        where TS : struct, ISimd<TV> where TV : struct
    {
        if (TS.Width == 16 || !SyrkSixteenRegisters)
        {
            SyrkKernel28<TS, TV>(ref a, aStride, ref b, kc, nr, ref c, offsets, load, ref ahead, aheadLines, ref run, runLines, ref run2, run2Lines);
            return;
        }
        const int half = SyrkTileRows / 2;
        SyrkKernel14<TS, TV>(ref a, aStride, ref b, kc, nr, ref c, offsets[..half], load, ref ahead, aheadLines, ref run, runLines, ref run2, run2Lines);
        SyrkKernel14<TS, TV>(ref Unsafe.Add(ref a, half), aStride, ref b, kc, nr, ref c, offsets[half..], load, ref ahead, [], ref run, 0, ref run2, 0);
    }

    /// <summary>
    /// The 512-bit register tile: 28 rows × 16 columns in 28 accumulators, one panel load and 28 fused multiply-adds a
    /// pattern, each FMA taking its broadcast straight from memory (<c>vfmadd231ps zmm, zmm, [a]{1to16}</c>), so a
    /// pattern is 29 loads and 28 FMAs issued as 29 fused operations. The 14 × 2-vector tile before it (a separate
    /// broadcast per row, 44 operations) ran the FMA units at 64–80 % of their peak on this host; this one at 85–95 %.
    /// Two patterns an iteration, the strides constants (<paramref name="aStride"/> is <see cref="SyrkTileStride"/>, the
    /// panel one vector wide): the loop's own operations drop from five a pattern to about three. The front end, which
    /// the host's other threads share, issues fewer operations per FMA: the whole SYRK took a fifth less time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkKernel28<TS, TV>(ref float a, nint aStride, ref float b, int kc, int nr, ref float c, ReadOnlySpan<nint> offsets, bool load,
        ref float ahead, ReadOnlySpan<nint> aheadLines, ref float run, int runLines, ref float run2, int run2Lines)
        where TS : struct, ISimd<TV> where TV : struct
    {
        Debug.Assert(aStride == SyrkTileStride && nr == TS.Width);
        nuint w = (nuint)TS.Width;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero, c6 = TS.Zero, c7 = TS.Zero, c8 = TS.Zero, c9 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero, c14 = TS.Zero, c15 = TS.Zero, c16 = TS.Zero, c17 = TS.Zero, c18 = TS.Zero, c19 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero, c24 = TS.Zero, c25 = TS.Zero, c26 = TS.Zero, c27 = TS.Zero;
        if (load)
        {
            c0 = TS.Load(ref Unsafe.Add(ref c, offsets[0]), 0);
            c1 = TS.Load(ref Unsafe.Add(ref c, offsets[1]), 0);
            c2 = TS.Load(ref Unsafe.Add(ref c, offsets[2]), 0);
            c3 = TS.Load(ref Unsafe.Add(ref c, offsets[3]), 0);
            c4 = TS.Load(ref Unsafe.Add(ref c, offsets[4]), 0);
            c5 = TS.Load(ref Unsafe.Add(ref c, offsets[5]), 0);
            c6 = TS.Load(ref Unsafe.Add(ref c, offsets[6]), 0);
            c7 = TS.Load(ref Unsafe.Add(ref c, offsets[7]), 0);
            c8 = TS.Load(ref Unsafe.Add(ref c, offsets[8]), 0);
            c9 = TS.Load(ref Unsafe.Add(ref c, offsets[9]), 0);
            c10 = TS.Load(ref Unsafe.Add(ref c, offsets[10]), 0);
            c11 = TS.Load(ref Unsafe.Add(ref c, offsets[11]), 0);
            c12 = TS.Load(ref Unsafe.Add(ref c, offsets[12]), 0);
            c13 = TS.Load(ref Unsafe.Add(ref c, offsets[13]), 0);
            c14 = TS.Load(ref Unsafe.Add(ref c, offsets[14]), 0);
            c15 = TS.Load(ref Unsafe.Add(ref c, offsets[15]), 0);
            c16 = TS.Load(ref Unsafe.Add(ref c, offsets[16]), 0);
            c17 = TS.Load(ref Unsafe.Add(ref c, offsets[17]), 0);
            c18 = TS.Load(ref Unsafe.Add(ref c, offsets[18]), 0);
            c19 = TS.Load(ref Unsafe.Add(ref c, offsets[19]), 0);
            c20 = TS.Load(ref Unsafe.Add(ref c, offsets[20]), 0);
            c21 = TS.Load(ref Unsafe.Add(ref c, offsets[21]), 0);
            c22 = TS.Load(ref Unsafe.Add(ref c, offsets[22]), 0);
            c23 = TS.Load(ref Unsafe.Add(ref c, offsets[23]), 0);
            c24 = TS.Load(ref Unsafe.Add(ref c, offsets[24]), 0);
            c25 = TS.Load(ref Unsafe.Add(ref c, offsets[25]), 0);
            c26 = TS.Load(ref Unsafe.Add(ref c, offsets[26]), 0);
            c27 = TS.Load(ref Unsafe.Add(ref c, offsets[27]), 0);
        }
        int lines = aheadLines.Length, line = 0, runLine = 0;
        int linesPerGroup = (lines * SyrkPrefetchSteps + kc - 1) / kc;
        int runPerGroup = (runLines * SyrkPrefetchSteps + kc - 1) / kc;
        int run2Line = 0, run2PerGroup = (run2Lines * SyrkPrefetchSteps + kc - 1) / kc;
        ref nint lineOffset = ref MemoryMarshal.GetReference(aheadLines);
        for (int p = 0; p < kc;)
        {
            for (int q = 0; q < linesPerGroup && line < lines; q++, line++) Prefetch(ref Unsafe.Add(ref ahead, Unsafe.Add(ref lineOffset, line)));
            for (int q = 0; q < runPerGroup && runLine < runLines; q++, runLine++) PrefetchAhead(ref run, (nint)runLine * 64);
            for (int q = 0; q < run2PerGroup && run2Line < run2Lines; q++, run2Line++) PrefetchAhead(ref run2, (nint)run2Line * 64);
            int end = Math.Min(kc, p + SyrkPrefetchSteps);
            // Two patterns an iteration, with the strides as constants: fewer operations around the FMAs for the front end.
            for (; p + 2 <= end; p += 2)
            {
                TV b0 = TS.Load(ref b, 0);
                c0 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 0)), b0, c0);
                c1 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 1)), b0, c1);
                c2 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 2)), b0, c2);
                c3 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 3)), b0, c3);
                c4 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 4)), b0, c4);
                c5 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 5)), b0, c5);
                c6 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 6)), b0, c6);
                c7 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 7)), b0, c7);
                c8 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 8)), b0, c8);
                c9 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 9)), b0, c9);
                c10 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 10)), b0, c10);
                c11 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 11)), b0, c11);
                c12 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 12)), b0, c12);
                c13 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 13)), b0, c13);
                c14 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 14)), b0, c14);
                c15 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 15)), b0, c15);
                c16 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 16)), b0, c16);
                c17 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 17)), b0, c17);
                c18 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 18)), b0, c18);
                c19 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 19)), b0, c19);
                c20 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 20)), b0, c20);
                c21 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 21)), b0, c21);
                c22 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 22)), b0, c22);
                c23 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 23)), b0, c23);
                c24 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 24)), b0, c24);
                c25 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 25)), b0, c25);
                c26 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 26)), b0, c26);
                c27 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 27)), b0, c27);
                TV b1 = TS.Load(ref b, w);
                c0 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 0)), b1, c0);
                c1 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 1)), b1, c1);
                c2 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 2)), b1, c2);
                c3 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 3)), b1, c3);
                c4 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 4)), b1, c4);
                c5 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 5)), b1, c5);
                c6 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 6)), b1, c6);
                c7 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 7)), b1, c7);
                c8 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 8)), b1, c8);
                c9 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 9)), b1, c9);
                c10 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 10)), b1, c10);
                c11 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 11)), b1, c11);
                c12 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 12)), b1, c12);
                c13 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 13)), b1, c13);
                c14 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 14)), b1, c14);
                c15 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 15)), b1, c15);
                c16 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 16)), b1, c16);
                c17 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 17)), b1, c17);
                c18 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 18)), b1, c18);
                c19 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 19)), b1, c19);
                c20 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 20)), b1, c20);
                c21 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 21)), b1, c21);
                c22 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 22)), b1, c22);
                c23 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 23)), b1, c23);
                c24 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 24)), b1, c24);
                c25 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 25)), b1, c25);
                c26 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 26)), b1, c26);
                c27 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 27)), b1, c27);
                a = ref Unsafe.Add(ref a, 2 * SyrkTileStride);
                b = ref Unsafe.Add(ref b, 2 * w);
            }
            if (p < end)
            {
                TV b0 = TS.Load(ref b, 0);
                c0 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 0)), b0, c0);
                c1 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 1)), b0, c1);
                c2 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 2)), b0, c2);
                c3 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 3)), b0, c3);
                c4 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 4)), b0, c4);
                c5 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 5)), b0, c5);
                c6 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 6)), b0, c6);
                c7 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 7)), b0, c7);
                c8 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 8)), b0, c8);
                c9 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 9)), b0, c9);
                c10 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 10)), b0, c10);
                c11 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 11)), b0, c11);
                c12 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 12)), b0, c12);
                c13 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 13)), b0, c13);
                c14 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 14)), b0, c14);
                c15 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 15)), b0, c15);
                c16 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 16)), b0, c16);
                c17 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 17)), b0, c17);
                c18 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 18)), b0, c18);
                c19 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 19)), b0, c19);
                c20 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 20)), b0, c20);
                c21 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 21)), b0, c21);
                c22 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 22)), b0, c22);
                c23 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 23)), b0, c23);
                c24 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 24)), b0, c24);
                c25 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 25)), b0, c25);
                c26 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 26)), b0, c26);
                c27 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 27)), b0, c27);
                a = ref Unsafe.Add(ref a, SyrkTileStride);
                b = ref Unsafe.Add(ref b, w);
                p++;
            }
        }
        for (; line < lines; line++) Prefetch(ref Unsafe.Add(ref ahead, Unsafe.Add(ref lineOffset, line)));
        for (; runLine < runLines; runLine++) PrefetchAhead(ref run, (nint)runLine * 64);
        for (; run2Line < run2Lines; run2Line++) PrefetchAhead(ref run2, (nint)run2Line * 64);
        TS.Store(c0, ref Unsafe.Add(ref c, offsets[0]), 0);
        TS.Store(c1, ref Unsafe.Add(ref c, offsets[1]), 0);
        TS.Store(c2, ref Unsafe.Add(ref c, offsets[2]), 0);
        TS.Store(c3, ref Unsafe.Add(ref c, offsets[3]), 0);
        TS.Store(c4, ref Unsafe.Add(ref c, offsets[4]), 0);
        TS.Store(c5, ref Unsafe.Add(ref c, offsets[5]), 0);
        TS.Store(c6, ref Unsafe.Add(ref c, offsets[6]), 0);
        TS.Store(c7, ref Unsafe.Add(ref c, offsets[7]), 0);
        TS.Store(c8, ref Unsafe.Add(ref c, offsets[8]), 0);
        TS.Store(c9, ref Unsafe.Add(ref c, offsets[9]), 0);
        TS.Store(c10, ref Unsafe.Add(ref c, offsets[10]), 0);
        TS.Store(c11, ref Unsafe.Add(ref c, offsets[11]), 0);
        TS.Store(c12, ref Unsafe.Add(ref c, offsets[12]), 0);
        TS.Store(c13, ref Unsafe.Add(ref c, offsets[13]), 0);
        TS.Store(c14, ref Unsafe.Add(ref c, offsets[14]), 0);
        TS.Store(c15, ref Unsafe.Add(ref c, offsets[15]), 0);
        TS.Store(c16, ref Unsafe.Add(ref c, offsets[16]), 0);
        TS.Store(c17, ref Unsafe.Add(ref c, offsets[17]), 0);
        TS.Store(c18, ref Unsafe.Add(ref c, offsets[18]), 0);
        TS.Store(c19, ref Unsafe.Add(ref c, offsets[19]), 0);
        TS.Store(c20, ref Unsafe.Add(ref c, offsets[20]), 0);
        TS.Store(c21, ref Unsafe.Add(ref c, offsets[21]), 0);
        TS.Store(c22, ref Unsafe.Add(ref c, offsets[22]), 0);
        TS.Store(c23, ref Unsafe.Add(ref c, offsets[23]), 0);
        TS.Store(c24, ref Unsafe.Add(ref c, offsets[24]), 0);
        TS.Store(c25, ref Unsafe.Add(ref c, offsets[25]), 0);
        TS.Store(c26, ref Unsafe.Add(ref c, offsets[26]), 0);
        TS.Store(c27, ref Unsafe.Add(ref c, offsets[27]), 0);
    }

    /// <summary>The 256-bit register tile (16 registers): 14 rows × 8 columns in 14 accumulators, two patterns an iteration.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkKernel14<TS, TV>(ref float a, nint aStride, ref float b, int kc, int nr, ref float c, ReadOnlySpan<nint> offsets, bool load,
        ref float ahead, ReadOnlySpan<nint> aheadLines, ref float run, int runLines, ref float run2, int run2Lines)
        where TS : struct, ISimd<TV> where TV : struct
    {
        Debug.Assert(aStride == SyrkTileStride && nr == TS.Width);
        nuint w = (nuint)TS.Width;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero, c6 = TS.Zero, c7 = TS.Zero, c8 = TS.Zero, c9 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        if (load)
        {
            c0 = TS.Load(ref Unsafe.Add(ref c, offsets[0]), 0);
            c1 = TS.Load(ref Unsafe.Add(ref c, offsets[1]), 0);
            c2 = TS.Load(ref Unsafe.Add(ref c, offsets[2]), 0);
            c3 = TS.Load(ref Unsafe.Add(ref c, offsets[3]), 0);
            c4 = TS.Load(ref Unsafe.Add(ref c, offsets[4]), 0);
            c5 = TS.Load(ref Unsafe.Add(ref c, offsets[5]), 0);
            c6 = TS.Load(ref Unsafe.Add(ref c, offsets[6]), 0);
            c7 = TS.Load(ref Unsafe.Add(ref c, offsets[7]), 0);
            c8 = TS.Load(ref Unsafe.Add(ref c, offsets[8]), 0);
            c9 = TS.Load(ref Unsafe.Add(ref c, offsets[9]), 0);
            c10 = TS.Load(ref Unsafe.Add(ref c, offsets[10]), 0);
            c11 = TS.Load(ref Unsafe.Add(ref c, offsets[11]), 0);
            c12 = TS.Load(ref Unsafe.Add(ref c, offsets[12]), 0);
            c13 = TS.Load(ref Unsafe.Add(ref c, offsets[13]), 0);
        }
        int lines = aheadLines.Length, line = 0, runLine = 0;
        int linesPerGroup = (lines * SyrkPrefetchSteps + kc - 1) / kc;
        int runPerGroup = (runLines * SyrkPrefetchSteps + kc - 1) / kc;
        int run2Line = 0, run2PerGroup = (run2Lines * SyrkPrefetchSteps + kc - 1) / kc;
        ref nint lineOffset = ref MemoryMarshal.GetReference(aheadLines);
        for (int p = 0; p < kc;)
        {
            for (int q = 0; q < linesPerGroup && line < lines; q++, line++) Prefetch(ref Unsafe.Add(ref ahead, Unsafe.Add(ref lineOffset, line)));
            for (int q = 0; q < runPerGroup && runLine < runLines; q++, runLine++) PrefetchAhead(ref run, (nint)runLine * 64);
            for (int q = 0; q < run2PerGroup && run2Line < run2Lines; q++, run2Line++) PrefetchAhead(ref run2, (nint)run2Line * 64);
            int end = Math.Min(kc, p + SyrkPrefetchSteps);
            for (; p + 2 <= end; p += 2)
            {
                TV b0 = TS.Load(ref b, 0);
                c0 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 0)), b0, c0);
                c1 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 1)), b0, c1);
                c2 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 2)), b0, c2);
                c3 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 3)), b0, c3);
                c4 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 4)), b0, c4);
                c5 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 5)), b0, c5);
                c6 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 6)), b0, c6);
                c7 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 7)), b0, c7);
                c8 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 8)), b0, c8);
                c9 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 9)), b0, c9);
                c10 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 10)), b0, c10);
                c11 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 11)), b0, c11);
                c12 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 12)), b0, c12);
                c13 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 13)), b0, c13);
                TV b1 = TS.Load(ref b, w);
                c0 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 0)), b1, c0);
                c1 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 1)), b1, c1);
                c2 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 2)), b1, c2);
                c3 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 3)), b1, c3);
                c4 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 4)), b1, c4);
                c5 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 5)), b1, c5);
                c6 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 6)), b1, c6);
                c7 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 7)), b1, c7);
                c8 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 8)), b1, c8);
                c9 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 9)), b1, c9);
                c10 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 10)), b1, c10);
                c11 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 11)), b1, c11);
                c12 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 12)), b1, c12);
                c13 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, SyrkTileStride + 13)), b1, c13);
                a = ref Unsafe.Add(ref a, 2 * SyrkTileStride);
                b = ref Unsafe.Add(ref b, 2 * w);
            }
            if (p < end)
            {
                TV b0 = TS.Load(ref b, 0);
                c0 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 0)), b0, c0);
                c1 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 1)), b0, c1);
                c2 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 2)), b0, c2);
                c3 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 3)), b0, c3);
                c4 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 4)), b0, c4);
                c5 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 5)), b0, c5);
                c6 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 6)), b0, c6);
                c7 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 7)), b0, c7);
                c8 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 8)), b0, c8);
                c9 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 9)), b0, c9);
                c10 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 10)), b0, c10);
                c11 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 11)), b0, c11);
                c12 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 12)), b0, c12);
                c13 = TS.FusedMultiplyAdd(TS.Create(Unsafe.Add(ref a, 13)), b0, c13);
                a = ref Unsafe.Add(ref a, SyrkTileStride);
                b = ref Unsafe.Add(ref b, w);
                p++;
            }
        }
        for (; line < lines; line++) Prefetch(ref Unsafe.Add(ref ahead, Unsafe.Add(ref lineOffset, line)));
        for (; runLine < runLines; runLine++) PrefetchAhead(ref run, (nint)runLine * 64);
        for (; run2Line < run2Lines; run2Line++) PrefetchAhead(ref run2, (nint)run2Line * 64);
        TS.Store(c0, ref Unsafe.Add(ref c, offsets[0]), 0);
        TS.Store(c1, ref Unsafe.Add(ref c, offsets[1]), 0);
        TS.Store(c2, ref Unsafe.Add(ref c, offsets[2]), 0);
        TS.Store(c3, ref Unsafe.Add(ref c, offsets[3]), 0);
        TS.Store(c4, ref Unsafe.Add(ref c, offsets[4]), 0);
        TS.Store(c5, ref Unsafe.Add(ref c, offsets[5]), 0);
        TS.Store(c6, ref Unsafe.Add(ref c, offsets[6]), 0);
        TS.Store(c7, ref Unsafe.Add(ref c, offsets[7]), 0);
        TS.Store(c8, ref Unsafe.Add(ref c, offsets[8]), 0);
        TS.Store(c9, ref Unsafe.Add(ref c, offsets[9]), 0);
        TS.Store(c10, ref Unsafe.Add(ref c, offsets[10]), 0);
        TS.Store(c11, ref Unsafe.Add(ref c, offsets[11]), 0);
        TS.Store(c12, ref Unsafe.Add(ref c, offsets[12]), 0);
        TS.Store(c13, ref Unsafe.Add(ref c, offsets[13]), 0);
    }
}
