namespace Canns.Trainers.Tests.LocalRules;

/// <summary>Plain Hebbian, scalar only: Δw = y·x.</summary>
internal readonly struct HebbRule : ILocalRule
{
    public static float Delta(in Synapse s) => s.Post * s.Pre;
}

/// <summary>Covariance Hebbian with multiplicative soft bounds and decay, vectorised: Δw = y·x·(1 − w²) − 0.01·w.</summary>
internal readonly struct SoftBoundRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W;

    public static TVector Delta<TVector>(in SynapseVector<TVector> s)
        where TVector : struct, IFloatVector<TVector> =>
        s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W;
}

/// <summary>A three-factor rule with traces and a threshold, vectorised.</summary>
internal readonly struct TraceRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => (s.PostTrace - s.Theta) * s.PreTrace * s.Modulator - 0.5f * s.W;

    public static TVector Delta<TVector>(in SynapseVector<TVector> s)
        where TVector : struct, IFloatVector<TVector> =>
        (s.PostTrace - s.Theta) * s.PreTrace * s.Modulator - 0.5f * s.W;
}

/// <summary>
/// Every vector operation of <see cref="IFloatVector{TSelf}"/> once, vectorised: a conditional on a comparison, the
/// math calls and a bitwise mask, so the scalar and vector paths are compared on all of them.
/// </summary>
internal readonly struct EveryOperationRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s)
    {
        float a = MathF.FusedMultiplyAdd(s.Post, s.Pre, -s.Theta * s.PostTrace);
        float b = a > 0.1f || s.W <= -0.2f ? MathF.Sqrt(MathF.Abs(a)) / (1f + s.W * s.W) : MathF.Max(a, -0.25f) - MathF.Min(s.PreTrace, 0.3f);
        return s.Pre >= 0f && s.Pre < 0.5f && s.Post != 0f ? b * s.Modulator : b - s.W / 8f;
    }

    public static TVector Delta<TVector>(in SynapseVector<TVector> s)
        where TVector : struct, IFloatVector<TVector>
    {
        var a = TVector.FusedMultiplyAdd(s.Post, s.Pre, -s.Theta * s.PostTrace);
        var first = TVector.GreaterThan(a, 0.1f) | TVector.LessThanOrEqual(s.W, -0.2f);
        var b = TVector.ConditionalSelect(first,
            TVector.Sqrt(TVector.Abs(a)) / (1f + s.W * s.W),
            TVector.Max(a, -0.25f) - TVector.Min(s.PreTrace, 0.3f));
        var second = TVector.GreaterThanOrEqual(s.Pre, 0f) & TVector.LessThan(s.Pre, 0.5f) & ~TVector.Equals(s.Post, TVector.Zero);
        return TVector.ConditionalSelect(second, b * s.Modulator, b - s.W / 8f);
    }
}

/// <summary>
/// A probe that breaks the scalar-equals-vector promise on purpose: Δw = 0 from the scalar overload and the lane count
/// from the vector one, so a row of Δ shows which width the driver ran and where the scalar columns began.
/// </summary>
internal readonly struct LaneCountRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => 0f;

    public static TVector Delta<TVector>(in SynapseVector<TVector> s)
        where TVector : struct, IFloatVector<TVector> => TVector.Create(TVector.Count);
}

/// <summary>Throws at synapse (2, 3) of a 6-neuron network fed <see cref="ThrowingRule"/>-marked patterns: Pre = 7 and Post = 5.</summary>
internal readonly struct ThrowingRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => s.Pre == 7f && s.Post == 5f ? throw new InvalidOperationException("boom") : s.Pre * s.Post;

    public static TVector Delta<TVector>(in SynapseVector<TVector> s)
        where TVector : struct, IFloatVector<TVector>
    {
        var hit = TVector.Equals(s.Pre, 7f) & TVector.Equals(s.Post, 5f);
        return TVector.AnyWhereAllBitsSet(hit) ? throw new InvalidOperationException("boom") : s.Pre * s.Post;
    }
}
