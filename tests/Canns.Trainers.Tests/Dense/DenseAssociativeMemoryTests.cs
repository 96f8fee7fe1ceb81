using Canns.Models;

namespace Canns.Trainers.Tests.Dense;

public class DenseAssociativeMemoryTests
{
    private static Matrix RandomBipolar(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float v in m.AsSpan()) v = random.Next(2) == 0 ? -1f : 1f;
        return m;
    }

    private static (DenseAssociativeMemory Memory, DenseMemoryTrainer Trainer) Store(Matrix patterns, DenseAssociativeMemoryOptions options, int? capacity = null)
    {
        var memory = new DenseAssociativeMemory(patterns.Columns, capacity ?? patterns.Rows, options);
        var trainer = new DenseMemoryTrainer(memory, new RecallOptions { MaxIterations = 30 });
        trainer.ConfigureProgress(false);
        trainer.Train(patterns);
        return (memory, trainer);
    }

    [Test]
    public void Defaults_ArePinned_AndValidationListsEveryProblem()
    {
        var o = new DenseAssociativeMemoryOptions();
        Assert.That((o.Interaction, o.Degree, o.Beta, o.UpdateMode, o.Seed), Is.EqualTo((DenseInteraction.Polynomial, 3, 1.0, UpdateMode.Asynchronous, 0)));
        var bad = new DenseAssociativeMemoryOptions { Interaction = (DenseInteraction)5, Degree = 1, Beta = double.NaN, UpdateMode = (UpdateMode)9 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(bad.Validate);
        Assert.That(e!.Message, Does.Contain("Interaction (5)").And.Contain("Degree (1)").And.Contain("Beta").And.Contain("UpdateMode (9)"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseAssociativeMemory(4, 0));
    }

    [TestCase(DenseInteraction.Polynomial, 3, 0.0)]
    [TestCase(DenseInteraction.Polynomial, 2, -2.0)]
    [TestCase(DenseInteraction.RectifiedPolynomial, 3, -1.0)]
    public void Energy_HandWorkedCase(DenseInteraction interaction, int degree, double expected)
    {
        // Memories (1, 1, 1) and (1, −1, 1); state (1, 1, −1): overlaps 1 and −1.
        // x³: −(1 − 1) = 0; x²: −(1 + 1) = −2; max(x, 0)³: −(1 + 0) = −1.
        var (memory, _) = Store(Matrix.FromRows([1, 1, 1], [1, -1, 1]), new DenseAssociativeMemoryOptions { Interaction = interaction, Degree = degree });
        Assert.That(memory.ComputeEnergy([1, 1, -1]), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Energy_Exponential_IsMinusLogSumExp()
    {
        var (memory, _) = Store(Matrix.FromRows([1, 1, 1], [1, -1, 1]), new DenseAssociativeMemoryOptions { Interaction = DenseInteraction.Exponential, Beta = 0.5 });
        Assert.That(memory.ComputeEnergy([1, 1, -1]), Is.EqualTo(-Math.Log(Math.Exp(0.5) + Math.Exp(-0.5)) / 0.5).Within(1e-12));
        Assert.That(new DenseAssociativeMemory(3, 2).Energy, Is.EqualTo(0.0), "nothing stored");
    }

    [TestCase(DenseInteraction.Polynomial, 3)]
    [TestCase(DenseInteraction.Polynomial, 4)]
    [TestCase(DenseInteraction.RectifiedPolynomial, 3)]
    [TestCase(DenseInteraction.Exponential, 2)]
    public void SynchronousStep_EachUnitTakesTheSignOfLowerEnergy(DenseInteraction interaction, int degree)
    {
        // Brute force: with every other unit at the old state, compare the energies of σ_i = +1 and σ_i = −1.
        var (memory, _) = Store(RandomBipolar(12, 20, seed: 5), new DenseAssociativeMemoryOptions
        {
            Interaction = interaction, Degree = degree, Beta = 0.3, UpdateMode = UpdateMode.Synchronous,
        });
        var state = RandomBipolar(1, 20, seed: 6).Row(0).ToArray();
        memory.SetState(state);
        memory.Step();
        for (int i = 0; i < 20; i++)
        {
            float[] plus = (float[])state.Clone(), minus = (float[])state.Clone();
            (plus[i], minus[i]) = (1f, -1f);
            double ep = memory.ComputeEnergy(plus), em = memory.ComputeEnergy(minus);
            float expected = ep < em ? 1f : em < ep ? -1f : state[i];
            Assert.That(memory.State[i], Is.EqualTo(expected), $"unit {i}: E(+1) = {ep}, E(−1) = {em}");
        }
    }

    [TestCase(DenseInteraction.Polynomial, 3)]
    [TestCase(DenseInteraction.RectifiedPolynomial, 4)]
    [TestCase(DenseInteraction.Exponential, 2)]
    public void AsynchronousSteps_EnergyNeverIncreases(DenseInteraction interaction, int degree)
    {
        var (memory, _) = Store(RandomBipolar(60, 40, seed: 7), new DenseAssociativeMemoryOptions { Interaction = interaction, Degree = degree, Beta = 0.2, Seed = 3 });
        memory.SetState(RandomBipolar(1, 40, seed: 8).Row(0));
        double energy = memory.Energy;
        for (int sweep = 0; sweep < 10; sweep++)
        {
            memory.Step();
            // Exact for the polynomials (integers below 2⁵³); the log-sum-exp carries double rounding.
            Assert.That(memory.Energy, Is.LessThanOrEqualTo(energy + 1e-9 * Math.Abs(energy)), $"sweep {sweep}");
            energy = memory.Energy;
        }
    }

    [Test]
    public void DegreeTwo_RecallsExactlyAsTheClassicalHopfieldNetwork()
    {
        // F(x) = x²: F(x + ξ) − F(x − ξ) = 4ξx, so the update is sign(Σ_{j≠i} W_ij σ_j) with W = Σ_μ ξ_μ ξ_μᵀ, zero diagonal.
        // Integer W (no normalisation) keeps the classical fields exact too; both draw the same update orders.
        var patterns = RandomBipolar(8, 64, seed: 9);
        var (_, dense) = Store(patterns, new DenseAssociativeMemoryOptions { Degree = 2 });
        var hopfield = new AmariHopfieldNetwork(64);
        var hebbian = new HebbianTrainer(hopfield, new HebbianOptions { SubtractMean = false, NormalizeByPatternCount = false },
            new RecallOptions { MaxIterations = 30 });
        hebbian.ConfigureProgress(false);
        hebbian.Train(patterns);
        var probes = RandomBipolar(10, 64, seed: 10);
        for (int p = 0; p < probes.Rows; p++)
        {
            var a = dense.Predict(probes.Row(p));
            var b = hebbian.Predict(probes.Row(p));
            Assert.That(a.State, Is.EqualTo(b.State), $"probe {p}");
            Assert.That(a.Iterations, Is.EqualTo(b.Iterations));
        }
    }

    [Test]
    public void Capacity_CubicStoresTwiceNAsFixedPoints_QuadraticCannot()
    {
        // Krotov & Hopfield (2016): degree n stores about N^(n−1) / (2 (2n−3)!! ln N) patterns without error:
        // 362 for n = 3, N = 100, against N / (2 ln N) ≈ 11 for n = 2. Store 200 and test one sweep from each.
        var patterns = RandomBipolar(200, 100, seed: 11);
        int FixedPoints(int degree)
        {
            var (memory, _) = Store(patterns, new DenseAssociativeMemoryOptions { Degree = degree });
            int count = 0;
            for (int p = 0; p < patterns.Rows; p++)
            {
                memory.SetState(patterns.Row(p));
                memory.Step();
                if (memory.State.SequenceEqual(patterns.Row(p))) count++;
            }
            return count;
        }
        Assert.That(FixedPoints(3), Is.EqualTo(200));
        Assert.That(FixedPoints(2), Is.LessThan(20));
    }

    [Test]
    public void Exponential_RecallsFromNoiseFarBeyondN()
    {
        // 500 memories in 64 units (α ≈ 7.8): each recalled exactly from 10 % flipped units.
        var patterns = RandomBipolar(500, 64, seed: 12);
        var (_, trainer) = Store(patterns, new DenseAssociativeMemoryOptions { Interaction = DenseInteraction.Exponential, Beta = 1 });
        var random = new Random(13);
        for (int p = 0; p < 25; p++)
        {
            var probe = patterns.Row(p).ToArray();
            foreach (int i in Enumerable.Range(0, 64).OrderBy(_ => random.Next()).Take(6)) probe[i] = -probe[i];
            var result = trainer.Predict(probe);
            Assert.That(result.Converged, Is.True);
            Assert.That(result.State, Is.EqualTo(patterns.Row(p).ToArray()), $"memory {p}");
        }
    }

    [Test]
    public void Train_Appends_ResetForgets_AndOverflowChangesNothing()
    {
        var memory = new DenseAssociativeMemory(6, 3);
        var trainer = new DenseMemoryTrainer(memory);
        trainer.ConfigureProgress(false);
        trainer.Train(RandomBipolar(2, 6, seed: 1));
        var w = memory.W.ToArray();
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(RandomBipolar(2, 6, seed: 2)));
        Assert.That(e!.Message, Does.Contain("holds 2 of its capacity 3 (1 left)"));
        Assert.That((memory.MemoryCount, memory.W.ToArray()), Is.EqualTo((2, w)));
        trainer.Train(RandomBipolar(1, 6, seed: 3));
        Assert.That(memory.MemoryCount, Is.EqualTo(3));
        trainer.ResetAccumulation();
        Assert.That(memory.MemoryCount, Is.EqualTo(0));
        Assert.That(memory.W.ToArray(), Is.All.EqualTo(0f));
    }

    [Test]
    public void Train_ProgressHandlerThrows_StoresNothing()
    {
        var memory = new DenseAssociativeMemory(6, 4);
        var trainer = new DenseMemoryTrainer(memory);
        trainer.Train(RandomBipolar(1, 6, seed: 4));
        var w = memory.W.ToArray();
        trainer.Progress = new SyncProgress<TrainingProgress>(_ => throw new InvalidOperationException("handler failed"));

        Assert.That(() => trainer.Train(RandomBipolar(2, 6, seed: 5)), Throws.InvalidOperationException.With.Message.EqualTo("handler failed"));

        Assert.That((memory.MemoryCount, memory.W.ToArray()), Is.EqualTo((1, w)));
    }

    [Test]
    public void Train_BadPatterns_ThrowAndStoreNothing()
    {
        var memory = new DenseAssociativeMemory(4, 5);
        var trainer = new DenseMemoryTrainer(memory);
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(Matrix.FromRows([1, -1, 0.5f, 1])));
        Assert.That(e!.Message, Does.Contain("0.5").And.Contain("column 2"));
        Assert.Throws<ArgumentException>(() => trainer.Train(Matrix.FromRows([1, -1, float.NaN, 1])));
        Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(1, 3)));
        Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(0, 4)));
        Assert.That(memory.MemoryCount, Is.EqualTo(0));
        Assert.Throws<ArgumentException>(() => memory.SetState([1, 1, 0, 1]));
        Assert.Throws<ArgumentException>(() => trainer.Predict([1, 1, 2, 1]));
    }

    [Test]
    public void Step_AfterWritingWDirectly_UsesTheNewMemories()
    {
        var memory = new DenseAssociativeMemory(5, 1, new DenseAssociativeMemoryOptions { UpdateMode = UpdateMode.Synchronous });
        var trainer = new DenseMemoryTrainer(memory);
        trainer.Train(Matrix.FromRows([1, 1, 1, 1, 1]));
        memory.W.CopyFrom([1, -1, 1, -1, 1]);
        memory.SetState([1, 1, 1, 1, 1]);
        memory.Step();
        Assert.That(memory.State.ToArray(), Is.EqualTo(new float[] { 1, -1, 1, -1, 1 }));
    }

    [TestCase(DenseInteraction.RectifiedPolynomial, 3, 3)]
    [TestCase(DenseInteraction.RectifiedPolynomial, 3, 7)]
    [TestCase(DenseInteraction.RectifiedPolynomial, 4, 9)]
    [TestCase(DenseInteraction.Polynomial, 3, 7)]
    public void SynchronousStep_MemoryCountNotAMultipleOfTheVectorWidth_MatchesNaiveEnergyComparison(DenseInteraction interaction, int degree, int memories)
    {
        // K = 3, 7, 9 leave a remainder after whole vectors of doubles, so the one-memory-at-a-time tail decides part
        // (or all) of each field. Reference: E = −Σ_μ F(ξ_μ·σ) summed here in double, F(x) = xⁿ or max(x, 0)ⁿ.
        const int n = 11;
        var patterns = RandomBipolar(memories, n, seed: 40 + memories);
        var (memory, _) = Store(patterns, new DenseAssociativeMemoryOptions { Interaction = interaction, Degree = degree, UpdateMode = UpdateMode.Synchronous });
        double F(double x) => interaction == DenseInteraction.RectifiedPolynomial && x <= 0 ? 0 : Math.Pow(x, degree);
        double Energy(float[] s)
        {
            double e = 0;
            for (int mu = 0; mu < memories; mu++)
            {
                double overlap = 0;
                for (int j = 0; j < n; j++) overlap += patterns[mu, j] * s[j];
                e -= F(overlap);
            }
            return e;
        }
        for (int trial = 0; trial < 5; trial++)
        {
            var state = RandomBipolar(1, n, seed: 100 + trial).Row(0).ToArray();
            memory.SetState(state);
            memory.Step();
            for (int i = 0; i < n; i++)
            {
                float[] plus = (float[])state.Clone(), minus = (float[])state.Clone();
                (plus[i], minus[i]) = (1f, -1f);
                double ep = Energy(plus), em = Energy(minus);
                float expected = ep < em ? 1f : em < ep ? -1f : state[i];
                Assert.That(memory.State[i], Is.EqualTo(expected), $"trial {trial}, unit {i}: E(+1) = {ep}, E(−1) = {em}");
            }
        }
    }

    [Test]
    public void GetParameter_WeightName_ReturnsW_OtherNameThrowsNamingBoth()
    {
        var memory = new DenseAssociativeMemory(4, 2);

        Assert.That(memory.GetParameter(memory.WeightParameterName), Is.SameAs(memory.W));
        Assert.That(memory.Parameters, Is.EqualTo(new[] { memory.W }));
        var e = Assert.Throws<KeyNotFoundException>(() => memory.GetParameter("theta"));
        Assert.That(e!.Message, Does.Contain("'theta'").And.Contain(memory.W.Name));
        Assert.Throws<ArgumentNullException>(() => memory.GetParameter(null!));
    }
}
