using System.Buffers;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The exact Gram matrix of ±1 patterns, <c>G_ij = P − 2·popcount(b_i ⊕ b_j)</c> over their packed signs, into a
/// packed lower triangle of floats (every value an integer of magnitude at most P).
/// </summary>
internal static class BipolarGram
{
    /// <summary>Patterns per popcount Gram call: what one pass of byte counters can take (31 vectors of 384).</summary>
    private const int ChunkRows = 31 * 8 * Blas.SignRowsPerWord;

    /// <summary>
    /// Overwrites <paramref name="packedLower"/> with the Gram matrix of the rows of <paramref name="data"/> (all ±1),
    /// reporting the rows done every <paramref name="reportRows"/> rows.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; the triangle is partly written.</exception>
    public static void Compute(Matrix data, int n, float[] packedLower, int reportRows, Action<long>? onRows, CancellationToken cancellationToken) =>
        ForEachChunk(data, n, data.Rows, reportRows, onRows, cancellationToken,
            (bits, words, start, rows) => Blas.BitGramLower(bits, n, words, rows, packedLower, accumulate: start > 0));

    /// <summary>
    /// Adds the Gram matrix of the rows of <paramref name="data"/> (all ±1) to the row-major n × n 16-bit couplings
    /// <paramref name="couplings"/> off the diagonal, symmetric: the strict lower triangle chunk by chunk, then mirrored.
    /// The caller keeps every sum within 16 bits.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled between chunks; the chunks already added are taken out
    /// again (exact in integers), so the couplings are as they were. The same holds for any exception thrown between
    /// chunks (such as one from the progress callback).</exception>
    public static void AddToInt16(Matrix data, int n, short[] couplings, int reportRows, Action<long>? onRows, CancellationToken cancellationToken)
    {
        int added = 0;
        try
        {
            ForEachChunk(data, n, data.Rows, reportRows, onRows, cancellationToken, (bits, words, start, rows) =>
            {
                Blas.BitGramAddLowerInt16(bits, n, words, rows, couplings, sign: +1);
                added = start + rows;
            });
        }
        catch
        {
            ForEachChunk(data, n, added, reportRows, null, CancellationToken.None,
                (bits, words, _, rows) => Blas.BitGramAddLowerInt16(bits, n, words, rows, couplings, sign: -1));
            throw;
        }
        Blas.MirrorLowerInt16(couplings, n);
    }

    /// <summary>
    /// Packs the signs of the first <paramref name="count"/> rows chunk by chunk and hands each chunk to
    /// <paramref name="body"/> (bits, words per column, first row, rows), checking for cancellation before each chunk.
    /// </summary>
    private static void ForEachChunk(Matrix data, int n, int count, int reportRows, Action<long>? onRows, CancellationToken cancellationToken,
        Action<ulong[], int, int, int> body)
    {
        int chunk = Math.Min(ChunkRows, data.Rows);
        int words = Blas.SignWords(chunk);
        int columns = (n + 3) / 4 * 4;
        ulong[] bits = ArrayPool<ulong>.Shared.Rent(columns * words);
        try
        {
            for (int start = 0; start < count; start += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(chunk, count - start);
                Blas.PackSignColumns(data.Data, start, rows, n, bits, words);
                body(bits, words, start, rows);
                for (int done = Math.Min(start + reportRows, count); ; done = Math.Min(done + reportRows, count))
                {
                    if (done > start) onRows?.Invoke(done);
                    if (done >= start + rows) break;
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(bits);
        }
    }
}
