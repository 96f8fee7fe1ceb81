using System.Linq.Expressions;

namespace Canns.Trainers;

/// <summary>
/// A local learning rule, <c>ΔW_ij = f(x_j, y_i, w_ij, x̄_j, ȳ_i, θ_i, m)</c>, written either as a struct
/// (<see cref="FromStruct{TRule}"/>) or as a C# expression (<see cref="FromExpression(Expression{Func{Synapse, float}}, string?)"/>),
/// for <see cref="LocalRuleTrainer"/> and <see cref="LocalRuleLayerTrainer"/>.
/// </summary>
/// <remarks>
/// <para>Struct rules run through a generic driver the JIT specialises (no dynamic code, NativeAOT-safe).</para>
/// <para>Expression rules are checked when created: only arithmetic (+ − × ÷, unary −), comparisons inside
/// <c>?:</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, float literals and the calls <c>MathF/Math.Abs, Max, Min, Sqrt</c>
/// and <c>MathF.FusedMultiplyAdd</c> are allowed, all in float. On the compiled path the expression becomes a
/// vectorised kernel over whole rows (dynamic code, compiled once per rule and configuration and cached); on the
/// step path, or where dynamic code is unsupported, it is evaluated synapse by synapse.</para>
/// </remarks>
public abstract class LocalRule
{
    private protected LocalRule(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The rule's name, used in error messages and progress.</summary>
    public string Name { get; }

    /// <summary>Wraps the struct rule <typeparamref name="TRule"/>; <c>ΔW_ij = TRule.Delta(synapse)</c>.</summary>
    /// <param name="name">A name for messages; null for the struct's name.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static LocalRule FromStruct<TRule>(string? name = null)
        where TRule : struct, ILocalRule => new StructLocalRule<TRule>(name ?? typeof(TRule).Name);

    /// <summary>Wraps the expression <paramref name="rule"/>, <c>ΔW_ij = rule(synapse)</c>, checking it now.</summary>
    /// <param name="rule">For example <c>s =&gt; (s.Post - s.Theta) * s.Pre * s.Modulator</c>.</param>
    /// <param name="name">A name for messages; null for the expression's text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentException">The expression uses something that cannot be vectorised or captures a variable; the message names it.</exception>
    public static LocalRule FromExpression(Expression<Func<Synapse, float>> rule, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new ExpressionLocalRule(RuleExpressionAnalyzer.Analyze(rule), name);
    }

    /// <summary>Wraps the expression <paramref name="rule"/>, <c>ΔW_ij = rule(x_j, y_i, w_ij)</c>, checking it now.</summary>
    /// <param name="rule">For example <c>(pre, post, w) =&gt; post * pre - 0.01f * w</c>.</param>
    /// <param name="name">A name for messages; null for the expression's text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentException">The expression uses something that cannot be vectorised or captures a variable; the message names it.</exception>
    public static LocalRule FromExpression(Expression<Func<float, float, float, float>> rule, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new ExpressionLocalRule(RuleExpressionAnalyzer.Analyze(rule), name);
    }

    /// <summary>
    /// How long compiling this rule's vectorised kernels took on first use of the compiled path (zero when an identical
    /// rule had already compiled them); null before that, and always for struct rules, which need no compilation.
    /// </summary>
    public virtual TimeSpan? CompileTime => null;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Whether the rule may read the traces (the trainer then keeps them per sample).</summary>
    internal abstract bool UsesTraces { get; }

    /// <summary>The scalar rule: the step path's per-synapse evaluation.</summary>
    internal abstract float Evaluate(in Synapse synapse);

    /// <summary>The compiled path: overwrites row i of <see cref="RuleBatch.Delta"/> with Σ_p f in sample order.</summary>
    internal abstract void ComputeRow(RuleBatch batch, int row);

    /// <summary>Makes the compiled kernels ready (compiles them on first use); a no-op for struct rules.</summary>
    internal virtual void PrepareCompiled()
    {
    }

    /// <summary>
    /// When the rule is affine in x_j, in y_i and in their product, with coefficients free of the sample, the
    /// recurrent sum over patterns needs only the Gram matrix: returns the compiled row kernel for that form, or null.
    /// </summary>
    internal virtual GramRowKernel? GramKernel => null;
}
