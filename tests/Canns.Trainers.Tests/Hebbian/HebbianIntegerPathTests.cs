using Canns.Models;

namespace Canns.Trainers.Tests.Hebbian;

[NonParallelizable]
public class HebbianIntegerPathTests
{
    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    private static (float[] W, HebbianTrainer Trainer) Train(Matrix x, bool integer, HebbianOptions? options = null)
    {
        var net = new AmariHopfieldNetwork(x.Columns);
        var trainer = new HebbianTrainer(net, options);
        trainer.Gram.UseIntegerPath = integer;
        trainer.Train(x);
        return (net.W.ToArray(), trainer);
    }

    [TestCase(true, true, true)]
    [TestCase(false, false, false)]
    [TestCase(true, false, true)]
    public void Train_BipolarPatterns_IntegerPathEqualsFloatPathExactly(bool center, bool normalize, bool zeroDiagonal)
    {
        var x = TestData.RandomBipolar(700, 97, seed: 51);
        var options = new HebbianOptions { SubtractMean = center, NormalizeByPatternCount = normalize, ZeroDiagonal = zeroDiagonal, LearningRate = 0.3f };
        var (integer, trainer) = Train(x, integer: true, options);
        var (floating, _) = Train(x, integer: false, options);
        Assert.That(trainer.Gram.LastUsedIntegerPath, Is.True);
        Assert.That(integer, Is.EqualTo(floating));
    }

    [Test]
    public void Train_RealPatterns_TakeTheFloatPath()
    {
        var (_, trainer) = Train(TestData.RandomReal(20, 30, seed: 52), integer: true);
        Assert.That(trainer.Gram.LastUsedIntegerPath, Is.False);
    }

    [Test]
    public void Train_BipolarInThreeCallsOnIntegerPath_EqualsOneCallOnFloatPath()
    {
        var all = TestData.RandomBipolar(1300, 40, seed: 53);
        var (once, _) = Train(all, integer: false);
        var net = new AmariHopfieldNetwork(40);
        var trainer = new HebbianTrainer(net);
        foreach (var (start, rows) in new[] { (0, 600), (600, 1), (601, 699) })
        {
            trainer.Train(new Matrix(rows, 40, all.Data[(start * 40)..((start + rows) * 40)]));
        }
        Assert.That(net.W.ToArray(), Is.EqualTo(once));
    }

    [Test]
    public void Train_ResetThenTrainAgain_ReusesBuffersAndGivesTheSameW()
    {
        var x = TestData.RandomBipolar(50, 33, seed: 54);
        var net = new AmariHopfieldNetwork(33);
        var trainer = new HebbianTrainer(net);
        trainer.Train(x);
        var first = net.W.ToArray();
        trainer.ResetAccumulation();
        net.W.AsSpan().Clear();
        trainer.Train(x);
        Assert.That(net.W.ToArray(), Is.EqualTo(first));
        Assert.That(trainer.PatternCount, Is.EqualTo(50));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_OneAndTwoThreads_GiveIdenticalWeights(bool integer)
    {
        var x = integer ? TestData.RandomBipolar(600, 150, seed: 55) : TestData.RandomReal(600, 150, seed: 55);
        CannsParallelism.MaxDegree = 1;
        var (one, _) = Train(x, integer);
        CannsParallelism.MaxDegree = 2;
        var (two, _) = Train(x, integer);
        Assert.That(two, Is.EqualTo(one));
    }

    [Test]
    public void Train_OverflowingPatterns_ThrowsBeforeChangingW()
    {
        var net = new AmariHopfieldNetwork(4);
        var trainer = new HebbianTrainer(net);
        trainer.Train(TestData.RandomBipolar(3, 4, seed: 56));
        var before = net.W.ToArray();
        var big = TestData.RandomReal(2, 4, seed: 57);
        big[1, 2] = 3e19f;
        Assert.Throws<ArgumentException>(() => trainer.Train(big));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.EqualTo(3));
    }
}
