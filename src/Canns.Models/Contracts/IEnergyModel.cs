namespace Canns.Models;

/// <summary>A model with a Lyapunov (energy) function of its state.</summary>
public interface IEnergyModel
{
    /// <summary>The energy of the current state.</summary>
    double Energy { get; }

    /// <summary>The energy the model would have in <paramref name="state"/>, without changing its state.</summary>
    double ComputeEnergy(ReadOnlySpan<float> state);
}
