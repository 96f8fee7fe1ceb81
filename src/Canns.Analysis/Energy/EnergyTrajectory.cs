namespace Canns.Analysis;

/// <summary>The energy along one recall.</summary>
/// <param name="Pattern">The pattern the probe was made from.</param>
/// <param name="FlippedBits">The bits flipped in the probe.</param>
/// <param name="Energies">The energy of the probe and after every step (the recall's energy trace).</param>
/// <param name="FinalOverlap">The final state's overlap with the pattern.</param>
public sealed record EnergyTrajectory(int Pattern, int FlippedBits, IReadOnlyList<double> Energies, double FinalOverlap);
