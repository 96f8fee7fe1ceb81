using Canns.Analysis.Tests.Energy;

namespace Canns.Analysis.Tests.Reports;

/// <summary>Small study results shared by the report tests (computed once).</summary>
internal static class ReportTestData
{
    private static readonly Lazy<CapacityStudyResult> CapacityResult = new(() => Capacity(5));
    private static readonly Lazy<EnergyAnalysisResult> EnergyResult = new(() => EnergyAnalysis.Run(EnergyAnalysisTests.Small()));

    public static CapacityStudyResult CapacityShared => CapacityResult.Value;

    public static EnergyAnalysisResult EnergyShared => EnergyResult.Value;

    public static CapacityStudyResult Capacity(int seed) =>
        CapacityStudy.Run(new CapacityStudyOptions { Neurons = [80], Loads = [0.05, 0.1, 0.15, 0.2], Trials = 2, Seed = seed });
}
