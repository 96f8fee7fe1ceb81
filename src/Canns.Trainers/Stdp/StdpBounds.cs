namespace Canns.Trainers;

/// <summary>How STDP keeps weights within [w_min, w_max].</summary>
public enum StdpBounds
{
    /// <summary>No bounds: <c>w ← w + (p − d)</c>.</summary>
    None,

    /// <summary>Hard bounds: <c>w ← clamp(w + (p − d), w_min, w_max)</c>.</summary>
    Hard,

    /// <summary>
    /// Soft (multiplicative, weight-dependent) bounds: <c>w ← clamp(w + (p (w_max − w) − d (w − w_min)), w_min, w_max)</c>;
    /// the clamp only acts when an amplitude times a trace exceeds 1.
    /// </summary>
    Soft,
}
