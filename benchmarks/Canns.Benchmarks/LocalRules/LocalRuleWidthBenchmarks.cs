using BenchmarkDotNet.Attributes;
using Canns.Examples.CustomTrainer;
using Canns.Trainers;

namespace Canns.Benchmarks.LocalRules;

/// <summary>
/// The local-rule row kernels alone at each vector width, single-threaded, on operands that stay in L1/L2 (256 rows ×
/// 256 columns, 32 samples: the sample block is 32 KB), so the width shows rather than the memory: the struct driver
/// (the CustomTrainer example's soft-bound rule) and the expression compiler's row kernel (a non-affine rule).
/// 1 lane is the scalar loop.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*LocalRuleWidthBenchmarks*' --job short
/// </summary>
public class LocalRuleWidthBenchmarks
{
    private const int Rows = 256, Columns = 256, Patterns = 32;
    private RuleBatch _batch = null!;
    private LocalRule _struct = null!;
    private RowKernel _expression = null!;

    /// <summary>Float lanes per vector.</summary>
    [Params(1, 4, 8, 16)]
    public int Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => 2f * random.NextSingle() - 1f).ToArray();
        _batch = new RuleBatch
        {
            Pre = Draw(Patterns * Columns), PostT = Draw(Rows * Patterns), PreTrace = [], PostTraceT = [],
            Theta = new float[Rows], Modulator = 1f, W = Draw(Rows * Columns), Delta = new float[Rows * Columns],
            Rows = Rows, Columns = Columns, Patterns = Patterns,
        };
        _struct = new StructLocalRule<SoftBoundRule>("soft bound") { Lanes = Lanes };
        var rule = ((ExpressionLocalRule)LocalRule.FromExpression(s => s.Post * s.Pre > 0f ? s.Post * s.Pre * (1f - s.W) : s.Post * s.Pre * (1f + s.W))).Rule;
        _expression = RuleKernelCompiler.BuildRow(rule, Lanes);
    }

    [Benchmark(Description = "struct soft bound, generic driver")]
    public void Struct()
    {
        for (int i = 0; i < Rows; i++) _struct.ComputeRow(_batch, i);
    }

    [Benchmark(Description = "expression non-affine, row kernel")]
    public void Expression()
    {
        var b = _batch;
        for (int i = 0; i < Rows; i++)
        {
            _expression(b.Pre, b.PostT, b.PreTrace, b.PostTraceT, b.W, b.Delta, i * Columns, i * Patterns, Columns, Patterns, 0f, 1f);
        }
    }
}
