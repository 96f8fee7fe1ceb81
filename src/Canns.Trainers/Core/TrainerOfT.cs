using Canns.Models;

namespace Canns.Trainers;

/// <summary>A trainer bound to a model, with single and batched prediction.</summary>
/// <typeparam name="TModel">What the trainer needs of a model, as a capability interface.</typeparam>
/// <typeparam name="TPrediction">What one prediction returns.</typeparam>
public abstract class Trainer<TModel, TPrediction> : Trainer
    where TModel : class
{
    /// <summary>Stores the model the trainer trains.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    protected Trainer(TModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The model this trainer trains.</summary>
    public TModel Model { get; }

    /// <summary>
    /// <see cref="Trainer.ConfigureProgress"/>, returning this trainer as a <see cref="Trainer{TModel,TPrediction}"/> so
    /// a chain can go on to <see cref="Predict"/> or <see cref="PredictBatch"/>; the same settings either way.
    /// </summary>
    /// <param name="showProgress">Report progress to <see cref="Trainer.Progress"/>.</param>
    /// <param name="useCompile">Run the fused compiled kernels (true) or the step-by-step path that reports every iteration (false).</param>
    /// <returns>This trainer, for chaining.</returns>
    public new Trainer<TModel, TPrediction> ConfigureProgress(bool showProgress = true, bool useCompile = true)
    {
        base.ConfigureProgress(showProgress, useCompile);
        return this;
    }

    /// <inheritdoc />
    internal sealed override Trainer WrapSelective(SelectiveTrainerOptions? options) => new SelectiveTrainer<TModel, TPrediction>(this, options);

    /// <summary>Runs the model on one input and returns what it settles to or outputs.</summary>
    /// <exception cref="ArgumentException">The input has the wrong length or holds NaN or ∞.</exception>
    public abstract TPrediction Predict(ReadOnlySpan<float> input);

    /// <summary>
    /// Runs the model on every row of <paramref name="inputs"/>. The default calls <see cref="Predict"/> row by row
    /// and reports progress per row; trainers override it with batched kernels that give the same results.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The inputs are empty, of the wrong width, or hold NaN or ∞.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public virtual IReadOnlyList<TPrediction> PredictBatch(Matrix inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rows == 0) throw new ArgumentException("The batch of inputs is empty: it has no rows.", nameof(inputs));
        Guard.ThrowIfNotFinite(inputs, nameof(inputs));
        var results = new TPrediction[inputs.Rows];
        for (int r = 0; r < inputs.Rows; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[r] = Predict(inputs.Row(r));
            Report(TrainingPhase.PredictingBatch, r + 1, inputs.Rows);
        }
        return results;
    }
}
