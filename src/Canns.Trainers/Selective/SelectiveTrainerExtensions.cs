namespace Canns.Trainers;

/// <summary>Wraps a trainer in selective plasticity.</summary>
public static class SelectiveTrainerExtensions
{
    /// <summary>
    /// Wraps <paramref name="trainer"/> in a <see cref="SelectiveTrainer{TModel, TPrediction}"/>: its updates of the
    /// model's weights are gated by eligibility traces, so that what earlier tasks learned is kept.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="trainer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="SelectiveTrainerOptions.Parameter"/>.</exception>
    public static SelectiveTrainer<TModel, TPrediction> WithSelectivePlasticity<TModel, TPrediction>(this Trainer<TModel, TPrediction> trainer,
        SelectiveTrainerOptions? options = null)
        where TModel : class, Canns.Models.IHasWeights =>
        new(trainer, options);

    /// <summary>
    /// Wraps <paramref name="trainer"/> (for example one an <see cref="ITrainerFactory"/> created) in a
    /// <see cref="SelectiveTrainer{TModel, TPrediction}"/> of its own model and prediction types.
    /// </summary>
    /// <returns>The wrapper: a <see cref="SelectiveTrainer{TModel, TPrediction}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trainer"/> is null.</exception>
    /// <exception cref="ArgumentException">The trainer does not derive from <see cref="Trainer{TModel, TPrediction}"/>, or its model has no weights.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="SelectiveTrainerOptions.Parameter"/>.</exception>
    public static Trainer WithSelectivePlasticity(this Trainer trainer, SelectiveTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return trainer.WrapSelective(options);
    }
}
