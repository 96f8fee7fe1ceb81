using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// A head start for a batch of synchronous recalls: for each probe row b, a state <c>States[b]</c> near the probe and a
/// fresh product <c>Fields[b] = W·States[b]</c> (any summation order) of the W at <paramref name="WeightsVersion"/>.
/// The incremental batch kernel then reaches each probe's first field by updating from the units where the probe and
/// the state differ, instead of a matrix product (the capacity study computes the stored patterns' fields anyway, and
/// its probes are those patterns with a few units flipped). A hint only: results are the same with or without it.
/// </summary>
/// <param name="States">Row-major (probes × N) states.</param>
/// <param name="Fields">Row-major (probes × N) fields, <c>W·States[b]</c>.</param>
/// <param name="WeightsVersion">The <see cref="ParamState.Version"/> of W the fields were computed from; a batch recalling another version ignores the hint.</param>
internal sealed record RecallStart(Matrix States, float[] Fields, long WeightsVersion);
