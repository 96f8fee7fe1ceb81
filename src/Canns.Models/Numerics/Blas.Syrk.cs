using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>Rows of the output tile (broadcast operands).</summary>
    private const int SyrkTileRows = 8;

    /// <summary>Vectors across the output tile: 8 × 3 vectors is 24 accumulators, 11 loads per 24 fused multiply-adds.</summary>
    private const int SyrkVectors = 3;

    /// <summary>Patterns per packed block: a 48-wide panel of 512 patterns is 96 KB.</summary>
    private const int SyrkDepth = 512;

    /// <summary>Patterns per block of <see cref="SyrkLower"/>: its callback reports progress in these steps.</summary>
    public const int SyrkBlockRows = SyrkDepth;

    /// <summary>Panels a work unit keeps in L2 (6 × 96 KB) while each 8-row operand meets all of them from L1.</summary>
    private const int SyrkBlockPanels = 6;

    /// <summary>Row tiles of 8 per work unit: small enough for the two cores to balance over the triangle.</summary>
    private const int SyrkUnitTiles = 16;

    /// <summary>Patterns per packing chunk: a 512-pattern block packs in 32 chunks, dealt to the cores like the work units.</summary>
    private const int SyrkPackRows = 16;

    /// <summary>Patterns between two prefetches of the next tile's c lines in the kernel: 32 lines over 512 patterns.</summary>
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
    /// The kernel packs 512 patterns at a time into 3-vector-wide panels and runs an 8 × 3-vector register tile over
    /// one triangle (the broadcast rows packed 8 wide), in parallel over blocks of panels and runs of row
    /// tiles, dealt one at a time by the <see cref="HotTeam"/> (at most <see cref="CannsParallelism.MaxDegree"/> threads).
    /// A call over more than one block packs them all first (up to 512 MB of packed operands, kept for the next call)
    /// and runs each work unit over all of them, so the unit's part of c stays in L2 and c is read and written once;
    /// past that size, the next block is packed while one is multiplied and c is updated block by block. Either way one
    /// call on many patterns is faster than one call a block.
    /// </remarks>
    public static void SyrkLower(float[] x, int firstRow, int rows, int n, float[] c, bool accumulate, Action<int>? onBlock = null)
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
        switch (Level)
        {
            case SimdLevel.Vector512:
                Syrk<Simd512, Vector512<float>>(x, firstRow, rows, n, c, accumulate, onBlock);
                break;
            case SimdLevel.Vector256:
                Syrk<Simd256, Vector256<float>>(x, firstRow, rows, n, c, accumulate, onBlock);
                break;
            default:
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
    private static void Syrk<TS, TV>(float[] x, int firstRow, int rows, int n, float[] c, bool accumulate, Action<int>? onBlock)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int nr = SyrkVectors * TS.Width;
        int panels = (n + nr - 1) / nr;
        int depth = Math.Min(SyrkDepth, rows);
        int blocks = (rows + depth - 1) / depth;
        int tiles = (n + SyrkTileRows - 1) / SyrkTileRows;
        int units = SyrkUnits(n, nr, panels);
        long packedLength = (long)panels * nr * rows, packedALength = (long)tiles * SyrkTileRows * rows;
        if (blocks > 1 && packedLength + packedALength <= SyrkAllBlocksLimit)
        {
            SyrkAllBlocks<TS, TV>(x, firstRow, rows, n, c, accumulate, onBlock, nr, panels, depth, units, (int)packedLength, (int)packedALength);
            return;
        }
        // Two sets of packed operands when there is more than one block: block b + 1 is packed into one while block b
        // is multiplied out of the other.
        int sets = blocks > 1 ? 2 : 1;
        var packed = new float[sets][];
        var packedA = new float[sets][];
        for (int set = 0; set < sets; set++)
        {
            packed[set] = TakeSyrkBuffer(2 * set, panels * nr * depth);
            packedA[set] = TakeSyrkBuffer(2 * set + 1, tiles * SyrkTileRows * depth);
        }
        try
        {
            int firstKc = Math.Min(depth, rows);
            HotTeam.For(SyrkPackChunks(firstKc), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int g) => PackRows(x, firstRow, firstKc, n, nr, panels, g, packed[0], packedA[0]));
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
                    int chunks = SyrkPackChunks(nextKc);
                    if (order is null || order.Length != units + chunks) order = SyrkInterleave(units, chunks);
                    int[] dealt = order;
                    HotTeam.For(dealt.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int k) =>
                    {
                        int item = dealt[k];
                        if (item >= 0) SyrkUnit<TS, TV>(tilesNow, panelsNow, kc, n, nr, panels, item, c, add);
                        else PackRows(x, nextStart, nextKc, n, nr, panels, ~item, panelsNext, tilesNext);
                    });
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
        int nr, int panels, int depth, int units, int packedLength, int packedALength)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int blocks = (rows + depth - 1) / depth;
        int tiles = (n + SyrkTileRows - 1) / SyrkTileRows;
        float[] packed = TakeSyrkBuffer(0, packedLength), packedA = TakeSyrkBuffer(1, packedALength);
        try
        {
            // The packing chunks of all the blocks, dealt in one loop: chunk g of block b is number b·chunksPerBlock + g.
            int chunksPerBlock = SyrkPackChunks(depth);
            HotTeam.For(blocks * chunksPerBlock, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int k) =>
            {
                int block = k / chunksPerBlock, chunk = k % chunksPerBlock;
                int p0 = block * depth, kc = Math.Min(depth, rows - p0);
                if (chunk < SyrkPackChunks(kc))
                {
                    PackRows(x, firstRow + p0, kc, n, nr, panels, chunk, packed, packedA, (nint)p0 * panels * nr, (nint)p0 * tiles * SyrkTileRows);
                }
            });
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

    /// <summary>Packing chunks of <see cref="SyrkPackRows"/> patterns in a block of kc.</summary>
    private static int SyrkPackChunks(int kc) => (kc + SyrkPackRows - 1) / SyrkPackRows;

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
        return buffer is not null && buffer.Length >= length ? buffer : LargeBuffers.Uninitialized<float>(length);
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
    /// Packs patterns p0 … p1 − 1 (chunk <paramref name="chunk"/>, <see cref="SyrkPackRows"/> patterns) of the depth
    /// block (rows start + p of x) into both layouts: the nr-wide panels (<paramref name="packed"/>, panel jb holds
    /// columns jb·nr … jb·nr + nr − 1 of its kc rows, zero past column n) and the 8-wide broadcast rows
    /// (<paramref name="packedA"/>, tile t holds columns 8t … 8t + 7). Each run of 8 columns of x is read once and stored
    /// twice, in vector copies with no calls; panel by panel, so each of the few rows of a chunk is read in order and
    /// each write lands in a contiguous run of the packed buffers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRows(float[] x, int start, int kc, int n, int nr, int panels, int chunk, float[] packed, float[] packedA,
        nint packedStart = 0, nint packedAStart = 0)
    {
        int p0 = chunk * SyrkPackRows, p1 = Math.Min(kc, p0 + SyrkPackRows);
        ref float source = ref MemoryMarshal.GetArrayDataReference(x);
        ref float panelOrigin = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), packedStart);
        ref float tileOrigin = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packedA), packedAStart);
        int runs = nr / SyrkTileRows;
        for (int jb = 0; jb < panels; jb++)
        {
            int j0 = jb * nr;
            ref float panel = ref Unsafe.Add(ref panelOrigin, (nint)j0 * kc);
            for (int p = p0; p < p1; p++)
            {
                ref float row = ref Unsafe.Add(ref source, (nint)(start + p) * n);
                ref float target = ref Unsafe.Add(ref panel, (nint)p * nr);
                for (int t = 0; t < runs; t++)
                {
                    int j = j0 + t * SyrkTileRows;
                    ref float tile = ref Unsafe.Add(ref tileOrigin, (nint)j * kc + (nint)p * SyrkTileRows);
                    ref float into = ref Unsafe.Add(ref target, t * SyrkTileRows);
                    if (j + SyrkTileRows <= n)
                    {
                        var v = Vector256.LoadUnsafe(ref row, (nuint)j);
                        v.StoreUnsafe(ref into);
                        v.StoreUnsafe(ref tile);
                    }
                    else if (j < n)
                    {
                        // The ragged last run: its columns, then zeros (the last tile of 8 is padded the same way).
                        for (int q = 0; q < SyrkTileRows; q++)
                        {
                            float value = j + q < n ? Unsafe.Add(ref row, j + q) : 0f;
                            Unsafe.Add(ref into, q) = value;
                            Unsafe.Add(ref tile, q) = value;
                        }
                    }
                    else
                    {
                        // Past column n (and past the last tile): zero panel columns only.
                        Vector256<float>.Zero.StoreUnsafe(ref into);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Work unit u: up to <see cref="SyrkUnitTiles"/> row tiles of 8 against a block of up to
    /// <see cref="SyrkBlockPanels"/> panels (kept in L2 across the unit). Each packed 8-row operand (the broadcasts,
    /// 16 KB) meets every panel of the block left of the diagonal while it is in L1, and the next tile's rows of c are
    /// prefetched while this one computes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkUnit<TS, TV>(float[] packedA, float[] packed, int kc, int n, int nr, int panels, int unit, float[] c, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct =>
        SyrkUnit<TS, TV>(packedA, packed, kc, kc, n, nr, panels, unit, c, accumulate);

    /// <summary>
    /// Work unit u over all the <paramref name="rows"/> patterns, packed block after block of <paramref name="depth"/>
    /// (block b's panels from float b·depth·panels·nr of <paramref name="packed"/>, its broadcast rows from
    /// b·depth·tiles·8 of <paramref name="packedA"/>): the depth blocks are the outer loop of the unit, so its tile of c
    /// (128 × 288 floats, 147 KB) stays in L2 from the first block to the last, and each element's chain goes on over
    /// the blocks in order. The unit's panels of the next block (576 KB) are prefetched over the calls of this one,
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
            ref float pack = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), (nint)p0 * panels * nr);
            ref float packA = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packedA), (nint)p0 * tilesAll * SyrkTileRows);
            // The next depth block's panels of this unit (contiguous), prefetched in slices over this block's kernel calls.
            int kcNext = Math.Min(depth, rows - p0 - kc);
            int jbUsed = Math.Min(jbEnd, (rowEnd - 1) / nr + 1);
            int nextLines = kcNext > 0 ? (jbUsed - jbFirst) * nr * kcNext / 16 : 0;
            ref float nextPanels = ref nextLines > 0
                ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), (nint)(p0 + kc) * panels * nr + (nint)jbFirst * nr * kcNext)
                : ref pack;
            int blockCalls = 0;
            for (int i0 = rowFirst; i0 < rowEnd; i0 += SyrkTileRows) blockCalls += Math.Max(0, Math.Min(jbEnd, i0 / nr + 1) - jbFirst);
            int blockCall = 0;
            for (int i0 = rowFirst; i0 < rowEnd; i0 += SyrkTileRows)
            {
                ref float a = ref Unsafe.Add(ref packA, (nint)(i0 / SyrkTileRows) * SyrkTileRows * kc);
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
                // The next tile's broadcast rows (kc × 8 floats) come from memory once per block: their lines are prefetched
                // in slices over this tile's kernel calls (one slice a call), so the next tile starts with them in cache.
                int calls = Math.Max(1, Math.Min(jbEnd, i0 / nr + 1) - jbFirst);
                int aLines = i0 + SyrkTileRows < rowEnd ? kc * SyrkTileRows / 16 : 0;
                ref float aNext = ref aLines > 0 ? ref Unsafe.Add(ref a, (nint)SyrkTileRows * kc) : ref a;
                var aheadLines = ahead[..lines];
                int call = 0;
                for (int jb = jbFirst; jb < jbEnd; jb++, call++)
                {
                    int j0 = jb * nr;
                    if (j0 > i0) break;
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
                        SyrkKernel<TS, TV>(ref a, SyrkTileRows, ref b, kc, nr, ref c0, offsets, add, ref aheadBase, aheadLines, ref aSlice, count, ref nextSlice, nextCount);
                        continue;
                    }
                    LoadTile(c, tile, i0, j0, rowsHere, n, nr, add);
                    SyrkKernel<TS, TV>(ref a, SyrkTileRows, ref b, kc, nr, ref MemoryMarshal.GetReference(tile), tileOffsets, true, ref aheadBase, aheadLines, ref aSlice, count, ref nextSlice, nextCount);
                    StoreTile(c, tile, i0, j0, rowsHere, n, nr);
                }
            }
        }
    }

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
    /// c[r, t] = fma chain over p of a[p, r]·b[p, t] (continuing from c when <paramref name="load"/>) for an
    /// 8 × 3-vector tile; a has row stride aStride, b row stride nr, and row r of c starts at offsets[r]. Prefetches
    /// the cache lines at <paramref name="ahead"/> + <paramref name="aheadLines"/>[q], one every
    /// <see cref="SyrkPrefetchSteps"/> patterns, and the <paramref name="runLines"/> consecutive lines from
    /// <paramref name="run"/>, spread evenly over the same groups (any left over after the loop), and the same way the
    /// <paramref name="run2Lines"/> lines from <paramref name="run2"/> (the unit's panels of the next depth block): so no
    /// miss stalls on them at once, and the next tile (or block) finds its rows of c, its broadcasts and its panels in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SyrkKernel<TS, TV>(ref float a, nint aStride, ref float b, int kc, int nr, ref float c, ReadOnlySpan<nint> offsets, bool load,
        ref float ahead, ReadOnlySpan<nint> aheadLines, ref float run, int runLines, ref float run2, int run2Lines)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Width;
        ref float r0 = ref Unsafe.Add(ref c, offsets[0]);
        ref float r1 = ref Unsafe.Add(ref c, offsets[1]);
        ref float r2 = ref Unsafe.Add(ref c, offsets[2]);
        ref float r3 = ref Unsafe.Add(ref c, offsets[3]);
        ref float r4 = ref Unsafe.Add(ref c, offsets[4]);
        ref float r5 = ref Unsafe.Add(ref c, offsets[5]);
        ref float r6 = ref Unsafe.Add(ref c, offsets[6]);
        ref float r7 = ref Unsafe.Add(ref c, offsets[7]);
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c42 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero, c52 = TS.Zero, c60 = TS.Zero, c61 = TS.Zero, c62 = TS.Zero, c70 = TS.Zero, c71 = TS.Zero, c72 = TS.Zero;
        if (load)
        {
            c00 = TS.Load(ref r0, 0); c01 = TS.Load(ref r0, w); c02 = TS.Load(ref r0, 2 * w);
            c10 = TS.Load(ref r1, 0); c11 = TS.Load(ref r1, w); c12 = TS.Load(ref r1, 2 * w);
            c20 = TS.Load(ref r2, 0); c21 = TS.Load(ref r2, w); c22 = TS.Load(ref r2, 2 * w);
            c30 = TS.Load(ref r3, 0); c31 = TS.Load(ref r3, w); c32 = TS.Load(ref r3, 2 * w);
            c40 = TS.Load(ref r4, 0); c41 = TS.Load(ref r4, w); c42 = TS.Load(ref r4, 2 * w);
            c50 = TS.Load(ref r5, 0); c51 = TS.Load(ref r5, w); c52 = TS.Load(ref r5, 2 * w);
            c60 = TS.Load(ref r6, 0); c61 = TS.Load(ref r6, w); c62 = TS.Load(ref r6, 2 * w);
            c70 = TS.Load(ref r7, 0); c71 = TS.Load(ref r7, w); c72 = TS.Load(ref r7, 2 * w);
        }
        int lines = aheadLines.Length, line = 0, runLine = 0;
        int runPerGroup = (runLines * SyrkPrefetchSteps + kc - 1) / kc;
        int run2Line = 0, run2PerGroup = (run2Lines * SyrkPrefetchSteps + kc - 1) / kc;
        ref nint lineOffset = ref MemoryMarshal.GetReference(aheadLines);
        for (int p = 0; p < kc;)
        {
            if (line < lines) Prefetch(ref Unsafe.Add(ref ahead, Unsafe.Add(ref lineOffset, line++)));
            for (int q = 0; q < runPerGroup && runLine < runLines; q++, runLine++) PrefetchAhead(ref run, (nint)runLine * 64);
            for (int q = 0; q < run2PerGroup && run2Line < run2Lines; q++, run2Line++) PrefetchAhead(ref run2, (nint)run2Line * 64);
            int end = Math.Min(kc, p + SyrkPrefetchSteps);
            for (; p < end; p++)
            {
                TV b0 = TS.Load(ref b, 0), b1 = TS.Load(ref b, w), b2 = TS.Load(ref b, 2 * w);
                TV x = TS.Create(a);
                c00 = TS.FusedMultiplyAdd(x, b0, c00); c01 = TS.FusedMultiplyAdd(x, b1, c01); c02 = TS.FusedMultiplyAdd(x, b2, c02);
                x = TS.Create(Unsafe.Add(ref a, 1));
                c10 = TS.FusedMultiplyAdd(x, b0, c10); c11 = TS.FusedMultiplyAdd(x, b1, c11); c12 = TS.FusedMultiplyAdd(x, b2, c12);
                x = TS.Create(Unsafe.Add(ref a, 2));
                c20 = TS.FusedMultiplyAdd(x, b0, c20); c21 = TS.FusedMultiplyAdd(x, b1, c21); c22 = TS.FusedMultiplyAdd(x, b2, c22);
                x = TS.Create(Unsafe.Add(ref a, 3));
                c30 = TS.FusedMultiplyAdd(x, b0, c30); c31 = TS.FusedMultiplyAdd(x, b1, c31); c32 = TS.FusedMultiplyAdd(x, b2, c32);
                x = TS.Create(Unsafe.Add(ref a, 4));
                c40 = TS.FusedMultiplyAdd(x, b0, c40); c41 = TS.FusedMultiplyAdd(x, b1, c41); c42 = TS.FusedMultiplyAdd(x, b2, c42);
                x = TS.Create(Unsafe.Add(ref a, 5));
                c50 = TS.FusedMultiplyAdd(x, b0, c50); c51 = TS.FusedMultiplyAdd(x, b1, c51); c52 = TS.FusedMultiplyAdd(x, b2, c52);
                x = TS.Create(Unsafe.Add(ref a, 6));
                c60 = TS.FusedMultiplyAdd(x, b0, c60); c61 = TS.FusedMultiplyAdd(x, b1, c61); c62 = TS.FusedMultiplyAdd(x, b2, c62);
                x = TS.Create(Unsafe.Add(ref a, 7));
                c70 = TS.FusedMultiplyAdd(x, b0, c70); c71 = TS.FusedMultiplyAdd(x, b1, c71); c72 = TS.FusedMultiplyAdd(x, b2, c72);
                a = ref Unsafe.Add(ref a, aStride);
                b = ref Unsafe.Add(ref b, nr);
            }
        }
        for (; line < lines; line++) Prefetch(ref Unsafe.Add(ref ahead, Unsafe.Add(ref lineOffset, line)));
        for (; runLine < runLines; runLine++) PrefetchAhead(ref run, (nint)runLine * 64);
        for (; run2Line < run2Lines; run2Line++) PrefetchAhead(ref run2, (nint)run2Line * 64);
        TS.Store(c00, ref r0, 0); TS.Store(c01, ref r0, w); TS.Store(c02, ref r0, 2 * w);
        TS.Store(c10, ref r1, 0); TS.Store(c11, ref r1, w); TS.Store(c12, ref r1, 2 * w);
        TS.Store(c20, ref r2, 0); TS.Store(c21, ref r2, w); TS.Store(c22, ref r2, 2 * w);
        TS.Store(c30, ref r3, 0); TS.Store(c31, ref r3, w); TS.Store(c32, ref r3, 2 * w);
        TS.Store(c40, ref r4, 0); TS.Store(c41, ref r4, w); TS.Store(c42, ref r4, 2 * w);
        TS.Store(c50, ref r5, 0); TS.Store(c51, ref r5, w); TS.Store(c52, ref r5, 2 * w);
        TS.Store(c60, ref r6, 0); TS.Store(c61, ref r6, w); TS.Store(c62, ref r6, 2 * w);
        TS.Store(c70, ref r7, 0); TS.Store(c71, ref r7, w); TS.Store(c72, ref r7, 2 * w);
    }
}
