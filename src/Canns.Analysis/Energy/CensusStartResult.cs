namespace Canns.Analysis;

/// <summary>Where recall from one random start of the attractor census ended.</summary>
/// <param name="Start">The start's index, in [0, CensusStarts); its state is seeded from (seed, start) alone.</param>
/// <param name="Kind">The kind of final state; <see cref="AttractorKind.Other"/> when the dynamics did not converge.</param>
/// <param name="Energy">The final state's energy.</param>
/// <param name="Converged">Whether the state stopped changing within the step limit.</param>
public sealed record CensusStartResult(int Start, AttractorKind Kind, double Energy, bool Converged);
