using Canns.Models;

namespace Canns.Trainers.Tests.Core;

/// <summary><c>Trainer.CommitIfFinite</c>, the all-or-nothing commit offered to custom trainers.</summary>
public class CommitIfFiniteTests
{
    /// <summary>A custom trainer whose Train commits exactly the candidate it is given.</summary>
    private sealed class CommittingTrainer(IRecurrentNetwork model) : HopfieldTrainer(model, recall: null)
    {
        public float[] Candidate { get; set; } = [];

        public override void Train(Matrix data, CancellationToken cancellationToken = default) =>
            CommitIfFinite(Model.W, Candidate, "the test's candidate is bad");
    }

    private static (AmariHopfieldNetwork Net, CommittingTrainer Trainer, float[] Before) Setup()
    {
        var net = new AmariHopfieldNetwork(3);
        float[] before = [0, 1, 2, 3, 0, 4, 5, 6, 0];
        before.CopyTo(net.W.AsSpan());
        return (net, new CommittingTrainer(net), before);
    }

    [Test]
    public void CommitIfFinite_FiniteCandidate_WritesIt()
    {
        var (net, trainer, _) = Setup();
        trainer.Candidate = [0, -1, -2, -3, 0, -4, -5, -6, 0];

        trainer.Train(TestData.RandomBipolar(1, 3, seed: 1));

        Assert.That(net.W.ToArray(), Is.EqualTo(trainer.Candidate));
    }

    [TestCase(8)]
    [TestCase(10)]
    public void CommitIfFinite_WrongLength_ThrowsNamingBothLengthsAndWritesNothing(int length)
    {
        var (net, trainer, before) = Setup();
        trainer.Candidate = new float[length];

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomBipolar(1, 3, seed: 1)));

        Assert.That(e!.ParamName, Is.EqualTo("candidate"));
        Assert.That(e.Message, Does.Contain($"{length} values").And.Contain("'W' has 9"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void CommitIfFinite_NaNCandidate_ThrowsNamingTheElementAndCauseAndWritesNothing()
    {
        var (net, trainer, before) = Setup();
        trainer.Candidate = [0, 1, 2, 3, 0, float.NaN, 5, 6, 0];

        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(TestData.RandomBipolar(1, 3, seed: 1)));

        Assert.That(e!.Message, Does.Contain("the test's candidate is bad"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }
}
