using Canns.Models;
using Microsoft.Extensions.DependencyInjection;

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

    [Test]
    public void Create_RegistrationUsingKeyedServices_GetsThemFromTheContainer()
    {
        // Registrations see the factory as ITrainerFactory, but the rest of the container must stay as it is: keyed
        // services included (GetRequiredKeyedService needs an IKeyedServiceProvider).
        var marker = new object();
        object? seen = null;
        var services = new ServiceCollection().AddCanns();
        services.AddKeyedSingleton("marker", marker);
        services.AddTrainer("keyed", (IServiceProvider sp, IRecurrentNetwork m) =>
        {
            seen = sp.GetRequiredKeyedService<object>("marker");
            return new HebbianTrainer(m);
        });
        var factory = services.BuildServiceProvider().GetRequiredService<ITrainerFactory>();
        Assert.That(factory.Create("keyed", new AmariHopfieldNetwork(4)), Is.TypeOf<HebbianTrainer>());
        Assert.That(seen, Is.SameAs(marker));
    }
}
