using Canns.Models;

namespace Canns.Trainers.Tests.Hebbian;

public class HebbianBadInputTests
{
    private AmariHopfieldNetwork _net = null!;
    private HebbianTrainer _trainer = null!;
    private float[] _before = null!;

    [SetUp]
    public void TrainOnce()
    {
        _net = new AmariHopfieldNetwork(8);
        _trainer = new HebbianTrainer(_net);
        _trainer.Train(TestData.RandomBipolar(3, 8, seed: 1));
        _net.SetState([1, -1, 1, -1, 1, -1, 1, -1]);
        _before = _net.W.ToArray();
    }

    private void AssertUnchanged()
    {
        Assert.That(_net.W.ToArray(), Is.EqualTo(_before), "weights must be exactly as before");
        Assert.That(_net.State.ToArray(), Is.EqualTo(new float[] { 1, -1, 1, -1, 1, -1, 1, -1 }), "state must be as before");
        Assert.That(_trainer.PatternCount, Is.EqualTo(3));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void Train_NonFinitePattern_ThrowsNamingRowAndColumn(float bad)
    {
        var x = TestData.RandomBipolar(4, 8, seed: 2);
        x[2, 5] = bad;
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(x));
        Assert.That(e!.Message, Does.Contain("non-finite").And.Contain("row 2, column 5"));
        AssertUnchanged();
    }

    [Test]
    public void Train_NonFinitePatternAndCancelled_ReportsTheDataFirst()
    {
        // The finite check runs on the column moments, before the token is looked at, as it did before training.
        var x = TestData.RandomReal(600, 8, seed: 3);
        x[599, 7] = float.NaN;
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(x, cts.Token));
        Assert.That(e!.Message, Does.Contain("row 599, column 7"));
        Assert.That(e.ParamName, Is.EqualTo("data"));
        AssertUnchanged();
    }

    [Test]
    public void Train_PositiveAndNegativeInfinityInOneColumn_Throws()
    {
        // Their sum is NaN, their squares +∞: either way not finite.
        var x = TestData.RandomReal(5, 8, seed: 4);
        x[1, 3] = float.PositiveInfinity;
        x[4, 3] = float.NegativeInfinity;
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(x));
        Assert.That(e!.Message, Does.Contain("row 1, column 3"));
        AssertUnchanged();
    }

    [Test]
    public void Train_WrongWidth_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(TestData.RandomBipolar(4, 9, seed: 2)));
        Assert.That(e!.Message, Does.Contain("9 columns").And.Contain("8 neurons"));
        AssertUnchanged();
    }

    [Test]
    public void Train_Empty_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(new Matrix(0, 8)));
        Assert.That(e!.Message, Does.Contain("empty"));
        AssertUnchanged();
    }

    [Test]
    public void Train_Overflowing_ThrowsAndRollsBack()
    {
        var x = TestData.RandomBipolar(4, 8, seed: 2);
        x[0, 0] = 1e30f;
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(x));
        Assert.That(e!.Message, Does.Contain("overflow"));
        AssertUnchanged();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_LearningRateTimesGramOverflows_ThrowsAndRollsBack(bool subtractMean)
    {
        // ±1 patterns are harmless, but η = 1e38 times Gram sums of up to 4 is not a float32.
        var net = new AmariHopfieldNetwork(8);
        var trainer = new HebbianTrainer(net, new HebbianOptions { LearningRate = 1e38f, NormalizeByPatternCount = false, SubtractMean = subtractMean });
        var before = net.W.ToArray();
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomBipolar(4, 8, seed: 2)));
        Assert.That(e!.Message, Does.Contain("overflow").And.Contain("learning rate"));
        Assert.That(net.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(before.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(trainer.PatternCount, Is.Zero);
    }

    [Test]
    public void Train_Cancelled_LeavesModelUnchanged()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => _trainer.Train(TestData.RandomBipolar(4, 8, seed: 2), cts.Token));
        AssertUnchanged();
    }

    [TestCase(-1f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void Constructor_BadLearningRate_Throws(float lr)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new HebbianTrainer(_net, new HebbianOptions { LearningRate = lr }));
        Assert.That(e!.Message, Does.Contain("LearningRate"));
    }

    [Test]
    public void Constructor_UnknownParameter_ThrowsListingKnownOnes()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => _ = new HebbianTrainer(_net, new HebbianOptions { WeightParameter = "J" }));
        Assert.That(e!.Message, Does.Contain("'J'").And.Contain("W"));
    }

    [Test]
    public void Predict_WrongLength_ThrowsAndKeepsState()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.Predict(new float[7]));
        Assert.That(e!.Message, Does.Contain("length 7").And.Contain("8 neurons"));
        AssertUnchanged();
    }

    [Test]
    public void Predict_NaNProbe_Throws([Values] bool compiled)
    {
        _trainer.ConfigureProgress(false, compiled);
        var probe = new float[8];
        probe[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => _trainer.Predict(probe));
        AssertUnchanged();
    }

    [Test]
    public void PredictBatch_WrongWidthOrEmpty_Throws()
    {
        Assert.Throws<ArgumentException>(() => _trainer.PredictBatch(new Matrix(2, 9)));
        Assert.Throws<ArgumentException>(() => _trainer.PredictBatch(new Matrix(0, 8)));
        AssertUnchanged();
    }

    [Test]
    public void RecallOptions_MaxIterationsBelowOne_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _trainer.SetRecallOptions(new RecallOptions { MaxIterations = 0 }));
        Assert.That(e!.Message, Does.Contain("MaxIterations"));
        Assert.That(_trainer.Recall.MaxIterations, Is.EqualTo(20));
    }

    [Test]
    public void Constructor_WeightParameterNotNByN_ThrowsNamingItsShapeAndTheNeededOne()
    {
        // A dense memory's W holds K = 3 memories of N = 8 units, (3, 8): Hebbian storage needs an 8 × 8 parameter.
        var memory = new DenseAssociativeMemory(8, 3);

        var e = Assert.Throws<ArgumentException>(() => new HebbianTrainer(memory));

        Assert.That(e!.Message, Does.Contain("Parameter 'W' has shape (3, 8)").And.Contain("Hebbian storage needs (8, 8)"));
        Assert.That(memory.W.ToArray(), Is.EqualTo(new float[24]));
    }
}
