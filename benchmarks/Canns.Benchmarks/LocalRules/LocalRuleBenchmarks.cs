using Canns.Examples.CustomTrainer;
using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.LocalRules;

/// <summary>
/// Issue 4: a user's rule against the built-in Hebbian kernel at N = 1,024 with 100 ±1 patterns, one Train call each.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*LocalRuleBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class LocalRuleBenchmarks
{
    private const int N = 1024, P = 100;
    private static readonly LocalRuleOptions Covariance = new() { Centering = RuleCentering.GlobalMean };
    private Matrix _patterns = null!;
    private HebbianTrainer _hebbian = null!;
    private LocalRuleTrainer _covarianceCompiled = null!;
    private LocalRuleTrainer _softBoundCompiled = null!;
    private LocalRuleTrainer _nonAffineCompiled = null!;
    private LocalRuleTrainer _structCompiled = null!;
    private LocalRuleTrainer _covarianceStep = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _patterns = new Matrix(P, N);
        foreach (ref float v in _patterns.AsSpan()) v = random.Next(2) == 0 ? -1f : 1f;
        _hebbian = new HebbianTrainer(new AmariHopfieldNetwork(N));
        _covarianceCompiled = Make(LocalRule.FromExpression((pre, post, w) => post * pre), compiled: true);
        _softBoundCompiled = Make(LocalRule.FromExpression(s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W), compiled: true);
        _nonAffineCompiled = Make(LocalRule.FromExpression(s => s.Post * s.Pre > 0f ? s.Post * s.Pre * (1f - s.W) : s.Post * s.Pre * (1f + s.W)), compiled: true);
        _structCompiled = Make(LocalRule.FromStruct<SoftBoundRule>(), compiled: true);
        _covarianceStep = Make(LocalRule.FromExpression((pre, post, w) => post * pre), compiled: false);
        foreach (var t in new Trainer[] { _hebbian, _covarianceCompiled, _softBoundCompiled, _nonAffineCompiled, _structCompiled }) t.Train(_patterns);
    }

    private static LocalRuleTrainer Make(LocalRule rule, bool compiled)
    {
        var trainer = new LocalRuleTrainer(new AmariHopfieldNetwork(N), rule, Covariance);
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        return trainer;
    }

    [Benchmark(Baseline = true, Description = "built-in Hebbian")]
    public void BuiltInHebbian()
    {
        _hebbian.ResetAccumulation();
        _hebbian.Train(_patterns);
    }

    [Benchmark(Description = "expression post*pre, compiled (Gram form)")]
    public void ExpressionCovarianceCompiled() => _covarianceCompiled.Train(_patterns);

    [Benchmark(Description = "expression soft bound + decay, compiled (Gram form)")]
    public void ExpressionSoftBoundCompiled() => _softBoundCompiled.Train(_patterns);

    [Benchmark(Description = "expression non-affine, compiled (row kernel)")]
    public void ExpressionNonAffineCompiled() => _nonAffineCompiled.Train(_patterns);

    [Benchmark(Description = "struct soft bound + decay, compiled (generic driver)")]
    public void StructSoftBoundCompiled() => _structCompiled.Train(_patterns);

    [Benchmark(Description = "expression post*pre, step path")]
    public void ExpressionCovarianceStep() => _covarianceStep.Train(_patterns);
}
