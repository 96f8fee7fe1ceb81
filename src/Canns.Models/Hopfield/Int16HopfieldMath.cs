using System.Runtime.CompilerServices;

namespace Canns.Models;

/// <summary>
/// The field, decision and energy of an <see cref="Int16HopfieldNetwork"/> from exact integer sums, shared by the
/// model's own step and the compiled recall kernels: both pass the same integers, so both get the same doubles.
/// </summary>
/// <remarks>
/// With <c>W_ij = α(J_ij − ρ(S_i + S_j) + κ)</c> off the diagonal, <c>W_ii = 0</c>, and ±1 states:
/// <c>h_i = α(a_i − ρ(S_i m + q − 2 S_i s_i) + κ(m − s_i))</c>, where <c>a = J s</c>, <c>m = Σ s</c> and
/// <c>q = Σ S_j s_j</c> are exact integers; and
/// <c>sᵀ W s = α(sᵀ J s − 2ρ(q m − ΣS) + κ(m² − N))</c>.
/// </remarks>
internal static class Int16HopfieldMath
{
    /// <summary>The field h_i of unit i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Field(in Int16Weights w, int a, int columnSum, int spin, long m, long q) =>
        w.Scale * (a - w.Center * ((long)columnSum * m + q - 2L * columnSum * spin) + w.Offset * (m - spin));

    /// <summary>The new spin of a unit: +1 above θ, −1 below, unchanged at θ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Decide(double field, double threshold, short previous) =>
        field > threshold ? (short)1 : field < threshold ? (short)-1 : previous;

    /// <summary><c>E = −½ sᵀ W s + θ m</c> from <c>sᵀ J s</c>, m and q.</summary>
    public static double Energy(in Int16Weights w, long sJs, long m, long q, int n, double threshold) =>
        -0.5 * (w.Scale * (sJs - 2 * w.Center * (q * m - w.ColumnSumTotal) + w.Offset * ((double)m * m - n))) + threshold * m;

    /// <summary><c>m = Σ s</c> and <c>q = Σ S_j s_j</c>.</summary>
    public static (long M, long Q) Sums(ReadOnlySpan<short> spins, ReadOnlySpan<int> columnSums)
    {
        long m = 0, q = 0;
        for (int j = 0; j < spins.Length; j++)
        {
            m += spins[j];
            q += (long)columnSums[j] * spins[j];
        }
        return (m, q);
    }

    /// <summary><c>sᵀ a</c> for <c>a = J s</c>.</summary>
    public static long Quadratic(ReadOnlySpan<short> spins, ReadOnlySpan<int> field)
    {
        long sum = 0;
        for (int i = 0; i < spins.Length; i++) sum += (long)spins[i] * field[i];
        return sum;
    }
}

/// <summary>
/// One consistent set of an <see cref="Int16HopfieldNetwork"/>'s weights: the couplings J, column sums S and the
/// coefficients α, ρ, κ, captured together so a recall never mixes two versions.
/// </summary>
internal sealed record Int16Weights(short[] Couplings, int[] ColumnSums, double Scale, double Center, double Offset, long ColumnSumTotal, long Version);
