using System.Numerics.Tensors;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Storkey's rule on ±1 patterns, a block of B patterns at a time through matrix products instead of B passes over W.
/// </summary>
/// <remarks>
/// <para>With a symmetric, zero-diagonal W and ξ_i² = 1, one pattern's update is
/// <c>W ← s W + (a bᵀ + b aᵀ)/N</c> off the diagonal, with <c>s = 1 + 2/N</c>, <c>a = ξ</c>, <c>b = ξ/2 − h</c>,
/// <c>h = W ξ</c>, and the diagonal set back to 0. After t patterns of a block,
/// <c>W_t = s^t W_0 + R_t − diag(R_t)</c> with <c>R_{t+1} = s R_t + (a_t b_tᵀ + b_t a_tᵀ)/N</c>, so the field of the
/// next pattern is <c>h_t = s^t (W_0 ξ_t) + Σ_{u&lt;t} s^{t−1−u}(a_u (b_u·ξ_t) + b_u (a_u·ξ_t))/N − diag(R_t) ∘ ξ_t</c>:
/// one product <c>W_0 Ξᵀ</c> for the whole block, then O(N B) work a pattern. At the end of the block
/// <c>W_B = s^B W_0 + Â B̂ᵀ + B̂ Âᵀ</c> (Â's columns <c>s^{B−1−u} a_u / N</c>, B̂'s the b_u), one rank-2B product of
/// which only the lower triangle is computed and mirrored, so W stays exactly symmetric; its diagonal is set to 0.</para>
/// <para>The result is the per-pattern rule's up to float rounding (a different order of the same sums); the tests
/// bound the difference against the rule's definition in double.</para>
/// </remarks>
internal sealed class StorkeyBlocks
{
    private readonly int _n;
    private readonly int _size;
    private readonly float[] _patterns;
    private readonly float[] _fields;
    private readonly float[] _b;
    private readonly float[] _diagonal;
    private readonly float[] _scratch;
    private readonly float[] _left;
    private readonly float[] _right;

    /// <summary>Scratch for blocks of up to <paramref name="size"/> patterns of <paramref name="n"/> units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scratch for blocks of that size would not fit in arrays (2·size·n floats).</exception>
    public StorkeyBlocks(int n, int size)
    {
        if (2L * n * size > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size,
                $"Blocks of {size} patterns of {n} units need {2L * n * size} floats of scratch, more than an array holds: lower StorkeyOptions.BlockSize.");
        }
        _n = n;
        _size = size;
        _patterns = new float[size * n];
        _fields = new float[size * n];
        _b = new float[size * n];
        _diagonal = new float[n];
        _scratch = new float[n];
        _left = new float[n * 2 * size];
        _right = new float[n * 2 * size];
    }

    /// <summary>Whether this scratch serves blocks of <paramref name="size"/> patterns of <paramref name="n"/> units.</summary>
    public bool Fits(int n, int size) => _n == n && _size >= size;

    /// <summary>
    /// Learns rows <paramref name="first"/> … first + count − 1 of <paramref name="data"/> (all ±1) into the symmetric,
    /// zero-diagonal <paramref name="w"/>; <paramref name="afterPattern"/> gets the number of rows done after each
    /// pattern's field (it may throw to stop: w is only written at the end of the block, so it is then untouched).
    /// </summary>
    public void Learn(float[] w, Matrix data, int first, int count, Action<int> afterPattern)
    {
        int n = _n;
        if (count > _size) throw new ArgumentOutOfRangeException(nameof(count), count, $"A block holds at most {_size} patterns.");
        double inverse = 1.0 / n, s = 1 + 2.0 / n;
        var patterns = _patterns.AsSpan(0, count * n);
        data.AsSpan().Slice(first * n, count * n).CopyTo(patterns);
        // Row t of the product is W_0 ξ_t (W_0 is symmetric).
        Blas.GemmNT(_patterns, count, w, n, n, _fields);
        Array.Clear(_diagonal);
        for (int t = 0; t < count; t++)
        {
            var x = Row(_patterns, t);
            var h = Row(_fields, t);
            TensorPrimitives.Multiply(h, (float)Math.Pow(s, t), h);
            for (int u = 0; u < t; u++)
            {
                double g = Math.Pow(s, t - 1 - u) * inverse;
                var a = Row(_patterns, u);
                var b = Row(_b, u);
                TensorPrimitives.MultiplyAdd(a, (float)(g * TensorPrimitives.Dot(b, x)), h, h);
                TensorPrimitives.MultiplyAdd(b, (float)(g * TensorPrimitives.Dot(a, x)), h, h);
            }
            TensorPrimitives.Multiply(_diagonal, x, _scratch);
            TensorPrimitives.Subtract(h, _scratch, h);
            // b_t = ξ_t/2 − h_t; diag(R) ← s diag(R) + 2 a_t ∘ b_t / N.
            var bt = Row(_b, t);
            TensorPrimitives.Multiply(x, 0.5f, bt);
            TensorPrimitives.Subtract(bt, h, bt);
            TensorPrimitives.Multiply(x, bt, _scratch);
            TensorPrimitives.Multiply(_diagonal, (float)s, _diagonal);
            TensorPrimitives.MultiplyAdd(_scratch, (float)(2 * inverse), _diagonal, _diagonal);
            afterPattern(first + t + 1);
        }
        Commit(w, count, s, inverse);
    }

    /// <summary><c>W ← s^B W + Â B̂ᵀ + B̂ Âᵀ</c> on the lower triangle, mirrored; diagonal 0.</summary>
    private void Commit(float[] w, int count, double s, double inverse)
    {
        int n = _n, k = 2 * count;
        for (int u = 0; u < count; u++)
        {
            float g = (float)(Math.Pow(s, count - 1 - u) * inverse);
            var a = Row(_patterns, u);
            var b = Row(_b, u);
            for (int i = 0; i < n; i++)
            {
                float scaled = g * a[i];
                _left[i * k + u] = scaled;
                _left[i * k + count + u] = b[i];
                _right[i * k + u] = b[i];
                _right[i * k + count + u] = scaled;
            }
        }
        TensorPrimitives.Multiply(w, (float)Math.Pow(s, count), w);
        Blas.GemmNT(_left, n, _right, n, k, w, lowerOnly: true, accumulate: true);
        Blas.MirrorLower(w, n);
        for (int i = 0; i < n; i++) w[(long)i * n + i] = 0f;
    }

    private Span<float> Row(float[] rows, int t) => rows.AsSpan(t * _n, _n);
}
