namespace Canns.Analysis;

/// <summary>
/// The stationary bump of the Wu–Amari network: <c>u(θ) = U0 exp(−(θ − z)²/(4a²))</c>,
/// <c>r(θ) = R0 exp(−(θ − z)²/(2a²))</c>, for any position z.
/// </summary>
/// <param name="U0">The peak synaptic input.</param>
/// <param name="R0">The peak rate.</param>
/// <param name="CriticalInhibition">k_c = ρJ0²/(8√(2π) a): a bump exists only for k ≤ k_c.</param>
public sealed record WuAmariBump(double U0, double R0, double CriticalInhibition);
