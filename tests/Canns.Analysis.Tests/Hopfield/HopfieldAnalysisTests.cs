using Canns.Models;

namespace Canns.Analysis.Tests.Hopfield;

public class HopfieldAnalysisTests
{
    private static readonly float[] Pattern = [1, 1, -1, -1, 1];

    private static (AmariHopfieldNetwork Network, Canns.Trainers.HebbianTrainer Trainer, Matrix Patterns, float[] Probe) HandWorked()
    {
        var patterns = Matrix.FromRows(Pattern);
        var (network, trainer) = TestData.Stored(patterns);
        float[] probe = (float[])Pattern.Clone();
        probe[0] = -probe[0];
        return (network, trainer, patterns, probe);
    }

    [Test]
    public void Step_HandWorkedPatternWithOneBitFlipped_RecallsInOneStep()
    {
        var (network, _, _, probe) = HandWorked();
        network.SetState(probe);
        network.Step();
        Assert.That(network.State.ToArray(), Is.EqualTo(Pattern));
    }

    [Test]
    public void AnalyzeRecall_HandWorkedPatternWithOneBitFlipped_BestMatchOneAndInputOutputPointSix()
    {
        var (network, trainer, patterns, probe) = HandWorked();
        var recall = trainer.Predict(probe);
        var analysis = HopfieldAnalysis.AnalyzeRecall(network, patterns, probe, recall.State);
        Assert.That(analysis.BestMatch.Index, Is.EqualTo(0));
        Assert.That(analysis.BestMatch.Overlap, Is.EqualTo(1.0).Within(1e-12));
        Assert.That(analysis.InputOutputOverlap, Is.EqualTo(0.6).Within(1e-12));
        Assert.That(analysis.IsExactRecall, Is.True);
        Assert.That(analysis.OutputEnergy, Is.EqualTo(network.ComputeEnergy(Pattern)).Within(1e-9));
    }

    [Test]
    public void Overlap_InvertedState_IsMinusOneAndAbsoluteOne()
    {
        float[] inverted = Pattern.Select(x => -x).ToArray();
        Assert.That(HopfieldAnalysis.Overlap(Pattern, inverted), Is.EqualTo(-1.0).Within(1e-12));
        Assert.That(HopfieldAnalysis.AbsoluteOverlap(Pattern, inverted), Is.EqualTo(1.0).Within(1e-12));
    }

    /// <summary>
    /// The overlap against a naive loop in double at lengths below, at and past whole 16-float vectors: ±1 states exactly
    /// (every partial sum an integer), real-valued ones within 1e-15 relative (the lanes change only the last bits).
    /// </summary>
    [Test]
    public void Overlap_AnyLength_EqualsANaiveDoubleSum([Values(1, 15, 16, 17, 100, 1000, 1001)] int n)
    {
        var random = new Random(n);
        float[] a = Enumerable.Range(0, n).Select(_ => random.Next(2) * 2f - 1).ToArray();
        float[] b = Enumerable.Range(0, n).Select(_ => random.Next(2) * 2f - 1).ToArray();
        float[] x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] y = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        static double Naive(float[] u, float[] v)
        {
            double sum = 0;
            for (int i = 0; i < u.Length; i++) sum += (double)u[i] * v[i];
            return sum / u.Length;
        }

        Assert.That(HopfieldAnalysis.Overlap(a, b), Is.EqualTo(Naive(a, b)), "±1 states");
        double expected = Naive(x, y);
        Assert.That(HopfieldAnalysis.Overlap(x, y), Is.EqualTo(expected).Within(1e-15 * (Math.Abs(expected) + 1)), "real values");
    }

    [Test]
    public void BestMatch_InvertedPattern_IsRecognisedAsInverted()
    {
        var patterns = Matrix.FromRows([1f, 1, 1, 1], [1f, -1, 1, -1]);
        var match = HopfieldAnalysis.BestMatch(patterns, [-1f, 1, -1, 1]);
        Assert.That((match.Index, match.Overlap, match.IsInverted), Is.EqualTo((1, -1.0, true)));
    }

    [Test]
    public void Overlap_DifferentLengths_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => HopfieldAnalysis.Overlap([1f, 1], [1f, 1, 1]));
        Assert.That(e!.Message, Does.Contain("2").And.Contain("3"));
    }

    [Test]
    public void Energies_NonZeroThreshold_IncludeThetaTerm()
    {
        var patterns = TestData.RandomBipolar(3, 20, seed: 1);
        var (network, _) = TestData.Stored(patterns, threshold: 0.25f);
        var energies = HopfieldAnalysis.Energies(network, patterns);
        var w = network.W.AsReadOnlySpan();
        for (int p = 0; p < 3; p++)
        {
            var x = patterns.Row(p);
            double quadratic = 0, sum = 0;
            for (int i = 0; i < 20; i++)
            {
                sum += x[i];
                for (int j = 0; j < 20; j++) quadratic += x[i] * (double)w[i * 20 + j] * x[j];
            }
            Assert.That(energies.Energies[p], Is.EqualTo(-0.5 * quadratic + 0.25 * sum).Within(1e-4), $"pattern {p}");
        }
    }

    [Test]
    public void Energies_AfterFurtherTraining_AreStale()
    {
        var patterns = TestData.RandomBipolar(3, 20, seed: 2);
        var (network, trainer) = TestData.Stored(patterns);
        var energies = HopfieldAnalysis.Energies(network, patterns);
        Assert.That(energies.IsStale(network), Is.False);
        trainer.Train(TestData.RandomBipolar(1, 20, seed: 3));
        Assert.That(energies.IsStale(network), Is.True);
    }

    [Test]
    public void Weights_ZeroMatrix_SymmetryErrorIsZero()
    {
        var stats = HopfieldAnalysis.Weights(new ParamState("W", 4, 4));
        Assert.That((stats.SymmetryError, stats.FrobeniusNorm), Is.EqualTo((0.0, 0.0)));
    }

    [Test]
    public void Weights_OneOffDiagonalEntry_SymmetryErrorIsSqrtTwo()
    {
        var w = new ParamState("W", 2, 2);
        w.CopyFrom([0f, 1f, 0f, 0f]);
        // ‖W − Wᵀ‖ = √(1 + 1), ‖W‖ = 1.
        Assert.That(HopfieldAnalysis.Weights(w).SymmetryError, Is.EqualTo(Math.Sqrt(2)).Within(1e-12));
    }

    [Test]
    public void Weights_HebbianStorage_SymmetricWithZeroDiagonal()
    {
        var (network, _) = TestData.Stored(TestData.RandomBipolar(5, 30, seed: 4));
        var stats = HopfieldAnalysis.Weights(network, bins: 10);
        Assert.That(stats.SymmetryError, Is.EqualTo(0.0).Within(1e-7));
        Assert.That(stats.DiagonalMaxAbs, Is.EqualTo(0.0));
        Assert.That(stats.OffDiagonal.Total, Is.EqualTo(30L * 29));
        Assert.That(stats.WeightsVersion, Is.EqualTo(network.W.Version));
    }

    [TestCase(0, 1, float.NaN)]
    [TestCase(1, 1, float.PositiveInfinity)]
    public void Weights_NonFiniteEntry_ThrowsArgumentExceptionNamingIt(int i, int j, float value)
    {
        // Off the diagonal this failed inside the histogram ("The histogram range [NaN, NaN] …"); on it, it gave NaN statistics.
        var network = new AmariHopfieldNetwork(3);
        network.W.AsSpan()[i * 3 + j] = value;
        var e = Assert.Throws<ArgumentException>(() => HopfieldAnalysis.Weights(network.W));
        Assert.That(e!.Message, Does.Contain($"row {i}, column {j}"));
    }

    [Test]
    public void Weights_NonSquare_Throws()
    {
        Assert.Throws<ArgumentException>(() => HopfieldAnalysis.Weights(new ParamState("W", 2, 3)));
    }

    [Test]
    public void Histogram_Of_MaxFallsInLastBinAndOutsideValuesAreDropped()
    {
        var h = Histogram.Of([0, 0.5, 1, 1.5, -1], 0, 1, 2);
        Assert.That(h.Counts, Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(h.BinWidth, Is.EqualTo(0.5));
    }

    [Test]
    public void Histogram_Of_ValuesOnAndJustBelowInteriorEdges_FallInTheBinsTheDocumentedEdgesGive()
    {
        // Bin k holds Min + k·w ≤ x < Min + (k+1)·w. (x − Min)/w rounds across an edge for these values: the one on
        // edge 5 of 33 came out in bin 4, the one an ulp below edge 3 of 4 in bin 3.
        double onEdge = -1 + 5 * (1.0 / 33);
        var h = Histogram.Of([onEdge], -1, 0, 33);
        Assert.That(Array.IndexOf(h.Counts.ToArray(), 1L), Is.EqualTo(5));
        var below = Histogram.Of([Math.BitDecrement(-0.25)], -1, 0, 4);
        Assert.That(below.Counts, Is.EqualTo(new long[] { 0, 0, 1, 0 }));
    }

    [Test]
    public void Histogram_Of_RangeWidthNotFinite_ThrowsArgumentOutOfRange()
    {
        // Max − Min = 2·10³⁰⁸ overflows to ∞: every bin was infinitely wide and the maximum itself landed in bin 0.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Histogram.Of([-1e308, 1e308], -1e308, 1e308, 2));
        Assert.That(e!.Message, Does.Contain("finite"));
    }

    [Test]
    public void TheoreticalCapacity_For500_MatchesFormulas()
    {
        var figures = TheoreticalCapacity.For(500);
        Assert.That(figures[0].Patterns, Is.EqualTo(69.0).Within(1e-9));
        Assert.That(figures[1].Patterns, Is.EqualTo(500 / (2 * Math.Log(500))).Within(1e-9));
        Assert.That(figures[1].Patterns, Is.EqualTo(40.23).Within(0.01));
        Assert.That(figures[2].Patterns, Is.EqualTo(20.11).Within(0.01));
        Assert.That(figures.Select(f => f.Source), Has.All.Not.Empty);
    }

    [Test]
    public void TheoreticalCapacity_OneNeuron_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TheoreticalCapacity.For(1));
    }

    [Test]
    public void BestMatch_HalfInvertedOverlap_AbsoluteOverlapIsItsMagnitude()
    {
        // m = (−1 − 1 − 1 + 1) / 4 = −0.5 against the first pattern, 0 against the second.
        var patterns = Matrix.FromRows([1f, 1, 1, 1], [1f, -1, 1, -1]);
        var match = HopfieldAnalysis.BestMatch(patterns, [-1f, -1, -1, 1]);
        Assert.That((match.Index, match.Overlap, match.AbsoluteOverlap, match.IsInverted), Is.EqualTo((0, -0.5, 0.5, true)));
    }

    [Test]
    public void PatternEnergies_Mean_IsTheAverageAndNaNWhenEmpty()
    {
        Assert.That(new PatternEnergies([-3.0, -1.5, 1.5], 0).Mean, Is.EqualTo(-1.0).Within(1e-15));
        Assert.That(new PatternEnergies([], 0).Mean, Is.NaN);
    }

    [Test]
    public void PatternEnergies_Mean_OfAStoredNetworkEqualsTheMeanOfItsPatternEnergies()
    {
        var patterns = TestData.RandomBipolar(4, 16, seed: 9);
        var (network, _) = TestData.Stored(patterns);
        double sum = 0;
        for (int p = 0; p < 4; p++) sum += network.ComputeEnergy(patterns.Row(p));
        Assert.That(HopfieldAnalysis.Energies(network, patterns).Mean, Is.EqualTo(sum / 4).Within(1e-9));
    }

    [Test]
    public void Overlaps_Energies_AndAnalyzeRecall_WrongWidth_ThrowNamingBothWidths()
    {
        var (network, _, _, probe) = HandWorked();
        var narrow = TestData.RandomBipolar(2, 4, seed: 10);
        var errors = new[]
        {
            Assert.Throws<ArgumentException>(() => HopfieldAnalysis.Overlaps(narrow, probe)),
            Assert.Throws<ArgumentException>(() => HopfieldAnalysis.Energies(network, narrow)),
            Assert.Throws<ArgumentException>(() => HopfieldAnalysis.AnalyzeRecall(network, narrow, probe, probe)),
        };
        foreach (var e in errors)
        {
            Assert.That(e!.ParamName, Is.EqualTo("patterns"));
            Assert.That(e.Message, Does.Contain("4 columns").And.Contain("5 neurons"));
        }
    }
}
