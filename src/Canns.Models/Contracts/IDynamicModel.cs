namespace Canns.Models;

/// <summary>A model that advances its state one step at a time.</summary>
public interface IDynamicModel
{
    /// <summary>Runs one step of the dynamics (one sweep over all units).</summary>
    void Step();

    /// <summary>Runs one step of the dynamics, drawing any randomness (such as an update order) from <paramref name="random"/>.</summary>
    void Step(Random random);
}
