using Canns.Models;

namespace Canns.Trainers;

/// <summary>Creates trainers by name ("hebbian", "antihebbian", a user's own …) for a model.</summary>
public interface ITrainerFactory
{
    /// <summary>Every registered name, sorted.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Creates the trainer registered as <paramref name="name"/> (case-insensitive) for <paramref name="model"/> (an <see cref="IHasWeights"/> model, an <see cref="Int16HopfieldNetwork"/>, …).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No trainer has that name (the message lists the known ones), or the trainer cannot train this kind of model.</exception>
    Trainer Create(string name, object model);
}
