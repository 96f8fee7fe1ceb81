using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Anti-Hebbian storage (unlearning): <c>W −= η Σ_p (x_p − ρ)(x_p − ρ)ᵀ / P</c>. The same computation as
/// <see cref="HebbianTrainer"/> with the sign reversed, so training both on the same patterns cancels exactly.
/// </summary>
public sealed class AntiHebbianTrainer : HebbianTrainer
{
    /// <summary>Creates an anti-Hebbian trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="HebbianOptions.WeightParameter"/>.</exception>
    /// <exception cref="ArgumentException">That parameter is not N × N.</exception>
    public AntiHebbianTrainer(IRecurrentNetwork model, HebbianOptions? options = null, RecallOptions? recall = null)
        : base(model, options, recall, -1)
    {
    }
}
