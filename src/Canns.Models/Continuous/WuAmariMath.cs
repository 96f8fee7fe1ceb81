using System.Numerics.Tensors;
using Canns.Numerics;

namespace Canns.Models;

/// <summary>The dynamics the Wu–Amari ring and torus share.</summary>
internal static class WuAmariMath
{
    /// <summary><c>r = [u]₊² / (1 + k Σ_j [u_j]₊²)</c>.</summary>
    public static void Rates(ReadOnlySpan<float> u, Span<float> r, float inhibition)
    {
        TensorPrimitives.Max(u, 0f, r);
        TensorPrimitives.Multiply(r, r, r);
        float total = TensorPrimitives.Sum(r);
        TensorPrimitives.Divide(r, 1f + inhibition * total, r);
    }

    /// <summary>One Euler step <c>u ← u + η(−u + W r + I)</c>, η = Δt/τ, with the scratch <paramref name="rates"/> and <paramref name="field"/>.</summary>
    public static void Step(Span<float> u, ReadOnlySpan<float> w, ReadOnlySpan<float> input, Span<float> rates, Span<float> field, float inhibition, float eta)
    {
        Rates(u, rates, inhibition);
        Blas.Gemv(w, u.Length, rates, field);
        TensorPrimitives.Add(field, input, field);
        TensorPrimitives.Subtract(field, u, field);
        TensorPrimitives.MultiplyAdd(field, eta, u, u);
    }
}
