using Canns.Models;

namespace Canns.Trainers.Tests.DependencyInjection;

public class TrainerFactoryTests
{
    private static TrainerRegistration Hebbian(string name) =>
        new(name, typeof(HebbianTrainer), (m, _) => new HebbianTrainer((IRecurrentNetwork)m));

    [Test]
    public void Create_SameNameFromAnotherFactory_IsNotACycle()
    {
        // A factory of one's own whose "hebbian" is another factory's "hebbian", gated: two registrations, no cycle.
        var inner = new TrainerFactory([Hebbian("hebbian")]);
        var outer = new TrainerFactory([new TrainerRegistration("hebbian", typeof(SelectiveTrainer<,>),
            (m, _) => inner.Create("hebbian", m).WithSelectivePlasticity())]);
        var trainer = outer.Create("hebbian", new AmariHopfieldNetwork(4));
        Assert.That(trainer, Is.TypeOf<SelectiveTrainer<IRecurrentNetwork, RecallResult>>());
        Assert.That(((SelectiveTrainer<IRecurrentNetwork, RecallResult>)trainer).Inner, Is.TypeOf<HebbianTrainer>());
    }

    [Test]
    public void Create_CycleThroughAnotherFactory_IsStillRefused()
    {
        TrainerFactory? first = null;
        var second = new TrainerFactory([new TrainerRegistration("b", typeof(HebbianTrainer), (m, _) => first!.Create("a", m))]);
        first = new TrainerFactory([new TrainerRegistration("a", typeof(HebbianTrainer), (m, _) => second.Create("b", m))]);
        var e = Assert.Throws<ArgumentException>(() => first.Create("a", new AmariHopfieldNetwork(4)));
        Assert.That(e!.Message, Does.Contain("created from itself"));
    }
}
