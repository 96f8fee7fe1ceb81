using System.Linq.Expressions;

namespace Canns.Trainers;

/// <summary>
/// A checked rule expression: <see cref="Body"/> is a float expression over the seven <see cref="Leaves"/>
/// (pre, post, w, pre trace, post trace, θ, m), built only from nodes the vector compiler can translate.
/// </summary>
internal sealed record AnalyzedRule(string Source, string Key, Expression Body, ParameterExpression[] Leaves, bool[] Used, AffineForm? Form)
{
    public const int Pre = 0, Post = 1, W = 2, PreTrace = 3, PostTrace = 4, Theta = 5, Modulator = 6;

    public static readonly string[] LeafNames = ["Pre", "Post", "W", "PreTrace", "PostTrace", "Theta", "Modulator"];

    public bool UsesTraces => Used[PreTrace] || Used[PostTrace];
}
