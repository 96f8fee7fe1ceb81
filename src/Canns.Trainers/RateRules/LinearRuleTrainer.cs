using System.Diagnostics.CodeAnalysis;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The base of the rate-based local rules on a feedforward layer (<c>y = W x</c>): per-sample online updates over
/// epochs, optional shuffling, a learning-rate schedule, and prediction <c>y = W x</c>.
/// </summary>
/// <remarks>
/// <para><b>Paths.</b> The step path visits one sample at a time through the model's own <c>Forward</c>, with scalar
/// updates, a progress report and a cancellation check per sample. The compiled path (a <see cref="LinearLayer"/>
/// only) runs each epoch in a fused kernel specialised per rule and bounds, reporting per epoch. Both do the same
/// float operations in the same order, so they give bit-identical weights.</para>
/// <para><b>State.</b> The sample counter (the schedule's step) and the epoch counter (the shuffle's seed) persist
/// across <see cref="Trainer.Train"/> calls, as does the model's θ for BCM; <see cref="Reset"/> clears them.</para>
/// <para><b>Failure.</b> Bad data are rejected before anything changes; if training fails later (cancellation, a
/// schedule that returns a bad rate, weights that diverge) the weights, θ and counters are restored.</para>
/// </remarks>
public abstract class LinearRuleTrainer : Trainer<IFeedforwardModel, float[]>
{
    private readonly RateRuleOptions _options;
    private long _steps;
    private long _epochs;

    private protected LinearRuleTrainer(IFeedforwardModel model, RateRuleOptions options)
        : base(model)
    {
        _options = options.Clone();
        _options.Validate();
    }

    /// <summary>Samples trained on since construction or <see cref="Reset"/>: the step the schedule sees next.</summary>
    public long StepCount => _steps;

    /// <summary>Epochs completed since construction or <see cref="Reset"/>.</summary>
    public long EpochCount => _epochs;

    private protected RateRuleOptions LocalOptions => _options;

    /// <summary>Forgets the training state: the sample and epoch counters (and, for BCM, resets θ to 0). W is kept.</summary>
    public virtual void Reset()
    {
        _steps = 0;
        _epochs = 0;
    }

    /// <summary>Trains on the rows of <paramref name="data"/> (samples × inputs), <see cref="RateRuleOptions.Epochs"/> times.</summary>
    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The schedule returned a negative or non-finite rate; the model is unchanged.</exception>
    /// <exception cref="ArgumentException">The weights (or BCM's θ) already hold NaN or ∞ before training; the model is unchanged.</exception>
    /// <exception cref="NotFiniteNumberException">Training made the weights (or BCM's θ) NaN or ∞ (the learning rate or the data's scale is likely too large); the model is unchanged.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        ValidateData(data, Model.Inputs, "inputs");
        cancellationToken.ThrowIfCancellationRequested();
        var w = Model.W;
        ThrowIfNotFiniteBeforeTraining(w.AsReadOnlySpan(), "W", Model.Inputs);
        if (ThetaBuffer is { } current) ThrowIfNotFiniteBeforeTraining(current, "θ", current.Length);
        float[] savedW = w.ToArray();
        float[]? theta = ThetaBuffer;
        float[]? savedTheta = (float[]?)theta?.Clone();
        long steps = _steps, epochs = _epochs;
        try
        {
            var order = new int[data.Rows];
            var y = new float[Model.Outputs];
            var yNext = new float[Model.Outputs];
            var residual = new float[Model.Inputs];
            long total = (long)_options.Epochs * data.Rows;
            var kernel = CompiledKernel();
            for (int e = 0; e < _options.Epochs; e++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                FillOrder(order, epochs);
                if (kernel is not null)
                {
                    kernel.RunEpoch(new LinearRuleRun
                    {
                        W = w.Buffer, Outputs = Model.Outputs, Inputs = Model.Inputs, Data = data, Order = order, FirstStep = steps,
                        Schedule = _options.Schedule, Rate = _options.LearningRate, Theta = theta, Tau = ThresholdTau,
                        MinWeight = MinWeight, MaxWeight = MaxWeight, NormalizeRows = NormalizeRows, Y = y, YNext = yNext, Residual = residual,
                    });
                    steps += data.Rows;
                    Report(TrainingPhase.Training, (e + 1L) * data.Rows, total);
                }
                else
                {
                    for (int k = 0; k < order.Length; k++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var x = data.Row(order[k]);
                        Model.Forward(x, y);
                        float eta = RateAt(steps);
                        StepSample(w.Buffer, x, y, residual, eta);
                        steps++;
                        Report(TrainingPhase.Training, (long)e * data.Rows + k + 1, total);
                    }
                }
                epochs++;
            }
            w.MarkChanged();
            // An element-wise check: a plain sum also overflows for large finite weights, which are not a divergence.
            // NotFiniteNumberException, as every trainer (and CommitIfFinite) reports a divergence found after the
            // update; ArgumentException is for input refused before any work.
            int badTheta = theta is null ? -1 : Guard.FirstNonFinite(theta);
            int badW = badTheta >= 0 ? -1 : Guard.FirstNonFinite(w.AsReadOnlySpan());
            if (badTheta >= 0 || badW >= 0)
            {
                float largest = MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(data.AsSpan()));
                float offending = badTheta >= 0 ? theta![badTheta] : w.AsReadOnlySpan()[badW];
                throw new NotFiniteNumberException(
                    $"Training made the weights{(badTheta >= 0 ? " or θ" : "")} non-finite: the learning rate ({_options.LearningRate}) or its schedule is likely too large " +
                    $"for data of this scale, or the data's largest magnitude ({largest}) overflows float32 when squared.",
                    offending);
            }
            if (theta is not null) ThetaParameter!.MarkChanged();
        }
        catch
        {
            w.CopyFrom(savedW);
            if (savedTheta is not null) ThetaParameter!.CopyFrom(savedTheta);
            throw;
        }
        (_steps, _epochs) = (steps, epochs);
    }

    /// <summary>Returns <c>y = W x</c> for one input (the model's own forward pass).</summary>
    /// <exception cref="ArgumentException">The input's length differs from the model's inputs, or it holds NaN or ∞.</exception>
    public override float[] Predict(ReadOnlySpan<float> input)
    {
        Guard.ThrowIfLengthMismatch(input.Length, Model.Inputs, "input", "inputs");
        Guard.ThrowIfNotFinite(input, "input");
        var y = new float[Model.Outputs];
        Model.Forward(input, y);
        Report(TrainingPhase.Predicting, 1, 1);
        return y;
    }

    /// <summary>
    /// Returns <c>y = W x</c> for every row. On the compiled path of a <see cref="LinearLayer"/> it is one
    /// matrix-matrix product, whose elements equal <see cref="Predict"/>'s exactly.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are empty, of the wrong width, or hold NaN or ∞.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public override IReadOnlyList<float[]> PredictBatch(Matrix inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rows == 0) throw new ArgumentException("The batch of inputs is empty.", nameof(inputs));
        if (inputs.Columns != Model.Inputs)
        {
            throw new ArgumentException($"The inputs have {inputs.Columns} columns but the model has {Model.Inputs} inputs.", nameof(inputs));
        }
        Guard.ThrowIfNotFinite(inputs, nameof(inputs));
        if (!IsCompiledPathActive || Model is not LinearLayer)
        {
            return base.PredictBatch(inputs, cancellationToken);
        }
        // One product with no loop to check the token in: it is checked once, before, as the step path does.
        cancellationToken.ThrowIfCancellationRequested();
        int m = Model.Outputs;
        var product = new float[(long)inputs.Rows * m];
        Blas.GemmNT(inputs.Data, inputs.Rows, Model.W.Buffer, m, Model.Inputs, product);
        var results = new float[inputs.Rows][];
        for (int r = 0; r < results.Length; r++) results[r] = product.AsSpan(r * m, m).ToArray();
        Report(TrainingPhase.PredictingBatch, inputs.Rows, inputs.Rows);
        return results;
    }

    /// <summary>The rule, for the compiled kernel.</summary>
    private protected abstract LinearRuleKind Rule { get; }

    /// <summary>θ's buffer (BCM), or null.</summary>
    private protected virtual float[]? ThetaBuffer => null;

    /// <summary>θ's parameter (BCM), or null.</summary>
    private protected virtual ParamState? ThetaParameter => null;

    private protected virtual float ThresholdTau => 1f;

    private protected virtual float MinWeight => float.NegativeInfinity;

    private protected virtual float MaxWeight => float.PositiveInfinity;

    private protected virtual bool IsBounded => false;

    private protected virtual bool NormalizeRows => false;

    /// <summary>The step path's scalar update of W (outputs × inputs, row-major) for one sample x with outputs y.</summary>
    private protected abstract void StepSample(float[] w, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float[] residual, float eta);

    /// <summary>The step path's row normalisation: the same operations as the compiled one.</summary>
    private protected static void NormalizeRow(Span<float> row)
    {
        float norm2 = Blas.Dot(row, row);
        if (norm2 > 0f)
        {
            float scale = 1f / MathF.Sqrt(norm2);
            for (int j = 0; j < row.Length; j++) row[j] *= scale;
        }
    }

    private float RateAt(long step) => _options.Schedule is null ? _options.LearningRate : Schedules.Checked(_options.Schedule, step);

    private void FillOrder(int[] order, long epoch)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (_options.Shuffle) new Random(unchecked(_options.Seed + (int)epoch)).Shuffle(order);
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached when CompiledPath.IsDynamicCodeSupported is true.")]
    private ILinearRuleKernel? CompiledKernel() =>
        IsCompiledPathActive && Model is LinearLayer ? LinearRuleKernels.For(Rule, IsBounded) : null;
}
