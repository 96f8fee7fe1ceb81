using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>Lane classes of the 512-bit <see cref="Dot"/>: element k of a row belongs to class k mod 16.</summary>
    private const int LaneClasses = 16;

    /// <summary>Rows of a in the lane-class register tile (broadcast operands).</summary>
    private const int LaneTileRows = 8;

    /// <summary>Columns of the lane-class register tile: 3 vectors, so 8 × 3 = 24 accumulators, as in the Gram kernel.</summary>
    private const int LanePanel = 3 * LaneClasses;

    /// <summary>
    /// Fewest rows of a for which <see cref="GemmNT(float[], int, float[], int, int, float[], bool, bool, int)"/> packs b
    /// per call for the lane-class kernel; below it the dot-product tiles are faster than packing all of b.
    /// </summary>
    private const int LaneMinRows = 32;

    /// <summary>
    /// Largest b (elements) that <see cref="PackB"/> copies: 2^26 floats (256 MB, N = 8,192). A bigger W would double a
    /// footprint that is already most of memory (N = 16,384: 1 GiB); its products still take the lane-class kernel,
    /// packing one 48-row panel of b at a time.
    /// </summary>
    private const long LanePackLimit = 1L << 26;

    /// <summary>Work items the product is split into at least (when there are rows enough), so two cores balance.</summary>
    private const int LaneMinWorkItems = 8;

    /// <summary>Rows of b in one panel of a <see cref="PackB"/> operand (48); panel p holds rows [48p, 48p + 48), zero-padded.</summary>
    internal const int PackedPanelRows = LanePanel;

    /// <summary>
    /// Where, inside each panel of a <see cref="PackB"/> operand of depth <paramref name="depth"/>, the
    /// <see cref="PackedPanelRows"/> consecutive floats <c>b[48p + u, k]</c> (u = 0..47) start: element k of the lane-class
    /// layout (class k mod 16, chunk k / 16; the tail past the whole chunks in k order). For a symmetric b they are
    /// row k's elements in the panel's columns.
    /// </summary>
    internal static int PackedPanelOffset(int k, int depth)
    {
        int chunks = depth / LaneClasses;
        return k < chunks * LaneClasses ? ((k % LaneClasses) * chunks + k / LaneClasses) * LanePanel : k * LanePanel;
    }

    /// <summary>Whether 512-bit products use the lane-class kernel; tests and benchmarks turn it off to reach the dot-product tiles.</summary>
    internal static bool LaneClassGemm { get; set; } = true;

    /// <summary>
    /// Packs b (n × k, row-major) for repeated <see cref="GemmNT(float[], int, PackedGemmOperand, float[], bool, int)"/>
    /// calls with left operands of about <paramref name="rowsOfA"/> rows. Packs only when the lane-class kernel applies
    /// (512-bit vectors, <paramref name="rowsOfA"/> ≥ 8, b at most 2^26 floats); otherwise the operand just wraps b. Either
    /// way the products are the same, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">b is shorter than n × k.</exception>
    public static PackedGemmOperand PackB(float[] b, int n, int k, int rowsOfA, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(b);
        if ((long)n * k > b.Length) throw new ArgumentException($"b length ({b.Length}) < n ({n}) × k ({k}).");
        if (Level != SimdLevel.Vector512 || !LaneClassGemm || rowsOfA < LaneTileRows || n == 0 || k == 0 || (long)n * k > LanePackLimit)
        {
            return new PackedGemmOperand(b, n, k, null, Level);
        }
        int panels = (n + LanePanel - 1) / LanePanel;
        long panelSize = (long)LanePanel * k;
        float[] packed = AlignedBuffer.Rent(checked((int)(panels * panelSize)), out int offset);
        int degree = (long)n * k < ParallelThreshold ? 1 : maxDegreeOfParallelism;
        CannsParallelism.For(0, panels, p => PackLanePanel(b, n, k, p, packed.AsSpan((int)(offset + p * panelSize), (int)panelSize)), degree);
        return new PackedGemmOperand(b, n, k, packed, SimdLevel.Vector512, offset);
    }

    /// <summary>
    /// As <see cref="GemmNT(float[], int, float[], int, int, float[], bool, bool, int)"/> (full product) with a b packed
    /// by <see cref="PackB"/>: <c>c[i,j] (+)= Σ_k a[i,k]·b[j,k]</c>, every element <see cref="Dot"/> of its rows, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">a or c is shorter than the shapes need.</exception>
    public static void GemmNT(float[] a, int m, PackedGemmOperand b, float[] c, bool accumulate = false, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = b.Rows, k = b.Depth;
        float[]? packed = b.Packed;
        if (packed is null || Level != SimdLevel.Vector512 || !LaneClassGemm)
        {
            GemmNT(a, m, b.Source, n, k, c, lowerOnly: false, accumulate, maxDegreeOfParallelism);
            return;
        }
        if ((long)m * k > a.Length) throw new ArgumentException($"a length ({a.Length}) < m ({m}) × k ({k}).");
        if ((long)m * n > c.Length) throw new ArgumentException($"c length ({c.Length}) < m ({m}) × n ({n}).");
        if (m == 0) return;
        GemmLanes(a, m, b.Source, packed, b.Offset, n, k, c, accumulate, (long)m * n * k < ParallelThreshold ? 1 : maxDegreeOfParallelism);
    }

    /// <summary>
    /// The 512-bit product by lane classes. Lane l of <see cref="Dot"/>'s accumulator is the fused multiply-add chain
    /// over the elements k ≡ l (mod 16) of the whole chunks, in increasing k, from 0; so for each class l the partial
    /// product <c>C_l = A_l B_lᵀ</c> (A_l, B_l: the columns of a and b in class l) is an ordinary product of depth
    /// ⌊k/16⌋, which an 8 × 48 broadcast register tile computes with one load per 8 multiply-adds. Each element of
    /// C_l is that lane exactly (a fused multiply-add rounds once, in a vector lane as in a scalar). The 16 partial
    /// tiles are then added in <see cref="Simd512.Sum"/>'s tree, elementwise, and the tail columns follow with fused
    /// multiply-adds in k order: every element is <see cref="Dot"/> of its rows, bit for bit.
    /// </summary>
    /// <remarks>
    /// Work items are 48-column panels of b (from <paramref name="packedB"/>, or packed by the work item into a rented
    /// L2-sized buffer when it is null); each meets every 8-row group of the packed a, or a share of them when there
    /// are fewer than 8 panels. One thread forms each element, so the thread count does not change the result.
    /// </remarks>
    private static void GemmLanes(float[] a, int m, float[] b, float[]? packedB, int packedOffset, int n, int k, float[] c, bool accumulate, int degree)
    {
        int chunks = k / LaneClasses;
        int groups = (m + LaneTileRows - 1) / LaneTileRows;
        long groupSize = (long)LaneTileRows * chunks * LaneClasses;
        int panels = (n + LanePanel - 1) / LanePanel;
        int panelSize = LanePanel * k;
        // Few panels (small n): split the rows too, so both cores get work; b is then packed whole first.
        int rowBlocks = panels >= LaneMinWorkItems ? 1 : Math.Min(groups, (LaneMinWorkItems + panels - 1) / panels);
        float[] packedA = ArrayPool<float>.Shared.Rent(Math.Max(1, checked((int)(groups * groupSize))));
        float[]? ownPackedB = null;
        try
        {
            CannsParallelism.For(0, groups, g => PackLaneRows(a, m, k, g, packedA.AsSpan((int)(g * groupSize), (int)groupSize)), degree);
            if (packedB is null && rowBlocks > 1)
            {
                packedB = ownPackedB = ArrayPool<float>.Shared.Rent(Math.Max(1, checked(panels * panelSize)));
                packedOffset = 0;
                CannsParallelism.For(0, panels, p => PackLanePanel(b, n, k, p, ownPackedB.AsSpan(p * panelSize, panelSize)), degree);
            }
            CannsParallelism.For(0, panels * rowBlocks, item =>
            {
                int p = item / rowBlocks, rb = item % rowBlocks;
                int g0 = (int)((long)rb * groups / rowBlocks), g1 = (int)((long)(rb + 1) * groups / rowBlocks);
                if (packedB is not null)
                {
                    LanePanelProduct(a, packedA, m, k, packedB.AsSpan((int)(packedOffset + (long)p * panelSize), panelSize), n, p, g0, g1, c, accumulate);
                    return;
                }
                float[] panel = ArrayPool<float>.Shared.Rent(Math.Max(1, panelSize));
                try
                {
                    PackLanePanel(b, n, k, p, panel.AsSpan(0, panelSize));
                    LanePanelProduct(a, packedA, m, k, panel.AsSpan(0, panelSize), n, p, g0, g1, c, accumulate);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(panel);
                }
            }, degree);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedA);
            if (ownPackedB is not null) ArrayPool<float>.Shared.Return(ownPackedB);
        }
    }

    /// <summary>Packs columns 48p … 48p + 47 of the rows of b (zero past n) as <c>[l][c][u]</c>, then the tail as <c>[t][u]</c>.</summary>
    private static void PackLanePanel(float[] b, int n, int k, int p, Span<float> target)
    {
        int j0 = p * LanePanel;
        int cols = Math.Min(LanePanel, n - j0);
        int chunks = k / LaneClasses;
        int kVector = chunks * LaneClasses;
        if (cols < LanePanel) target.Clear();
        ref float dst = ref MemoryMarshal.GetReference(target);
        ref float src = ref MemoryMarshal.GetArrayDataReference(b);
        // Whole 16-row blocks transposed in registers, each in one pass over k (16 source streams, which the
        // prefetchers follow); the rows past the last whole block one element at a time.
        int blockRows = Avx512F.IsSupported ? cols - cols % LaneClasses : 0;
        for (int h = 0; h < blockRows; h += LaneClasses)
        {
            for (int q = 0; q < chunks; q++)
            {
                Transpose16(ref Unsafe.Add(ref src, (nint)(j0 + h) * k + q * LaneClasses), k,
                    ref Unsafe.Add(ref dst, (nint)q * LanePanel + h), (nint)chunks * LanePanel);
            }
        }
        for (int q = 0; q < chunks; q++)
        {
            for (int u = blockRows; u < cols; u++)
            {
                ref float row = ref Unsafe.Add(ref src, (nint)(j0 + u) * k + q * LaneClasses);
                ref float at = ref Unsafe.Add(ref dst, (nint)q * LanePanel + u);
                for (int l = 0; l < LaneClasses; l++)
                {
                    Unsafe.Add(ref at, (nint)l * chunks * LanePanel) = Unsafe.Add(ref row, l);
                }
            }
        }
        for (int t = 0; t < k - kVector; t++)
        {
            ref float at = ref Unsafe.Add(ref dst, (nint)(kVector + t) * LanePanel);
            for (int u = 0; u < cols; u++) Unsafe.Add(ref at, u) = Unsafe.Add(ref src, (nint)(j0 + u) * k + kVector + t);
        }
    }

    /// <summary>Packs rows 8g … 8g + 7 of a (zero past m), whole chunks only, as <c>[l][c][r] = a[8g + r, 16c + l]</c>.</summary>
    private static void PackLaneRows(float[] a, int m, int k, int g, Span<float> target)
    {
        int i0 = g * LaneTileRows;
        int rows = Math.Min(LaneTileRows, m - i0);
        int chunks = k / LaneClasses;
        if (rows < LaneTileRows) target.Clear();
        ref float dst = ref MemoryMarshal.GetReference(target);
        ref float src = ref MemoryMarshal.GetArrayDataReference(a);
        int q0 = 0;
        if (Avx512F.IsSupported && rows == LaneTileRows)
        {
            // Two chunks of the 8 rows make 16 vectors; transposed, lane l gives [l][q][0..7] and [l][q + 1][0..7], adjacent.
            for (; q0 + 2 <= chunks; q0 += 2)
            {
                Transpose16Rows8(ref Unsafe.Add(ref src, (nint)i0 * k + q0 * LaneClasses), k,
                    ref Unsafe.Add(ref dst, (nint)q0 * LaneTileRows), (nint)chunks * LaneTileRows);
            }
        }
        for (int q = q0; q < chunks; q++)
        {
            for (int r = 0; r < rows; r++)
            {
                ref float row = ref Unsafe.Add(ref src, (nint)(i0 + r) * k + q * LaneClasses);
                ref float at = ref Unsafe.Add(ref dst, (nint)q * LaneTileRows + r);
                for (int l = 0; l < LaneClasses; l++)
                {
                    Unsafe.Add(ref at, (nint)l * chunks * LaneTileRows) = Unsafe.Add(ref row, l);
                }
            }
        }
    }

    /// <summary>
    /// <c>target[c·targetStride + r] = source[r·sourceStride + c]</c> for r &lt; <paramref name="rows"/>, c &lt;
    /// <paramref name="columns"/>: whole 16 × 16 blocks through <see cref="Transpose16"/> where 512-bit vectors are
    /// accelerated, the rest (the last rows, the last columns) one by one. A copy, so the same floats either way.
    /// </summary>
    internal static void Transpose(ref float source, int sourceStride, ref float target, int targetStride, int rows, int columns)
    {
        bool blocks = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
        int blockRows = blocks ? rows / 16 * 16 : 0, blockColumns = blocks ? columns / 16 * 16 : 0;
        for (int r0 = 0; r0 < blockRows; r0 += 16)
        {
            for (int c0 = 0; c0 < blockColumns; c0 += 16)
            {
                Transpose16(ref Unsafe.Add(ref source, (nint)r0 * sourceStride + c0), sourceStride, ref Unsafe.Add(ref target, (nint)c0 * targetStride + r0), targetStride);
            }
        }
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref source, (nint)r * sourceStride);
            for (int c = r < blockRows ? blockColumns : 0; c < columns; c++) Unsafe.Add(ref target, (nint)c * targetStride + r) = Unsafe.Add(ref row, c);
        }
    }

    /// <summary>
    /// Transposes the 16 × 16 block whose row u starts at <c>source + u·sourceStride</c>: vector l of the result (the
    /// elements l of the 16 rows) goes to <c>target + l·targetStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose16(ref float source, int sourceStride, ref float target, nint targetStride)
    {
        nint s = sourceStride;
        Transpose16x16(
            Vector512.LoadUnsafe(ref source), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 2 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 3 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 4 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 5 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 6 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 7 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 8 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 9 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 10 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 11 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 12 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 13 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 14 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 15 * s)), ref target, targetStride);
    }

    /// <summary>
    /// Transposes two chunks (16 lanes each, the second 16 floats after the first) of 8 rows with stride
    /// <paramref name="sourceStride"/>: vector l of the result, <c>[rows' chunk-0 lane l, rows' chunk-1 lane l]</c>, goes to
    /// <c>target + l·targetStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16Rows8(ref float source, int sourceStride, ref float target, nint targetStride)
    {
        nint s = sourceStride;
        ref float next = ref Unsafe.Add(ref source, LaneClasses);
        Transpose16x16(
            Vector512.LoadUnsafe(ref source), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 2 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 3 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 4 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 5 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 6 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 7 * s)),
            Vector512.LoadUnsafe(ref next), Vector512.LoadUnsafe(ref Unsafe.Add(ref next, s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref next, 2 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref next, 3 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref next, 4 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref next, 5 * s)),
            Vector512.LoadUnsafe(ref Unsafe.Add(ref next, 6 * s)), Vector512.LoadUnsafe(ref Unsafe.Add(ref next, 7 * s)), ref target, targetStride);
    }

    /// <summary>
    /// Stores the transpose of the rows r0 … r15: vector l (element l of every row) at <c>target + l·stride</c>. Four
    /// shuffle stages: pairs of rows (unpack), 4 × 4 blocks within 128-bit lanes, then two exchanges of 128-bit lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16x16(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3,
        Vector512<float> r4, Vector512<float> r5, Vector512<float> r6, Vector512<float> r7, Vector512<float> r8, Vector512<float> r9,
        Vector512<float> r10, Vector512<float> r11, Vector512<float> r12, Vector512<float> r13, Vector512<float> r14, Vector512<float> r15,
        ref float target, nint stride)
    {
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9);
        var t10 = Avx512F.UnpackLow(r10, r11); var t11 = Avx512F.UnpackHigh(r10, r11);
        var t12 = Avx512F.UnpackLow(r12, r13); var t13 = Avx512F.UnpackHigh(r12, r13);
        var t14 = Avx512F.UnpackLow(r14, r15); var t15 = Avx512F.UnpackHigh(r14, r15);
        // u[4g + c] holds, in 128-bit lane L, column c + 4L of rows 4g … 4g + 3.
        var u0 = Avx512F.Shuffle(t0, t2, 0x44); var u1 = Avx512F.Shuffle(t0, t2, 0xEE);
        var u2 = Avx512F.Shuffle(t1, t3, 0x44); var u3 = Avx512F.Shuffle(t1, t3, 0xEE);
        var u4 = Avx512F.Shuffle(t4, t6, 0x44); var u5 = Avx512F.Shuffle(t4, t6, 0xEE);
        var u6 = Avx512F.Shuffle(t5, t7, 0x44); var u7 = Avx512F.Shuffle(t5, t7, 0xEE);
        var u8 = Avx512F.Shuffle(t8, t10, 0x44); var u9 = Avx512F.Shuffle(t8, t10, 0xEE);
        var u10 = Avx512F.Shuffle(t9, t11, 0x44); var u11 = Avx512F.Shuffle(t9, t11, 0xEE);
        var u12 = Avx512F.Shuffle(t12, t14, 0x44); var u13 = Avx512F.Shuffle(t12, t14, 0xEE);
        var u14 = Avx512F.Shuffle(t13, t15, 0x44); var u15 = Avx512F.Shuffle(t13, t15, 0xEE);
        // v[c] (c < 4) holds columns c and c + 8 of rows 0-3 and 4-7; v[c + 4] columns c + 4 and c + 12; v[8 …] rows 8-15.
        var v0 = Avx512F.Shuffle4x128(u0, u4, 0x88); var v1 = Avx512F.Shuffle4x128(u1, u5, 0x88);
        var v2 = Avx512F.Shuffle4x128(u2, u6, 0x88); var v3 = Avx512F.Shuffle4x128(u3, u7, 0x88);
        var v4 = Avx512F.Shuffle4x128(u0, u4, 0xDD); var v5 = Avx512F.Shuffle4x128(u1, u5, 0xDD);
        var v6 = Avx512F.Shuffle4x128(u2, u6, 0xDD); var v7 = Avx512F.Shuffle4x128(u3, u7, 0xDD);
        var v8 = Avx512F.Shuffle4x128(u8, u12, 0x88); var v9 = Avx512F.Shuffle4x128(u9, u13, 0x88);
        var v10 = Avx512F.Shuffle4x128(u10, u14, 0x88); var v11 = Avx512F.Shuffle4x128(u11, u15, 0x88);
        var v12 = Avx512F.Shuffle4x128(u8, u12, 0xDD); var v13 = Avx512F.Shuffle4x128(u9, u13, 0xDD);
        var v14 = Avx512F.Shuffle4x128(u10, u14, 0xDD); var v15 = Avx512F.Shuffle4x128(u11, u15, 0xDD);
        Avx512F.Shuffle4x128(v0, v8, 0x88).StoreUnsafe(ref target);
        Avx512F.Shuffle4x128(v1, v9, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, stride));
        Avx512F.Shuffle4x128(v2, v10, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, 2 * stride));
        Avx512F.Shuffle4x128(v3, v11, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, 3 * stride));
        Avx512F.Shuffle4x128(v4, v12, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, 4 * stride));
        Avx512F.Shuffle4x128(v5, v13, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, 5 * stride));
        Avx512F.Shuffle4x128(v6, v14, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, 6 * stride));
        Avx512F.Shuffle4x128(v7, v15, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, 7 * stride));
        Avx512F.Shuffle4x128(v0, v8, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 8 * stride));
        Avx512F.Shuffle4x128(v1, v9, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 9 * stride));
        Avx512F.Shuffle4x128(v2, v10, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 10 * stride));
        Avx512F.Shuffle4x128(v3, v11, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 11 * stride));
        Avx512F.Shuffle4x128(v4, v12, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 12 * stride));
        Avx512F.Shuffle4x128(v5, v13, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 13 * stride));
        Avx512F.Shuffle4x128(v6, v14, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 14 * stride));
        Avx512F.Shuffle4x128(v7, v15, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, 15 * stride));
    }

    /// <summary>
    /// Columns 48p … 48p + 47 of c for the 8-row groups g0 … g1 − 1 of a: per group, the 16 lane-class tiles, then
    /// their combination.
    /// </summary>
    private static void LanePanelProduct(float[] a, float[] packedA, int m, int k, ReadOnlySpan<float> panel, int n, int p, int g0, int g1, float[] c, bool accumulate)
    {
        int chunks = k / LaneClasses;
        int tileSize = LaneTileRows * LanePanel;
        Span<float> scratch = stackalloc float[LaneClasses * tileSize];
        ref float tiles = ref MemoryMarshal.GetReference(scratch);
        ref float b = ref MemoryMarshal.GetReference(panel);
        ref float packA = ref MemoryMarshal.GetArrayDataReference(packedA);
        for (int g = g0; g < g1; g++)
        {
            int i0 = g * LaneTileRows;
            ref float group = ref Unsafe.Add(ref packA, (nint)i0 * chunks * LaneClasses);
            for (int l = 0; l < LaneClasses; l++)
            {
                LaneKernel(ref Unsafe.Add(ref group, (nint)l * chunks * LaneTileRows), ref Unsafe.Add(ref b, (nint)l * chunks * LanePanel), chunks,
                    ref Unsafe.Add(ref tiles, l * tileSize));
            }
            LaneCombine(a, i0, Math.Min(LaneTileRows, m - i0), k, ref tiles, ref b, n, p, c, accumulate);
        }
    }

    /// <summary>
    /// Adds the 16 lane-class tiles in <see cref="Simd512.Sum"/>'s tree (l + l+8, then + 4, then (0 + 2) + (1 + 3)),
    /// continues with the tail columns by fused multiply-adds in k order, and stores (or adds) the rows to c.
    /// </summary>
    private static void LaneCombine(float[] a, int i0, int rows, int k, ref float tiles, ref float panel, int n, int p, float[] c, bool accumulate)
    {
        const int tileSize = LaneTileRows * LanePanel;
        int kVector = k - k % LaneClasses;
        int j0 = p * LanePanel;
        ref float tail = ref Unsafe.Add(ref panel, (nint)kVector * LanePanel);
        ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref float pc = ref MemoryMarshal.GetArrayDataReference(c);
        for (int r = 0; r < rows; r++)
        {
            ref float aRow = ref Unsafe.Add(ref pa, (nint)(i0 + r) * k);
            ref float cRow = ref Unsafe.Add(ref pc, (nint)(i0 + r) * n + j0);
            for (int v = 0; v < LanePanel; v += LaneClasses)
            {
                ref float s = ref Unsafe.Add(ref tiles, r * LanePanel + v);
                Vector512<float> d0 = Lane(ref s, 0) + Lane(ref s, 8), d1 = Lane(ref s, 1) + Lane(ref s, 9);
                Vector512<float> d2 = Lane(ref s, 2) + Lane(ref s, 10), d3 = Lane(ref s, 3) + Lane(ref s, 11);
                Vector512<float> d4 = Lane(ref s, 4) + Lane(ref s, 12), d5 = Lane(ref s, 5) + Lane(ref s, 13);
                Vector512<float> d6 = Lane(ref s, 6) + Lane(ref s, 14), d7 = Lane(ref s, 7) + Lane(ref s, 15);
                Vector512<float> e0 = d0 + d4, e1 = d1 + d5, e2 = d2 + d6, e3 = d3 + d7;
                Vector512<float> sum = (e0 + e2) + (e1 + e3);
                for (int t = kVector; t < k; t++)
                {
                    sum = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref aRow, t)),
                        Vector512.LoadUnsafe(ref tail, (nuint)((t - kVector) * LanePanel + v)), sum);
                }
                int valid = n - j0 - v;
                if (valid >= LaneClasses)
                {
                    if (accumulate) sum += Vector512.LoadUnsafe(ref cRow, (nuint)v);
                    sum.StoreUnsafe(ref cRow, (nuint)v);
                    continue;
                }
                for (int u = 0; u < valid; u++)
                {
                    ref float at = ref Unsafe.Add(ref cRow, v + u);
                    at = accumulate ? at + sum.GetElement(u) : sum.GetElement(u);
                }
            }
        }

        static Vector512<float> Lane(ref float s, int l) => Vector512.LoadUnsafe(ref s, (nuint)(l * tileSize));
    }

    /// <summary>
    /// One lane class of an 8 × 48 tile, two chunks an iteration: <c>tile[r, u] = fma chain over q of a[q, r]·b[q, u]</c> from 0, with a packed
    /// <c>[q][8]</c> and b <c>[q][48]</c>; the 24 accumulators are stored to <paramref name="tile"/> (row stride 48).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LaneKernel(ref float a, ref float b, int chunks, ref float tile)
    {
        const nuint w = LaneClasses;
        Vector512<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        int q = 0;
        // Two chunks an iteration: fewer loop operations for the front end.
        for (; q + 2 <= chunks; q += 2)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref b), b1 = Vector512.LoadUnsafe(ref b, w), b2 = Vector512.LoadUnsafe(ref b, 2 * w);
            Vector512<float> x = Vector512.Create(a);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01); c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            x = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11); c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            x = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21); c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            x = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31); c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            x = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41); c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
            x = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51); c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
            x = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61); c62 = Vector512.FusedMultiplyAdd(x, b2, c62);
            x = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71); c72 = Vector512.FusedMultiplyAdd(x, b2, c72);
            b0 = Vector512.LoadUnsafe(ref b, LanePanel); b1 = Vector512.LoadUnsafe(ref b, LanePanel + w); b2 = Vector512.LoadUnsafe(ref b, LanePanel + 2 * w);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows));
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01); c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows + 1));
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11); c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows + 2));
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21); c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows + 3));
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31); c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows + 4));
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41); c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows + 5));
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51); c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows + 6));
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61); c62 = Vector512.FusedMultiplyAdd(x, b2, c62);
            x = Vector512.Create(Unsafe.Add(ref a, LaneTileRows + 7));
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71); c72 = Vector512.FusedMultiplyAdd(x, b2, c72);
            a = ref Unsafe.Add(ref a, 2 * LaneTileRows);
            b = ref Unsafe.Add(ref b, 2 * LanePanel);
        }
        if (q < chunks)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref b), b1 = Vector512.LoadUnsafe(ref b, w), b2 = Vector512.LoadUnsafe(ref b, 2 * w);
            Vector512<float> x = Vector512.Create(a);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01); c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            x = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11); c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            x = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21); c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            x = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31); c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            x = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41); c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
            x = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51); c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
            x = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61); c62 = Vector512.FusedMultiplyAdd(x, b2, c62);
            x = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71); c72 = Vector512.FusedMultiplyAdd(x, b2, c72);
        }
        c00.StoreUnsafe(ref tile, 0); c01.StoreUnsafe(ref tile, w); c02.StoreUnsafe(ref tile, 2 * w);
        c10.StoreUnsafe(ref tile, 3 * w); c11.StoreUnsafe(ref tile, 4 * w); c12.StoreUnsafe(ref tile, 5 * w);
        c20.StoreUnsafe(ref tile, 6 * w); c21.StoreUnsafe(ref tile, 7 * w); c22.StoreUnsafe(ref tile, 8 * w);
        c30.StoreUnsafe(ref tile, 9 * w); c31.StoreUnsafe(ref tile, 10 * w); c32.StoreUnsafe(ref tile, 11 * w);
        c40.StoreUnsafe(ref tile, 12 * w); c41.StoreUnsafe(ref tile, 13 * w); c42.StoreUnsafe(ref tile, 14 * w);
        c50.StoreUnsafe(ref tile, 15 * w); c51.StoreUnsafe(ref tile, 16 * w); c52.StoreUnsafe(ref tile, 17 * w);
        c60.StoreUnsafe(ref tile, 18 * w); c61.StoreUnsafe(ref tile, 19 * w); c62.StoreUnsafe(ref tile, 20 * w);
        c70.StoreUnsafe(ref tile, 21 * w); c71.StoreUnsafe(ref tile, 22 * w); c72.StoreUnsafe(ref tile, 23 * w);
    }
}
