using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Oja's rule: per sample <c>y = W x</c> and <c>ΔW = η (y xᵀ − diag(y²) W)</c>, that is
/// <c>W_ij ← W_ij + (η y_i)(x_j − y_i W_ij)</c>. On zero-mean data each row converges to the leading principal
/// component with unit norm (several rows all converge to it: use <see cref="SangerTrainer"/> for several components).
/// </summary>
/// <remarks>See <see cref="LinearRuleTrainer"/> for the two paths, the state kept across calls and failure handling.</remarks>
public sealed class OjaTrainer : LinearRuleTrainer
{
    private readonly bool _normalize;

    /// <summary>Creates an Oja trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public OjaTrainer(IFeedforwardModel model, OjaOptions? options = null)
        : base(model, options ?? new OjaOptions())
    {
        _normalize = ((OjaOptions)LocalOptions).NormalizeRows;
    }

    /// <summary>A copy of the options in force.</summary>
    public OjaOptions Options => (OjaOptions)LocalOptions.Clone();

    private protected override LinearRuleKind Rule => LinearRuleKind.Oja;

    private protected override bool NormalizeRows => _normalize;

    private protected override void StepSample(float[] w, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float[] residual, float eta)
    {
        int n = x.Length;
        for (int i = 0; i < y.Length; i++)
        {
            var row = w.AsSpan(i * n, n);
            float yi = y[i], a = eta * yi;
            for (int j = 0; j < n; j++) row[j] = row[j] + a * (x[j] - yi * row[j]);
            if (_normalize) NormalizeRow(row);
        }
    }
}
