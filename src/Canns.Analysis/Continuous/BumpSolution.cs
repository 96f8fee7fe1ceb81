namespace Canns.Analysis;

/// <summary>
/// The stationary bump of a threshold-linear ring, <c>r(θ) = A [cos(θ − ψ) − cos θc]₊</c>, for any position ψ.
/// </summary>
/// <param name="HalfWidth">θc in radians: units within θc of the centre are active.</param>
/// <param name="Amplitude">A, the gain of the cosine profile.</param>
/// <param name="PeakRate">The rate at the centre, <c>A (1 − cos θc)</c>.</param>
/// <param name="MeanRate">The mean rate over the ring, <c>(A/π)(sin θc − θc cos θc)</c>.</param>
/// <param name="ActiveFraction">The fraction of the ring that is active, <c>θc/π</c>.</param>
public sealed record BumpSolution(double HalfWidth, double Amplitude, double PeakRate, double MeanRate, double ActiveFraction);
