using BenchmarkDotNet.Attributes;
using Canns.Trainers;

namespace Canns.Benchmarks.LocalRules;

/// <summary>
/// Issue 4: compiling a rule expression into its vectorised kernels, bypassing the cache (a warm process: the
/// expression compiler itself is already jitted; the first compile in a process also pays for that).
/// </summary>
public class RuleCompileBenchmarks
{
    private AnalyzedRule _affine = null!;
    private AnalyzedRule _nonAffine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _affine = ((ExpressionLocalRule)LocalRule.FromExpression(s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W)).Rule;
        _nonAffine = ((ExpressionLocalRule)LocalRule.FromExpression(s => s.Post * s.Pre > 0f ? s.Post * s.Pre * (1f - s.W) : s.Post * s.Pre * (1f + s.W))).Rule;
    }

    [Benchmark(Description = "analyse (check + rewrite) an expression")]
    public object Analyse() => LocalRule.FromExpression(s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W);

    [Benchmark(Description = "compile row kernel")]
    public object CompileRowKernel() => RuleKernelCompiler.Row(_nonAffine, useCache: false).Kernel;

    [Benchmark(Description = "compile row + Gram kernels (what an affine rule needs)")]
    public object CompileBothKernels() => (RuleKernelCompiler.Row(_affine, useCache: false).Kernel, RuleKernelCompiler.Gram(_affine, useCache: false).Kernel);
}
