namespace Canns.Analysis;

/// <summary>The bump a ring attractor settles into, from mean-field theory in the limit of many units.</summary>
public static class TheoreticalBump
{
    /// <summary>The source of <see cref="Cosine"/>.</summary>
    public const string BenYishaiBarOrSompolinsky =
        "R. Ben-Yishai, R. L. Bar-Or, H. Sompolinsky, \"Theory of orientation tuning in visual cortex\", PNAS 92(9), 3844-3848 (1995)";

    /// <summary>
    /// The bump of <c>τ dr/dt = −r + [W r + I]₊</c> with <c>W_ij = (J0 + J1 cos(θ_i − θ_j))/N</c> and a uniform input
    /// I &gt; 0, as N → ∞. Its half-width solves <c>J1 (θc − sin θc cos θc) = 2π</c> (so it depends on J1 alone) and its
    /// gain is <c>A = I / (−cos θc − (J0/π)(sin θc − θc cos θc))</c>; the first condition makes the cosine mode of the
    /// active units self-sustaining, the second balances the uniform mode against the threshold.
    /// </summary>
    /// <param name="uniformCoupling">J0.</param>
    /// <param name="tunedCoupling">J1; at least 2 (at 2 the whole ring is active, θc = π).</param>
    /// <param name="input">The uniform input I; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A value is not finite, J1 &lt; 2 (no bump: the uniform state is stable), I ≤ 0, or the gain's denominator is
    /// ≤ 0 (J0 too excitatory: activity grows without bound).
    /// </exception>
    public static BumpSolution Cosine(double uniformCoupling, double tunedCoupling, double input)
    {
        if (!double.IsFinite(uniformCoupling)) throw new ArgumentOutOfRangeException(nameof(uniformCoupling), uniformCoupling, "J0 must be finite.");
        if (!double.IsFinite(tunedCoupling) || tunedCoupling < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(tunedCoupling), tunedCoupling, "J1 must be finite and ≥ 2 for a bump to form.");
        }
        if (!double.IsFinite(input) || input <= 0) throw new ArgumentOutOfRangeException(nameof(input), input, "The uniform input must be finite and > 0.");

        // f(θ) = θ − sin θ cos θ = h(2θ)/2 with h(x) = x − sin x rises from 0 to π on [0, π], flat at both ends
        // (f′ = 2 sin²θ). Bisection compares with f measured from the nearer end, π − f(θ) = h(2(π − θ))/2 on the
        // upper half, so the flat ends do not cost the answer its digits.
        double target = 2 * Math.PI / tunedCoupling, rest = Math.PI * (tunedCoupling - 2) / tunedCoupling, lo = 0, hi = Math.PI;
        while (true)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            bool below = mid <= Math.PI / 2 ? XMinusSin(2 * mid) / 2 < target : XMinusSin(2 * (Math.PI - mid)) / 2 > rest;
            if (below) lo = mid;
            else hi = mid;
        }
        double theta = 0.5 * (lo + hi);
        var (sin, cos) = Math.SinCos(theta);
        double mass = (sin - theta * cos) / Math.PI;
        double denominator = -cos - uniformCoupling * mass;
        if (denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(uniformCoupling), uniformCoupling,
                $"J0 = {uniformCoupling} with J1 = {tunedCoupling} leaves no bounded bump (−cos θc − J0 (sin θc − θc cos θc)/π = {denominator:G4} ≤ 0): make J0 more negative.");
        }
        double amplitude = input / denominator;
        return new BumpSolution(theta, amplitude, amplitude * (1 - cos), amplitude * mass, theta / Math.PI);
    }

    /// <summary>The source of <see cref="WuAmari"/>.</summary>
    public const string WuHamaguchiAmari =
        "S. Wu, K. Hamaguchi, S. Amari, \"Dynamics and computation of continuous attractors\", Neural Computation 20(4), 994-1025 (2008)";

    /// <summary>
    /// The bump of the Wu–Amari network of <paramref name="neurons"/> units on a ring (ρ = N/2π) with couplings
    /// <c>J0/(√(2π) a) exp(−d²/(2a²))</c> and divisive inhibition k, without input: with <c>k_c = ρJ0²/(8√(2π) a)</c>,
    /// <c>U0 = J0 (1 + √(1 − k/k_c)) / (4√π a k)</c> and <c>R0 = (1 + √(1 − k/k_c)) / (2√(2π) a k ρ)</c> (the ring is taken
    /// as the line, which is exact up to tails of <c>exp(−π²/(2a²))</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite and positive, or k &gt; k_c (no bump).</exception>
    public static WuAmariBump WuAmari(int neurons, double coupling, double inhibition, double width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        foreach (var (value, name) in new[] { (coupling, nameof(coupling)), (inhibition, nameof(inhibition)), (width, nameof(width)) })
        {
            if (!double.IsFinite(value) || value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0.");
        }
        double rho = neurons / (2 * Math.PI);
        double critical = rho * coupling * coupling / (8 * Math.Sqrt(2 * Math.PI) * width);
        if (inhibition > critical)
        {
            throw new ArgumentOutOfRangeException(nameof(inhibition), inhibition, $"k = {inhibition} is above k_c = {critical:G6}: no bump holds itself up.");
        }
        double root = 1 + Math.Sqrt(1 - inhibition / critical);
        return new WuAmariBump(coupling * root / (4 * Math.Sqrt(Math.PI) * width * inhibition), root / (2 * Math.Sqrt(2 * Math.PI) * width * inhibition * rho), critical);
    }

    /// <summary>
    /// The bump of the two-dimensional Wu–Amari network of side × side units on a torus of side 2π (ρ = N/(4π²)) with
    /// couplings <c>J0/(2π a²) exp(−|d|²/(2a²))</c>: with <c>k_c = ρJ0²/(32π a²)</c>,
    /// <c>U0 = J0 (1 + √(1 − k/k_c)) / (8π k a²)</c> and <c>R0 = (1 + √(1 − k/k_c)) / (4π k ρ a²)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite and positive, or k &gt; k_c (no bump).</exception>
    public static WuAmariBump WuAmariTorus(int side, double coupling, double inhibition, double width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        foreach (var (value, name) in new[] { (coupling, nameof(coupling)), (inhibition, nameof(inhibition)), (width, nameof(width)) })
        {
            if (!double.IsFinite(value) || value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0.");
        }
        double rho = (double)side * side / (4 * Math.PI * Math.PI);
        double critical = rho * coupling * coupling / (32 * Math.PI * width * width);
        if (inhibition > critical)
        {
            throw new ArgumentOutOfRangeException(nameof(inhibition), inhibition, $"k = {inhibition} is above k_c = {critical:G6}: no bump holds itself up.");
        }
        double root = 1 + Math.Sqrt(1 - inhibition / critical);
        return new WuAmariBump(coupling * root / (8 * Math.PI * inhibition * width * width), root / (4 * Math.PI * inhibition * rho * width * width), critical);
    }

    /// <summary>x − sin x for x ≥ 0, without the cancellation of the plain difference for small x.</summary>
    private static double XMinusSin(double x)
    {
        if (x >= 1) return x - Math.Sin(x);
        // x³/3! − x⁵/5! + x⁷/7! − …: terms fall by x²/((2k+2)(2k+3)) ≤ 1/20, seven of them reach double precision.
        double x2 = x * x, term = x * x2 / 6, sum = 0;
        for (int k = 1; k <= 8; k++)
        {
            sum += term;
            term *= -x2 / ((2 * k + 2) * (2 * k + 3));
        }
        return sum;
    }
}
