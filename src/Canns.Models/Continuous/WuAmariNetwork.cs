namespace Canns.Models;

/// <summary>
/// The continuous attractor neural network of Wu, Hamaguchi and Amari (2008), the CANN1D of the canns library: N units
/// on a ring (preferred angles <c>θ_i = −π + 2π i/N</c>) with synaptic inputs u, rates
/// <c>r = [u]₊² / (1 + k Σ_j [u_j]₊²)</c> (global divisive inhibition), Gaussian couplings
/// <c>W_ij = J0/(√(2π) a) exp(−d_ij²/(2a²))</c> and <c>τ du/dt = −u + W r + I</c>, stepped by Euler.
/// </summary>
/// <remarks>
/// <para>Its stationary bump, for k below <c>k_c = ρJ0²/(8√(2π) a)</c> with ρ = N/2π, is
/// <c>u = u0 exp(−(θ − z)²/(4a²))</c>, <c>r = r0 exp(−(θ − z)²/(2a²))</c> at any position z
/// (<c>Canns.Analysis.TheoreticalBump.WuAmari</c>). The divisive normalisation gives the model no known Lyapunov
/// function, so it is not an <see cref="IEnergyModel"/>; <see cref="RingAttractorNetwork"/> is the ring with an energy.</para>
/// <para><b>Against canns' CANN1D.</b> The couplings, the cue, the Euler step and the defaults (τ = 1, k = 8.1, a = 0.5,
/// J0 = 4) are CANN1D's. Two details differ, both toward Wu, Hamaguchi and Amari's model: CANN1D squares u itself, so a
/// negative u also fires, where here only <c>[u]₊</c> does (the same trajectories whenever u stays ≥ 0, as it does from
/// u = 0 with I ≥ 0); and CANN1D places its units by <c>linspace(−π, π, N)</c>, which puts the first and the last at
/// the same angle, where here they are <c>2π/N</c> apart all round the ring (bumps agree to about 1/N: 0.1 % at N = 128).</para>
/// <para>Not thread-safe: lock <see cref="WuAmariModel.SyncRoot"/>. A new network is silent (u = 0) with zero input.</para>
/// </remarks>
public sealed class WuAmariNetwork : WuAmariModel
{
    private readonly RingGeometry _ring;

    /// <summary>Creates a network of <paramref name="neurons"/> units with the Gaussian couplings of the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 1, N × N cannot be allocated, or an option is out of range
    /// (including J0 and a whose peak coupling J0/(√(2π) a) is beyond the float32 range).</exception>
    public WuAmariNetwork(int neurons, WuAmariOptions? options = null)
        : base(neurons, options)
    {
        _ring = new RingGeometry(neurons);
        double a = Width, scale = Coupling / (Math.Sqrt(2 * Math.PI) * a);
        ThrowIfCouplingOverflows(scale);
        _ring.FillCirculant(W.AsSpan(), d => scale * Math.Exp(-d * d / (2 * a * a)));
    }

    /// <summary>ρ = N/2π, the density of units on the ring.</summary>
    public double Density => Size / (2 * Math.PI);

    /// <summary>k_c = ρJ0²/(8√(2π) a): above it no bump can hold itself up.</summary>
    public double CriticalInhibition => Density * Coupling * Coupling / (8 * Math.Sqrt(2 * Math.PI) * Width);

    /// <summary>The angle of the population vector of the rates, in (−π, π]; NaN when the network is silent.</summary>
    public double BumpPosition => _ring.Decode(Rates);

    /// <summary>The preferred angle of unit <paramref name="index"/>: <c>−π + 2π·index / N</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, N).</exception>
    public double PreferredAngle(int index) => _ring.PreferredAngle(index);

    /// <summary>Sets I to the usual CANN cue: <c>I_i = A exp(−d_i²/(4a²))</c>, d_i the distance on the ring from θ_i to <paramref name="center"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or ∞; the input is unchanged.</exception>
    public void SetBumpInput(double center, float amplitude)
    {
        Guard.ThrowIfNotFinite(center, nameof(center));
        SetCue(amplitude, i =>
        {
            double d = RingAttractorNetwork.Wrap(PreferredAngle(i) - center);
            return d * d;
        });
    }
}
