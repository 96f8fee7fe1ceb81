using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canns.Analysis;

namespace Canns.Benchmarks.Analysis;

/// <summary>
/// Whole capacity studies (issue 5's quick study and issue 6's target), both cores busy. Each invocation is seconds
/// long, so a few iterations are enough.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*CapacityStudyBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class CapacityStudyBenchmarks
{
    /// <summary>N = 500, α = 0.02 … 0.30 step 0.02 (15 loads), 10 trials, 10 % noise: the default options.</summary>
    [Benchmark(Description = "quick study: N=500, 15 loads, 10 trials")]
    public CapacityStudyResult QuickStudy() => CapacityStudy.Run(new CapacityStudyOptions());

    /// <summary>Issue 6's target workload: N = 1,000, 15 loads, 20 trials, 10 % noise (target ≤ 5 s).</summary>
    [Benchmark(Description = "issue 6: N=1000, 15 loads, 20 trials")]
    public CapacityStudyResult Issue6Study() => CapacityStudy.Run(new CapacityStudyOptions { Neurons = [1000], Trials = 20 });

    /// <summary>The default energy analysis: N = 200, P = 10, asynchronous dynamics.</summary>
    [Benchmark(Description = "energy analysis: N=200, P=10")]
    public EnergyAnalysisResult EnergyReport() => EnergyAnalysis.Run();
}
