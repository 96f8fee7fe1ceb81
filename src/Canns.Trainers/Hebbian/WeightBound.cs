using System.Numerics.Tensors;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// A proven upper bound on max |W_ij| of the parameter a trainer writes, kept with the <see cref="ParamState.Version"/>
/// its own last commit left. A call on W as the trainer left it needs no pass over W; any other version (the first
/// call, or a write by the user or another trainer since) is scanned once, and a NaN or ∞ found there is refused.
/// </summary>
/// <remarks>
/// Writes through a span taken before the trainer's last commit do not change the version, so they are not seen: as
/// for the recall caches, call <see cref="ParamState.MarkChanged"/> after such a write.
/// </remarks>
internal sealed class WeightBound
{
    private ParamState? _parameter;
    private long _version;
    private double _bound;

    /// <summary>How many times W has been scanned; tests check that a call on the trainer's own W scans nothing.</summary>
    public long Scans { get; private set; }

    /// <summary>
    /// An upper bound on max |W_ij|: the one kept when <paramref name="w"/> is at the version this trainer left,
    /// otherwise max |W| from one vectorised pass (kept for this version).
    /// </summary>
    /// <exception cref="ArgumentException">W holds NaN or ±∞; the message names the first such element. Nothing is kept.</exception>
    public double Of(ParamState w)
    {
        if (ReferenceEquals(w, _parameter) && w.Version == _version) return _bound;
        Scans++;
        var values = w.AsReadOnlySpan();
        // MaxMagnitude is IEEE 754 maximumMagnitude: NaN when any value is NaN, +∞ when any is ±∞ and none is NaN.
        float largest = values.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(values));
        if (!float.IsFinite(largest)) Trainer.ThrowIfNotFiniteBeforeTraining(values, w.Name, w.Columns);
        Keep(w, largest);
        return largest;
    }

    /// <summary>Records that <paramref name="w"/>, at its current version, has no entry larger than <paramref name="bound"/> in magnitude.</summary>
    public void Keep(ParamState w, double bound)
    {
        _parameter = w;
        _version = w.Version;
        _bound = bound;
    }
}
