using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Sanger's rule, the generalised Hebbian algorithm: per sample <c>y = W x</c> and
/// <c>ΔW = η (y xᵀ − LT(y yᵀ) W)</c>, LT the lower triangle including the diagonal; that is
/// <c>ΔW_i = η y_i (x − Σ_{k≤i} y_k W_k)</c> with the pre-update rows. On zero-mean data row i converges to the
/// i-th principal component, in order, and the rows become orthonormal.
/// </summary>
/// <remarks>
/// Computed with a running residual <c>r ← x</c>, then for i = 0, 1, …: <c>r ← r − y_i W_i</c>, <c>W_i ← W_i + (η y_i) r</c>.
/// See <see cref="LinearRuleTrainer"/> for the two paths, the state kept across calls and failure handling.
/// </remarks>
public sealed class SangerTrainer : LinearRuleTrainer
{
    /// <summary>Creates a Sanger trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SangerTrainer(IFeedforwardModel model, SangerOptions? options = null)
        : base(model, options ?? new SangerOptions())
    {
    }

    /// <summary>A copy of the options in force.</summary>
    public SangerOptions Options => (SangerOptions)LocalOptions.Clone();

    private protected override LinearRuleKind Rule => LinearRuleKind.Sanger;

    private protected override void StepSample(float[] w, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float[] residual, float eta)
    {
        int n = x.Length;
        x.CopyTo(residual);
        for (int i = 0; i < y.Length; i++)
        {
            var row = w.AsSpan(i * n, n);
            float yi = y[i], a = eta * yi;
            for (int j = 0; j < n; j++)
            {
                float r = residual[j] - yi * row[j];
                residual[j] = r;
                row[j] = row[j] + a * r;
            }
        }
    }
}
