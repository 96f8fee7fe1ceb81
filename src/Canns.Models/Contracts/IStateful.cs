namespace Canns.Models;

/// <summary>A model with a state vector that dynamics evolve.</summary>
public interface IStateful
{
    /// <summary>Number of units (the length of the state and of every pattern).</summary>
    int Size { get; }

    /// <summary>The current state, read-only.</summary>
    ReadOnlySpan<float> State { get; }

    /// <summary>Sets the state from a pattern.</summary>
    /// <exception cref="ArgumentException">The pattern's length differs from <see cref="Size"/> or it holds NaN or ∞; the state is unchanged.</exception>
    void SetState(ReadOnlySpan<float> pattern);
}
