namespace Canns.Models;

/// <summary>How a Hopfield network updates its units in one step.</summary>
public enum UpdateMode
{
    /// <summary>All units at once from the previous state: <c>s ← f(W s)</c>.</summary>
    Synchronous,

    /// <summary>One unit at a time, in a fresh random permutation each sweep, each seeing the units updated before it.</summary>
    Asynchronous,
}
