namespace Canns.Analysis;

/// <summary>Theoretical storage capacities of a Hopfield network with Hebbian storage of random ±1 patterns.</summary>
public static class TheoreticalCapacity
{
    /// <summary>
    /// The critical load <c>α_c ≈ 0.138</c>: above P/N = α_c retrieval states disappear (Amit, Gutfreund and
    /// Sompolinsky 1985); just below it patterns are recalled with about 1.5 % of bits wrong.
    /// </summary>
    public const double CriticalLoad = 0.138;

    /// <summary>The source of <see cref="CriticalLoad"/>.</summary>
    public const string AmitGutfreundSompolinsky =
        "D. J. Amit, H. Gutfreund, H. Sompolinsky, \"Storing infinite numbers of patterns in a spin-glass model of neural networks\", Phys. Rev. Lett. 55, 1530 (1985)";

    /// <summary>The source of the N/(2 ln N) and N/(4 ln N) limits.</summary>
    public const string McElieceEtAl =
        "R. J. McEliece, E. C. Posner, E. R. Rodemich, S. S. Venkatesh, \"The capacity of the Hopfield associative memory\", IEEE Trans. Inf. Theory 33(4), 461-482 (1987)";

    /// <summary>
    /// The capacity figures for N neurons: <c>P = α_c·N</c> (errors tolerated), <c>P = N/(2 ln N)</c> (a typical
    /// pattern recalled without error) and <c>P = N/(4 ln N)</c> (all patterns recalled without error), each as a
    /// pattern count and as a load <c>α = P/N</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 2 (ln N must be positive).</exception>
    public static IReadOnlyList<CapacityFigure> For(int neurons)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 2);
        double n = neurons, ln = Math.Log(n);
        return
        [
            new CapacityFigure("critical load", CriticalLoad * n, CriticalLoad, "α_c·N, α_c ≈ 0.138",
                "retrieval with a small fraction of wrong bits (about 1.5 %)", AmitGutfreundSompolinsky),
            new CapacityFigure("perfect recall, typical pattern", n / (2 * ln), 1 / (2 * ln), "N/(2 ln N)",
                "a given pattern is a fixed point with probability → 1", McElieceEtAl),
            new CapacityFigure("perfect recall, all patterns", n / (4 * ln), 1 / (4 * ln), "N/(4 ln N)",
                "all patterns are fixed points at once with probability → 1", McElieceEtAl),
        ];
    }
}
