using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The Bienenstock–Cooper–Munro rule: per sample <c>y = W x</c>, <c>ΔW = η (y ⊙ (y − θ)) xᵀ</c>, then
/// <c>θ ← θ + (y² − θ)/τ</c>, with θ and τ the model's sliding threshold. Weights are clamped to
/// [<see cref="BcmOptions.MinWeight"/>, <see cref="BcmOptions.MaxWeight"/>] only when those bounds are set; an update
/// that overflows float32 to ±∞ is not clamped but fails the call (the model is restored).
/// </summary>
/// <remarks>
/// Order per sample: y from the current W; every row updated with the θ from before the sample (then clamped when
/// bounded); then θ from this sample's y. θ is model state: it persists across <see cref="Trainer.Train"/> calls and
/// <see cref="Reset"/> sets it to 0. See <see cref="LinearRuleTrainer"/> for the two paths and failure handling.
/// </remarks>
public sealed class BcmTrainer : LinearRuleTrainer
{
    private readonly ISlidingThresholdModel _model;
    private readonly ParamState _theta;
    private readonly float _min, _max;
    private readonly bool _bounded;

    /// <summary>Creates a BCM trainer for <paramref name="model"/>, which must have a sliding threshold.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model has no sliding threshold, or θ's length differs from the outputs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or τ &lt; 1.</exception>
    public BcmTrainer(ISlidingThresholdModel model, BcmOptions? options = null)
        : base(model, options ?? new BcmOptions())
    {
        _model = model;
        _theta = model.Theta ?? throw new ArgumentException(
            "The model has no sliding threshold θ: create the layer with LinearLayerOptions.SlidingThreshold = true.", nameof(model));
        if (_theta.Length != model.Outputs)
        {
            throw new ArgumentException($"θ has length {_theta.Length} but the model has {model.Outputs} outputs.", nameof(model));
        }
        if (!float.IsFinite(model.ThresholdTimeConstant) || model.ThresholdTimeConstant < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(model), model.ThresholdTimeConstant, $"τ ({model.ThresholdTimeConstant}) must be finite and ≥ 1.");
        }
        var o = (BcmOptions)LocalOptions;
        _bounded = o.MinWeight is not null || o.MaxWeight is not null;
        _min = o.MinWeight ?? float.NegativeInfinity;
        _max = o.MaxWeight ?? float.PositiveInfinity;
    }

    /// <summary>A copy of the options in force.</summary>
    public BcmOptions Options => (BcmOptions)LocalOptions.Clone();

    /// <summary>The current sliding thresholds θ (a view of the model's parameter).</summary>
    public ReadOnlySpan<float> Theta => _theta.AsReadOnlySpan();

    /// <inheritdoc />
    /// <remarks>Also sets θ to 0.</remarks>
    public override void Reset()
    {
        base.Reset();
        _theta.AsSpan().Clear();
    }

    private protected override LinearRuleKind Rule => LinearRuleKind.Bcm;

    private protected override float[]? ThetaBuffer => _theta.Buffer;

    private protected override ParamState? ThetaParameter => _theta;

    private protected override float ThresholdTau => _model.ThresholdTimeConstant;

    private protected override float MinWeight => _min;

    private protected override float MaxWeight => _max;

    private protected override bool IsBounded => _bounded;

    private protected override void StepSample(float[] w, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float[] residual, float eta)
    {
        int n = x.Length;
        var theta = _theta.Buffer;
        float tau = _model.ThresholdTimeConstant;
        for (int i = 0; i < y.Length; i++)
        {
            var row = w.AsSpan(i * n, n);
            float yi = y[i], a = eta * (yi * (yi - theta[i]));
            for (int j = 0; j < n; j++) row[j] = row[j] + a * x[j];
            if (_bounded)
            {
                // The compiled kernel's clamp: ±∞ (an overflowed update) becomes NaN rather than a bound, so the check at the end rolls back.
                for (int j = 0; j < n; j++) row[j] = ClampBounds.Apply(row[j], _min, _max);
            }
        }
        for (int i = 0; i < y.Length; i++) theta[i] = theta[i] + (y[i] * y[i] - theta[i]) / tau;
    }
}
