namespace Canns.Trainers;

/// <summary>Typed creation on top of <see cref="ITrainerFactory"/>.</summary>
public static class TrainerFactoryExtensions
{
    /// <summary>
    /// Creates the trainer registered as <paramref name="name"/> for <paramref name="model"/>, as a
    /// <typeparamref name="TTrainer"/>: <c>factory.Create&lt;OjaTrainer&gt;("oja", layer)</c>, or
    /// <c>Create&lt;Trainer&lt;IFeedforwardModel, float[]&gt;&gt;</c> to reach <c>Predict</c> whatever the rule.
    /// </summary>
    /// <typeparam name="TTrainer">The type the caller expects; the trainer's own type or one it derives from.</typeparam>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No trainer has that name, the trainer cannot train this kind of model, or it
    /// is not a <typeparamref name="TTrainer"/> (the message names both types).</exception>
    public static TTrainer Create<TTrainer>(this ITrainerFactory factory, string name, object model)
        where TTrainer : Trainer
    {
        ArgumentNullException.ThrowIfNull(factory);
        var trainer = factory.Create(name, model);
        return trainer as TTrainer
            ?? throw new ArgumentException($"Trainer '{name}' is a {Describe(trainer.GetType())}, not a {Describe(typeof(TTrainer))}.", nameof(name));
    }

    /// <summary>A type as C# spells it: <c>Trainer&lt;IFeedforwardModel, Single[]&gt;</c>, not <c>Trainer`2</c>.</summary>
    private static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;
}
