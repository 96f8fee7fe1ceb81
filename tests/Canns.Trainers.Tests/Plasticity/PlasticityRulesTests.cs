namespace Canns.Trainers.Tests.Plasticity;

public class PlasticityRulesTests
{
    private static PlasticityOptions Options(bool soft = true) => new()
    {
        LearningRate = 0.1f, LtdRatio = 0.5f, WeightDecay = 0.01f, MinWeight = 0.1f, MaxWeight = 1f, SoftBounds = soft,
    };

    [Test]
    public void Update_HandWorkedCases()
    {
        // Soft bounds, P = 0.1, D = 0.05, δ = 0.01, w ∈ [0.1, 1]:
        Assert.That(PlasticityRules.Update(0.5f, true, true, Options()), Is.EqualTo((0.5 + 0.1 * (1 - 0.5)) * 0.99).Within(1e-6), "LTP toward w_max");
        Assert.That(PlasticityRules.Update(0.5f, true, false, Options()), Is.EqualTo((0.5 - 0.05 * (0.5 - 0.1)) * 0.99).Within(1e-6), "LTD toward w_min");
        Assert.That(PlasticityRules.Update(0.5f, false, true, Options()), Is.EqualTo((0.5 - 0.05 * (0.5 - 0.1)) * 0.99).Within(1e-6), "LTD either way");
        Assert.That(PlasticityRules.Decay(0.5f, Options()), Is.EqualTo(0.5 * 0.99).Within(1e-7), "decay alone");
        // Hard bounds: w ± P, then the clip.
        Assert.That(PlasticityRules.Update(0.5f, true, true, Options(soft: false)), Is.EqualTo((0.5 + 0.1) * 0.99).Within(1e-6));
        Assert.That(PlasticityRules.Update(0.98f, true, true, Options(soft: false)), Is.EqualTo(1f), "clipped at w_max");
        Assert.That(PlasticityRules.Decay(0.1f, Options()), Is.EqualTo(0.1f), "clipped at w_min");
        // The reward scales the rule: 0 leaves only the decay, a negative one reverses it.
        Assert.That(PlasticityRules.Update(0.5f, true, true, Options(), reward: 0f), Is.EqualTo(PlasticityRules.Decay(0.5f, Options())));
        Assert.That(PlasticityRules.Update(0.5f, true, true, Options(), reward: -1f), Is.EqualTo((0.5 - 0.1 * (1 - 0.5)) * 0.99).Within(1e-6));
    }

    [Test]
    public void Update_EqualsWhatTheTrainerDoesToOneSynapse()
    {
        // Two neurons, one synapse 0 ← 1, both driven over threshold every step: one application, every step.
        var net = new Canns.Models.RecurrentSpikingNetwork(2, new Canns.Models.RecurrentSpikingOptions
        {
            ConnectionProbability = 1f, InitialWeightScale = 0.5f, Leak = 0, Threshold = 10, RefractorySteps = 0, Seed = 4,
        });
        var options = Options();
        options.Schedule = PlasticitySchedule.EveryStep;
        options.StepsPerPattern = 1;
        float before = net.W.AsReadOnlySpan()[1];
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        trainer.Train(Canns.Models.Matrix.FromRows([20f, 20f]));
        Assert.That(net.W.AsReadOnlySpan()[1], Is.EqualTo(PlasticityRules.Update(before, true, true, options)));
    }

    [Test]
    public void Update_BadInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlasticityRules.Update(float.NaN, true, true, Options()));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlasticityRules.Update(0.5f, true, true, Options(), reward: float.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlasticityRules.Update(0.5f, true, true, new PlasticityOptions { LearningRate = -1 }));
        Assert.Throws<ArgumentNullException>(() => PlasticityRules.Decay(0.5f, null!));
    }
}
