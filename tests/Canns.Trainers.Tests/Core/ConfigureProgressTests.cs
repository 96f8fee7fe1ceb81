using Canns.Models;

namespace Canns.Trainers.Tests.Core;

public class ConfigureProgressTests
{
    [Test]
    public void ConfigureProgress_OnATypedTrainer_ChainsToPredictWithTheSettingsApplied()
    {
        var network = new AmariHopfieldNetwork(16, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        var pattern = Enumerable.Range(0, 16).Select(i => i % 3 == 0 ? 1f : -1f).ToArray();
        var trainer = new HebbianTrainer(network);
        trainer.Train(Matrix.FromRows(pattern));

        // The typed overload returns the trainer as Trainer<TModel, TPrediction>, so Predict is reachable in one chain.
        RecallResult result = trainer.ConfigureProgress(showProgress: false, useCompile: false).Predict(pattern);

        Assert.That(result.State, Is.EqualTo(pattern), "a stored pattern is a fixed point");
        Assert.That((trainer.ShowProgress, trainer.UseCompile, trainer.IsCompiledPathActive), Is.EqualTo((false, false, false)));
    }

    [Test]
    public void ConfigureProgress_ThroughTheBaseType_SetsTheSameThing()
    {
        Trainer trainer = new HebbianTrainer(new AmariHopfieldNetwork(4));
        Assert.That(trainer.ConfigureProgress(showProgress: false, useCompile: false), Is.SameAs(trainer));
        Assert.That((trainer.ShowProgress, trainer.UseCompile), Is.EqualTo((false, false)));
        var typed = (Trainer<IRecurrentNetwork, RecallResult>)trainer;
        Assert.That(typed.ConfigureProgress(), Is.SameAs(trainer));
        Assert.That((trainer.ShowProgress, trainer.UseCompile), Is.EqualTo((true, true)), "the typed overload's defaults are the base's");
    }
}
