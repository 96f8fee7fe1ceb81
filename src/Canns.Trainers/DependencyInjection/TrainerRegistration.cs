using Canns.Models;

namespace Canns.Trainers;

/// <summary>One named trainer: how to create it for a model. <see cref="TrainerFactory"/> holds a set of them.</summary>
public sealed class TrainerRegistration
{
    private readonly Func<object, IServiceProvider, Trainer> _create;

    /// <summary>Registers <paramref name="create"/> under <paramref name="name"/>.</summary>
    /// <param name="name">The name, matched case-insensitively.</param>
    /// <param name="trainerType">The type <paramref name="create"/> returns, for listings.</param>
    /// <param name="create">Creates the trainer for a model, with services for options and dependencies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public TrainerRegistration(string name, Type trainerType, Func<object, IServiceProvider, Trainer> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(trainerType);
        ArgumentNullException.ThrowIfNull(create);
        Name = name;
        TrainerType = trainerType;
        _create = create;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The trainer's type.</summary>
    public Type TrainerType { get; }

    /// <summary>Creates the trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The trainer cannot train this kind of model, or its constructor rejected it.</exception>
    public Trainer Create(object model, IServiceProvider services) => _create(model, services);

    /// <summary>Casts <paramref name="model"/> to what trainer <paramref name="name"/> needs.</summary>
    /// <exception cref="ArgumentException">The model does not implement <typeparamref name="TModel"/>; the message names both.</exception>
    internal static TModel Require<TModel>(object model, string name)
        where TModel : class =>
        model as TModel ?? throw new ArgumentException(
            $"Trainer '{name}' needs a model implementing {typeof(TModel).Name}, but {model.GetType().Name} does not.", nameof(model));
}
