using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>Columns per register tile of the popcount Gram.</summary>
    private const int BitTile = 4;

    /// <summary>512-bit words a byte counter takes before it is folded (at most 6 a word, so 31 × 6 is far below 255).</summary>
    private const int BitBlockVectors = 31;

    /// <summary>
    /// Patterns per 64-bit word of packed signs: six in each byte (bits 0–5), the byte's top two bits always zero. The
    /// popcount's 64-entry look-up (<c>vpermb</c> reads an index's low 6 bits) then counts a whole byte: XOR, look-up
    /// and add, three single operations a 512-bit pair. Seven a byte took the 128-entry two-table look-up
    /// (<c>vpermi2b</c>/<c>vpermt2b</c>), three operations by itself on these cores (two on port 5) plus a copy of its
    /// table: for the same patterns a third more time than six a byte, although it packs a sixth more in a vector.
    /// </summary>
    internal const int SignRowsPerWord = 48;

    /// <summary>True when every value is exactly +1 or −1 (the patterns the exact integer path takes).</summary>
    public static bool IsBipolar(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512.Create(1f);
            ref float start = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                if (!Vector512.EqualsAll(Vector512.Abs(Vector512.LoadUnsafe(ref start, (nuint)i)), one)) return false;
            }
        }
        for (; i < values.Length; i++)
        {
            if (values[i] != 1f && values[i] != -1f) return false;
        }
        return true;
    }

    /// <summary>Rows per block of <see cref="BipolarColumnSums"/> (each block's float sums stay exact: far below 2²⁴).</summary>
    private const int BipolarBlockRows = 256;

    /// <summary>
    /// Whether every value of the row-major <paramref name="rows"/> × <paramref name="n"/> matrix <paramref name="x"/> is
    /// +1 or −1 (as <see cref="IsBipolar"/>), and if so its column sums, added to <paramref name="sums"/>: one pass over
    /// x on both cores instead of the check and then the moments. Blocks of rows are summed in float (exact integers) and
    /// added in double, so the sums are exact whatever the order. On false <paramref name="sums"/> is unchanged.
    /// </summary>
    public static bool BipolarColumnSums(float[] x, int rows, int n, Span<double> sums)
    {
        if ((long)rows * n > x.Length) throw new ArgumentException($"x holds {x.Length} values, fewer than {rows} × {n}.", nameof(x));
        if (sums.Length < n) throw new ArgumentException($"sums has {sums.Length} elements, fewer than {n}.", nameof(sums));
        int blocks = (rows + BipolarBlockRows - 1) / BipolarBlockRows;
        if (blocks == 0) return true;
        float[] partial = System.Buffers.ArrayPool<float>.Shared.Rent(blocks * n);
        int failed = 0;
        try
        {
            HotTeam.For(blocks, block =>
            {
                var acc = partial.AsSpan(block * n, n);
                acc.Clear();
                int r1 = Math.Min(rows, (block + 1) * BipolarBlockRows);
                for (int r = block * BipolarBlockRows; r < r1; r++)
                {
                    if (Volatile.Read(ref failed) != 0 || !AddBipolarRow(x.AsSpan(r * n, n), acc))
                    {
                        Volatile.Write(ref failed, 1);
                        return;
                    }
                }
            });
            if (failed != 0) return false;
            for (int block = 0; block < blocks; block++)
            {
                var acc = partial.AsSpan(block * n, n);
                for (int j = 0; j < n; j++) sums[j] += acc[j];
            }
            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(partial);
        }
    }

    /// <summary>Adds the row to <paramref name="acc"/> when every value is ±1; false (acc partly updated) otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AddBipolarRow(ReadOnlySpan<float> row, Span<float> acc)
    {
        int j = 0, n = row.Length;
        ref float r0 = ref MemoryMarshal.GetReference(row);
        ref float a0 = ref MemoryMarshal.GetReference(acc);
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512.Create(1f);
            var all = Vector512<float>.AllBitsSet;
            for (; j + 16 <= n; j += 16)
            {
                var v = Vector512.LoadUnsafe(ref r0, (nuint)j);
                all &= Vector512.Equals(Vector512.Abs(v), one);
                (Vector512.LoadUnsafe(ref a0, (nuint)j) + v).StoreUnsafe(ref a0, (nuint)j);
            }
            if (!Vector512.EqualsAll(all.AsUInt32(), Vector512<uint>.AllBitsSet)) return false;
        }
        for (; j < n; j++)
        {
            float v = Unsafe.Add(ref r0, j);
            if (v != 1f && v != -1f) return false;
            Unsafe.Add(ref a0, j) += v;
        }
        return true;
    }

    /// <summary>
    /// The 64-bit words per column that <see cref="PackSignColumns"/> uses for <paramref name="rows"/> patterns: whole
    /// 256-bit halves of a vector (192 patterns each), so at most half a vector a column is padding.
    /// </summary>
    public static int SignWords(int rows) => (rows + 4 * SignRowsPerWord - 1) / (4 * SignRowsPerWord) * 4;

    /// <summary>The bit, within its 64-bit word, of pattern t (0 ≤ t &lt; 48) of that word: byte t / 6, bit t mod 6.</summary>
    internal static int SignBit(int t) => 8 * (t / 6) + t % 6;

    /// <summary>
    /// Packs the signs of the ±1 block x[firstRow .. firstRow + rows) (row-major, n columns) column by column: bit
    /// <see cref="SignBit"/>(t) of word w of column i is set when <c>x[firstRow + 48w + t, i] &lt; 0</c> (six patterns a
    /// byte, the top two bits of every byte zero). Columns are <paramref name="words"/> long (padding zero) and there are n
    /// rounded up to the tile size of them (extra columns zero).
    /// </summary>
    public static void PackSignColumns(float[] x, int firstRow, int rows, int n, ulong[] bits, int words)
    {
        int columns = (n + BitTile - 1) / BitTile * BitTile;
        if ((long)columns * words > bits.Length) throw new ArgumentException($"bits length ({bits.Length}) < columns ({columns}) × words ({words}).");
        int needed = (rows + SignRowsPerWord - 1) / SignRowsPerWord;
        if (needed > words) throw new ArgumentException($"words ({words}) < rows ({rows}) / {SignRowsPerWord}.");
        bits.AsSpan(0, columns * words).Clear();
        CannsParallelism.For(0, needed, w => PackSignWord(x, firstRow, rows, n, bits, words, w));
    }

    /// <summary>
    /// Word <paramref name="w"/> (rows 48w … 48w + 47 of the block) of every column, as two 32-bit halves of 24 rows. The
    /// rows are ±1, whose bits differ only in the sign, so <c>bits(x) >> (31 − q)</c> is the sign at bit q plus bits that
    /// are the same for every value: XOR-ing the shifted rows and then the XOR of those constant parts leaves exactly the
    /// signs (two vector instructions a row instead of three). Eight vectors (128 columns) at a time, so each row is read
    /// in 512-byte runs.
    /// </summary>
    private static void PackSignWord(float[] x, int firstRow, int rows, int n, ulong[] bits, int words, int w)
    {
        const int Half = SignRowsPerWord / 2;
        int p0 = w * SignRowsPerWord;
        int count = Math.Min(SignRowsPerWord, rows - p0);
        int i = 0;
        ref float origin = ref MemoryMarshal.GetArrayDataReference(x);
        if (Vector512.IsHardwareAccelerated)
        {
            int lowRows = Math.Min(Half, count);
            uint lowRest = ConstantBits(lowRows), highRest = ConstantBits(count - lowRows);
            Span<uint> lo = stackalloc uint[128];
            Span<uint> hi = stackalloc uint[128];
            hi.Clear();
            for (; i <= n - 16; )
            {
                int vectors = Math.Min(8, (n - i) / 16);
                PackHalf(ref origin, (long)(firstRow + p0) * n + i, n, lowRows, vectors, lowRest, lo);
                if (count > Half) PackHalf(ref origin, (long)(firstRow + p0 + Half) * n + i, n, count - lowRows, vectors, highRest, hi);
                for (int l = 0; l < vectors * 16; l++) bits[(i + l) * words + w] = lo[l] | (ulong)hi[l] << 32;
                i += vectors * 16;
            }
        }
        for (; i < n; i++)
        {
            ulong word = 0;
            for (int b = 0; b < count; b++)
            {
                if (x[(long)(firstRow + p0 + b) * n + i] < 0) word |= 1UL << SignBit(b);
            }
            bits[i * words + w] = word;
        }
    }

    /// <summary>The XOR over b &lt; <paramref name="rows"/> of <c>bits(+1) >> (31 − SignBit(b))</c>: what the rows' non-sign bits leave in a packed half-word.</summary>
    private static uint ConstantBits(int rows)
    {
        uint k = 0;
        for (int b = 0; b < rows; b++) k ^= 0x3F800000u >> (31 - SignBit(b));
        return k;
    }

    /// <summary>
    /// The signs of <paramref name="rows"/> (≤ 24) consecutive ±1 rows from element <paramref name="start"/>, for
    /// <paramref name="vectors"/> (≤ 8) vectors of 16 columns: bit <see cref="SignBit"/>(b) of column c's value in
    /// <paramref name="destination"/> is the sign of row b.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackHalf(ref float origin, long start, int n, int rows, int vectors, uint rest, Span<uint> destination)
    {
        ref uint first = ref Unsafe.As<float, uint>(ref Unsafe.Add(ref origin, (nint)start));
        var k = Vector512.Create(rest);
        if (vectors == 8)
        {
            Vector512<uint> a0 = k, a1 = k, a2 = k, a3 = k, a4 = k, a5 = k, a6 = k, a7 = k;
            for (int b = 0; b < rows; b++)
            {
                ref uint row = ref Unsafe.Add(ref first, (nint)((long)b * n));
                int shift = 31 - SignBit(b);
                a0 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 0), shift);
                a1 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 16), shift);
                a2 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 32), shift);
                a3 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 48), shift);
                a4 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 64), shift);
                a5 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 80), shift);
                a6 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 96), shift);
                a7 ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref row, 112), shift);
            }
            ref uint d = ref MemoryMarshal.GetReference(destination);
            a0.StoreUnsafe(ref d, 0); a1.StoreUnsafe(ref d, 16); a2.StoreUnsafe(ref d, 32); a3.StoreUnsafe(ref d, 48);
            a4.StoreUnsafe(ref d, 64); a5.StoreUnsafe(ref d, 80); a6.StoreUnsafe(ref d, 96); a7.StoreUnsafe(ref d, 112);
            return;
        }
        for (int v = 0; v < vectors; v++)
        {
            var a = k;
            for (int b = 0; b < rows; b++)
            {
                a ^= Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref Unsafe.Add(ref first, (nint)((long)b * n + 16 * v))), 31 - SignBit(b));
            }
            a.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)(16 * v));
        }
    }

    /// <summary>
    /// The Gram matrix of ±1 patterns from their packed signs: <c>c[i,j] (+)= patterns − 2·popcount(bits_i XOR bits_j)</c>
    /// for <c>0 ≤ j ≤ i &lt; n</c>, c in <see cref="PackedLower"/> storage. Exact: every value is an integer of at most
    /// <paramref name="patterns"/> in magnitude, so (for fewer than 2²⁴ patterns in all) it equals the float Gram of
    /// <see cref="SyrkLower"/> bit for bit.
    /// </summary>
    public static void BitGramLower(ulong[] bits, int n, int words, int patterns, float[] c, bool accumulate)
    {
        if (PackedLower.Length(n) > c.Length) throw new ArgumentException($"c length ({c.Length}) < n(n+1)/2 ({PackedLower.Length(n)}).");
        int tiles = (n + BitTile - 1) / BitTile;
        bool vector = Level == SimdLevel.Vector512 && Avx512BW.IsSupported && Avx512Vbmi.IsSupported && words % 4 == 0;
        // Heavier tiles (larger i) first, so the dynamic partitioner ends with the light ones.
        CannsParallelism.For(0, tiles, t => BitGramRowTile(bits, n, words, patterns, tiles - 1 - t, vector, new PackedFloatSink(c, accumulate)));
    }

    /// <summary>
    /// Adds the Gram matrix of ±1 patterns, times <paramref name="sign"/>, to the strict lower triangle of the row-major
    /// n × n 16-bit matrix j: <c>j[a,b] += sign·(patterns − 2·popcount(bits_a XOR bits_b))</c> for <c>0 ≤ b &lt; a &lt; n</c>.
    /// Exact; the caller keeps every sum within 16 bits. The upper triangle and the diagonal are not touched
    /// (<see cref="MirrorLowerInt16"/> copies the lower triangle up).
    /// </summary>
    public static void BitGramAddLowerInt16(ulong[] bits, int n, int words, int patterns, short[] j, int sign)
    {
        if ((long)n * n > j.Length) throw new ArgumentException($"j length ({j.Length}) < n × n ({(long)n * n}).");
        int tiles = (n + BitTile - 1) / BitTile;
        bool vector = Level == SimdLevel.Vector512 && Avx512BW.IsSupported && Avx512Vbmi.IsSupported && words % 4 == 0;
        CannsParallelism.For(0, tiles, t => BitGramRowTile(bits, n, words, patterns, tiles - 1 - t, vector, new Int16LowerSink(j, n, sign)));
    }

    /// <summary>Copies the strict lower triangle of the row-major n × n matrix j onto its upper triangle, in cache-sized blocks.</summary>
    public static void MirrorLowerInt16(short[] j, int n)
    {
        if ((long)n * n > j.Length) throw new ArgumentException($"j length ({j.Length}) < n × n ({(long)n * n}).");
        const int block = 64;
        int blocks = (n + block - 1) / block;
        // Block column bj writes rows of block bj, columns right of them: disjoint between block columns.
        CannsParallelism.For(0, blocks, bj =>
        {
            int r0 = bj * block, r1 = Math.Min(n, r0 + block);
            for (int bi = bj; bi < blocks; bi++)
            {
                int c0 = bi * block, c1 = Math.Min(n, c0 + block);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = Math.Max(c0, r + 1); c < c1; c++) j[r * n + c] = j[c * n + r];
                }
            }
        });
    }

    /// <summary>Where the Gram values of a row tile go: <c>Put(i, j, g)</c> for every <c>j ≤ i</c> of the tile.</summary>
    private interface IBitGramSink
    {
        void Put(int i, int j, int g);

        /// <summary><c>Put(i, j0 + k, g[k])</c> for k = 0 … 3, all four left of the diagonal (<c>j0 + 3 &lt; i</c>).</summary>
        void PutFour(int i, int j0, Vector128<int> g);
    }

    /// <summary>The packed lower triangle of floats, overwritten or accumulated.</summary>
    private readonly struct PackedFloatSink(float[] c, bool accumulate) : IBitGramSink
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int i, int j, int g)
        {
            long at = PackedLower.RowStart(i) + j;
            c[at] = accumulate ? c[at] + g : g;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void PutFour(int i, int j0, Vector128<int> g)
        {
            ref float at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(c), (nint)(PackedLower.RowStart(i) + j0));
            var values = Vector128.ConvertToSingle(g);
            (accumulate ? Vector128.LoadUnsafe(ref at) + values : values).StoreUnsafe(ref at);
        }
    }

    /// <summary>The strict lower triangle of a row-major 16-bit matrix, added to with a sign.</summary>
    private readonly struct Int16LowerSink(short[] target, int n, int sign) : IBitGramSink
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int i, int j, int g)
        {
            if (j < i) target[i * n + j] += (short)(sign * g);
        }

        public void PutFour(int i, int j0, Vector128<int> g)
        {
            for (int k = 0; k < 4; k++) target[i * n + j0 + k] += (short)(sign * g[k]);
        }
    }

    /// <summary>Row tile <paramref name="it"/> of the Gram triangle: every 4 × 4 tile of column pairs left of the diagonal.</summary>
    private static void BitGramRowTile<TSink>(ulong[] bits, int n, int words, int patterns, int it, bool vector, TSink sink)
        where TSink : struct, IBitGramSink
    {
        Span<int> counts = stackalloc int[BitTile * BitTile];
        int i0 = it * BitTile;
        for (int jt = 0; jt <= it; jt++)
        {
            int j0 = jt * BitTile;
            if (vector) CountTile512(bits, words, i0, j0, counts);
            else CountTileScalar(bits, words, i0, j0, counts);
            if (jt < it && i0 + BitTile <= n)
            {
                // Left of the diagonal, every row of the tile whole: four values a row at once (same conversions and adds).
                var p = Vector128.Create(patterns);
                ref int c = ref MemoryMarshal.GetReference(counts);
                for (int r = 0; r < BitTile; r++) sink.PutFour(i0 + r, j0, p - Vector128.LoadUnsafe(ref c, (nuint)(r * BitTile)) * 2);
                continue;
            }
            for (int r = 0; r < BitTile && i0 + r < n; r++)
            {
                int i = i0 + r;
                for (int t = 0; t < BitTile && j0 + t <= i; t++) sink.Put(i, j0 + t, patterns - 2 * counts[r * BitTile + t]);
            }
        }
    }

    private static void CountTileScalar(ulong[] bits, int words, int i0, int j0, Span<int> counts)
    {
        for (int r = 0; r < BitTile; r++)
        for (int t = 0; t < BitTile; t++)
        {
            var a = bits.AsSpan((i0 + r) * words, words);
            var b = bits.AsSpan((j0 + t) * words, words);
            int count = 0;
            for (int w = 0; w < words; w++) count += BitOperations.PopCount(a[w] ^ b[w]);
            counts[r * BitTile + t] = count;
        }
    }

    /// <summary>
    /// Counts differing bits for a 4 × 4 tile of column pairs, 512 bits at a time (the last 256 bits alone when the
    /// words are an odd multiple of 4): XOR, then a byte look-up popcount into byte counters, folded every 31 vectors
    /// (32 with the half) into the 16 counts at once (<c>vpsadbw</c>, then <see cref="FoldEight"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountTile512(ulong[] bits, int words, int i0, int j0, Span<int> counts)
    {
        ref byte origin = ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetArrayDataReference(bits));
        ref byte a0 = ref Unsafe.Add(ref origin, (nint)i0 * words * 8);
        ref byte a1 = ref Unsafe.Add(ref a0, words * 8);
        ref byte a2 = ref Unsafe.Add(ref a1, words * 8);
        ref byte a3 = ref Unsafe.Add(ref a2, words * 8);
        ref byte b0 = ref Unsafe.Add(ref origin, (nint)j0 * words * 8);
        ref byte b1 = ref Unsafe.Add(ref b0, words * 8);
        ref byte b2 = ref Unsafe.Add(ref b1, words * 8);
        ref byte b3 = ref Unsafe.Add(ref b2, words * 8);
        // popcount(i) for i < 64: the vpermb table.
        var table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
            1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5, 2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6);
        // Not Span.Clear: its call into the runtime's (ready-to-run, not inlined) clear cost more than this whole tile at
        // one 512-bit block per pair.
        Vector512<int>.Zero.StoreUnsafe(ref MemoryMarshal.GetReference(counts));
        // Whole 512-bit vectors, then (words an odd multiple of 4) a 256-bit half, zero-extended, in the last block.
        int vectors = words / 8, steps = vectors + (words % 8 == 0 ? 0 : 1);
        for (int v0 = 0; v0 < steps; v0 += BitBlockVectors)
        {
            int v1 = Math.Min(vectors, v0 + BitBlockVectors);
            Vector512<byte> s00 = default, s01 = default, s02 = default, s03 = default;
            Vector512<byte> s10 = default, s11 = default, s12 = default, s13 = default;
            Vector512<byte> s20 = default, s21 = default, s22 = default, s23 = default;
            Vector512<byte> s30 = default, s31 = default, s32 = default, s33 = default;
            for (int v = v0; v < v1; v++)
            {
                nuint o = (nuint)v * 64;
                var x0 = Vector512.LoadUnsafe(ref a0, o); var x1 = Vector512.LoadUnsafe(ref a1, o);
                var x2 = Vector512.LoadUnsafe(ref a2, o); var x3 = Vector512.LoadUnsafe(ref a3, o);
                var y = Vector512.LoadUnsafe(ref b0, o);
                s00 += Count(x0 ^ y, table); s10 += Count(x1 ^ y, table); s20 += Count(x2 ^ y, table); s30 += Count(x3 ^ y, table);
                y = Vector512.LoadUnsafe(ref b1, o);
                s01 += Count(x0 ^ y, table); s11 += Count(x1 ^ y, table); s21 += Count(x2 ^ y, table); s31 += Count(x3 ^ y, table);
                y = Vector512.LoadUnsafe(ref b2, o);
                s02 += Count(x0 ^ y, table); s12 += Count(x1 ^ y, table); s22 += Count(x2 ^ y, table); s32 += Count(x3 ^ y, table);
                y = Vector512.LoadUnsafe(ref b3, o);
                s03 += Count(x0 ^ y, table); s13 += Count(x1 ^ y, table); s23 += Count(x2 ^ y, table); s33 += Count(x3 ^ y, table);
            }
            if (steps > vectors && v0 + BitBlockVectors >= steps)
            {
                // The half: its upper 256 bits are zero on both sides, so their XOR is zero and counts nothing.
                nuint o = (nuint)vectors * 64;
                var x0 = Vector256.LoadUnsafe(ref a0, o).ToVector512(); var x1 = Vector256.LoadUnsafe(ref a1, o).ToVector512();
                var x2 = Vector256.LoadUnsafe(ref a2, o).ToVector512(); var x3 = Vector256.LoadUnsafe(ref a3, o).ToVector512();
                var y = Vector256.LoadUnsafe(ref b0, o).ToVector512();
                s00 += Count(x0 ^ y, table); s10 += Count(x1 ^ y, table); s20 += Count(x2 ^ y, table); s30 += Count(x3 ^ y, table);
                y = Vector256.LoadUnsafe(ref b1, o).ToVector512();
                s01 += Count(x0 ^ y, table); s11 += Count(x1 ^ y, table); s21 += Count(x2 ^ y, table); s31 += Count(x3 ^ y, table);
                y = Vector256.LoadUnsafe(ref b2, o).ToVector512();
                s02 += Count(x0 ^ y, table); s12 += Count(x1 ^ y, table); s22 += Count(x2 ^ y, table); s32 += Count(x3 ^ y, table);
                y = Vector256.LoadUnsafe(ref b3, o).ToVector512();
                s03 += Count(x0 ^ y, table); s13 += Count(x1 ^ y, table); s23 += Count(x2 ^ y, table); s33 += Count(x3 ^ y, table);
            }
            // The 16 sums at once: byte counters to 64-bit lane sums (vpsadbw), then a transposing tree of adds.
            var z0 = FoldEight(Lanes(s00), Lanes(s01), Lanes(s02), Lanes(s03), Lanes(s10), Lanes(s11), Lanes(s12), Lanes(s13));
            var z1 = FoldEight(Lanes(s20), Lanes(s21), Lanes(s22), Lanes(s23), Lanes(s30), Lanes(s31), Lanes(s32), Lanes(s33));
            ref int c = ref MemoryMarshal.GetReference(counts);
            (Vector256.LoadUnsafe(ref c) + Avx512F.ConvertToVector256Int32(z0.AsInt64())).StoreUnsafe(ref c);
            (Vector256.LoadUnsafe(ref c, 8) + Avx512F.ConvertToVector256Int32(z1.AsInt64())).StoreUnsafe(ref c, 8);
        }
    }

    /// <summary>The eight 64-bit lane sums of a vector of byte counters (each at most 64 · 255, far below 2³¹).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Lanes(Vector512<byte> counts) => Avx512BW.SumAbsoluteDifferences(counts, Vector512<byte>.Zero).AsUInt64();

    /// <summary>
    /// Lane q of the result is the sum of the eight lanes of <c>v_q</c>: three levels of pairwise adds that transpose as
    /// they go (64-bit interleaves, then 128-bit lane shuffles twice), 14 shuffles and 7 adds instead of eight
    /// horizontal sums. Integer sums, so exact in any order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> FoldEight(Vector512<ulong> v0, Vector512<ulong> v1, Vector512<ulong> v2, Vector512<ulong> v3,
        Vector512<ulong> v4, Vector512<ulong> v5, Vector512<ulong> v6, Vector512<ulong> v7)
    {
        // Per 128-bit lane L: (v_2m over lanes 2L, 2L+1; v_2m+1 over the same).
        var u0 = Avx512F.UnpackLow(v0, v1) + Avx512F.UnpackHigh(v0, v1);
        var u1 = Avx512F.UnpackLow(v2, v3) + Avx512F.UnpackHigh(v2, v3);
        var u2 = Avx512F.UnpackLow(v4, v5) + Avx512F.UnpackHigh(v4, v5);
        var u3 = Avx512F.UnpackLow(v6, v7) + Avx512F.UnpackHigh(v6, v7);
        // 128-bit lanes 0 and 2 plus 1 and 3: (v0, v1) over lanes 0–3 and 4–7, then (v2, v3) likewise.
        var w0 = Avx512F.Shuffle4x128(u0, u1, 0x88) + Avx512F.Shuffle4x128(u0, u1, 0xDD);
        var w1 = Avx512F.Shuffle4x128(u2, u3, 0x88) + Avx512F.Shuffle4x128(u2, u3, 0xDD);
        // Once more: lane q holds the whole sum of v_q.
        return Avx512F.Shuffle4x128(w0, w1, 0x88) + Avx512F.Shuffle4x128(w0, w1, 0xDD);
    }

    /// <summary>
    /// The per-byte popcount of <paramref name="x"/>, whose bytes' top two bits are zero (six patterns a byte,
    /// <see cref="SignRowsPerWord"/>): one 64-entry look-up (<c>vpermb</c>, which reads the low 6 bits of each index byte).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Count(Vector512<byte> x, Vector512<byte> table) => Avx512Vbmi.PermuteVar64x8(table, x);
}
