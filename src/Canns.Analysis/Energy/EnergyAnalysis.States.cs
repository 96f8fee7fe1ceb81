using Canns.Models;

namespace Canns.Analysis;

public static partial class EnergyAnalysis
{
    private static StateEnergies ComputeStateEnergies(IRecurrentNetwork model, Matrix patterns, EnergyAnalysisOptions o)
    {
        int n = patterns.Columns, p = patterns.Rows;
        var state = new float[n];
        var stored = new double[p];
        var inverted = new double[p];
        for (int q = 0; q < p; q++)
        {
            stored[q] = model.ComputeEnergy(patterns.Row(q));
            Negate(patterns.Row(q), state);
            inverted[q] = model.ComputeEnergy(state);
        }
        var mixtures = new List<double>();
        foreach (var (a, b, c) in Triples(p).Take(o.MaxMixtures))
        {
            Mixture(patterns.Row(a), patterns.Row(b), patterns.Row(c), state);
            mixtures.Add(model.ComputeEnergy(state));
        }
        var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(o.Seed, 3));
        var randomStates = Sampling.RandomBipolar(o.RandomStates, n, ref random);
        var randomEnergies = new double[o.RandomStates];
        for (int r = 0; r < o.RandomStates; r++) randomEnergies[r] = model.ComputeEnergy(randomStates.Row(r));
        return new StateEnergies(stored, inverted, mixtures, randomEnergies);
    }

    /// <summary>All triples a &lt; b &lt; c &lt; p in lexicographic order.</summary>
    internal static IEnumerable<(int A, int B, int C)> Triples(int p)
    {
        for (int a = 0; a < p; a++)
        for (int b = a + 1; b < p; b++)
        for (int c = b + 1; c < p; c++)
        {
            yield return (a, b, c);
        }
    }

    /// <summary><c>s_i = sgn(x_i + y_i + z_i)</c>; never 0 for ±1 inputs.</summary>
    internal static void Mixture(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++) destination[i] = x[i] + y[i] + z[i] > 0 ? 1f : -1f;
    }

    private static void Negate(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++) destination[i] = -x[i];
    }
}
