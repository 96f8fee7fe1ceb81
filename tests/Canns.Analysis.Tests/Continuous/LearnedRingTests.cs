using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Continuous;

/// <summary>A ring attractor learned by the Hebbian rule, checked against the hand-wired ring and the bump theory.</summary>
public class LearnedRingTests
{
    private const int Neurons = 180;
    private const float Tuning = 2.5f;

    /// <summary>
    /// Every rotation of the tuning curve cos(θ − ψ_μ), ψ_μ the N preferred angles. Σ_μ cos(θ_i − ψ_μ) cos(θ_j − ψ_μ)
    /// = (N/2) cos(θ_i − θ_j), so (η/P) Σ_μ p pᵀ with P = N and η = 2 J1 / N is the cosine ring with J0 = 0.
    /// </summary>
    private static (RingAttractorNetwork Net, HebbianTrainer Trainer) Learn()
    {
        var net = new RingAttractorNetwork(Neurons, new RingAttractorOptions { Coupling = RingCoupling.None, StepSize = 0.25f });
        var patterns = new Matrix(Neurons, Neurons);
        for (int mu = 0; mu < Neurons; mu++)
        {
            for (int i = 0; i < Neurons; i++) patterns[mu, i] = (float)Math.Cos(net.PreferredAngle(i) - net.PreferredAngle(mu));
        }
        var trainer = new HebbianTrainer(net,
            new HebbianOptions { LearningRate = 2 * Tuning / Neurons, SubtractMean = false, ZeroDiagonal = false },
            new RecallOptions { MaxIterations = 5000, Tolerance = 1e-7 });
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns);
        return (net, trainer);
    }

    [Test]
    public void Hebbian_AllRotationsOfATuningCurve_LearnTheCosineRing()
    {
        var (learned, _) = Learn();
        var wired = new RingAttractorNetwork(Neurons, new RingAttractorOptions { UniformCoupling = 0, TunedCoupling = Tuning });
        Assert.That(learned.W.AsReadOnlySpan().ToArray(), Is.EqualTo(wired.W.AsReadOnlySpan().ToArray()).Within(3e-7f),
            "float32 sums of P = 180 products of size ≤ 1, scaled by η/P: at most P·2⁻²⁴·η ≈ 3e-7 apart");
    }

    [Test]
    public void Predict_NoisyCue_SettlesIntoTheTheoreticalBumpAtTheCue()
    {
        var (net, trainer) = Learn();
        net.SetInput(Enumerable.Repeat(1f, Neurons).ToArray());
        var random = new Random(5);
        double cue = 2.0;
        float[] probe = Enumerable.Range(0, Neurons)
            .Select(i => (float)Math.Max(0, Math.Cos(net.PreferredAngle(i) - cue) + 0.3 * random.NextDouble()))
            .ToArray();
        var result = trainer.Predict(probe);
        var theory = TheoreticalBump.Cosine(0, Tuning, 1);
        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(result.State.Max(), Is.EqualTo(theory.PeakRate).Within(5e-3 * theory.PeakRate));
            Assert.That(result.State.Average(), Is.EqualTo(theory.MeanRate).Within(5e-3 * theory.MeanRate));
            Assert.That(RingAttractorNetwork.Wrap(net.DecodePosition(result.State) - cue), Is.EqualTo(0).Within(0.1), "the bump stays near its cue");
            Assert.That(net.State.ToArray(), Is.All.EqualTo(0f), "recall leaves the model's state as it was");
        });
    }
}
