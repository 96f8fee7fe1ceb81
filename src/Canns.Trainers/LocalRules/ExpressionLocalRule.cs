using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Canns.Trainers;

/// <summary>
/// An expression rule behind the <see cref="LocalRule"/> face: a scalar delegate for the step path (interpreted
/// where dynamic code is unsupported) and, on the compiled path, vectorised row kernels from the shared cache.
/// </summary>
internal sealed class ExpressionLocalRule(AnalyzedRule rule, string? name) : LocalRule(name ?? rule.Source)
{
    private readonly Lock _gate = new();
    private Func<float, float, float, float, float, float, float, float>? _scalar;
    private RowKernel? _row;
    private GramRowKernel? _gram;

    public AnalyzedRule Rule => rule;

    private TimeSpan? _compileTime;

    public override TimeSpan? CompileTime => _compileTime;

    internal override bool UsesTraces => rule.UsesTraces;

    internal override GramRowKernel? GramKernel => _gram;

    internal override float Evaluate(in Synapse s)
    {
        var f = _scalar ?? Scalar();
        return f(s.Pre, s.Post, s.W, s.PreTrace, s.PostTrace, s.Theta, s.Modulator);
    }

    internal override void ComputeRow(RuleBatch b, int i)
    {
        var kernel = _row ?? throw new InvalidOperationException("PrepareCompiled was not called.");
        kernel(b.Pre, b.PostT, b.PreTrace, b.PostTraceT, b.W, b.Delta, i * b.Columns, i * b.Patterns, b.Columns, b.Patterns, b.Theta[i], b.Modulator);
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Trainers call it only when CompiledPath.IsDynamicCodeSupported is true.")]
    internal override void PrepareCompiled()
    {
        if (_row is not null) return;
        lock (_gate)
        {
            if (_row is not null) return;
            var (row, time) = RuleKernelCompiler.Row(rule);
            if (rule.Form is not null && !rule.UsesTraces)
            {
                var (gram, gramTime) = RuleKernelCompiler.Gram(rule);
                _gram = gram;
                time += gramTime;
            }
            _compileTime = time;
            _row = row;
        }
    }

    private Func<float, float, float, float, float, float, float, float> Scalar()
    {
        var lambda = Expression.Lambda<Func<float, float, float, float, float, float, float, float>>(rule.Body, Name, rule.Leaves);
        return _scalar = lambda.Compile(preferInterpretation: !CompiledPath.IsDynamicCodeSupported);
    }
}
