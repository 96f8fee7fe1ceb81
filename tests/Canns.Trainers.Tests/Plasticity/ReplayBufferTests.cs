using Canns.Models;

namespace Canns.Trainers.Tests.Plasticity;

public class ReplayBufferTests
{
    private static Matrix Numbered(int rows, int first = 0)
    {
        var m = new Matrix(rows, 2);
        for (int r = 0; r < rows; r++) (m[r, 0], m[r, 1]) = (first + r, -(first + r));
        return m;
    }

    [Test]
    public void Add_BelowCapacity_KeepsEverything_AboveIt_KeepsCapacity()
    {
        var buffer = new ReplayBuffer(capacity: 5, seed: 3);
        buffer.Add(Numbered(3));
        Assert.That(buffer.ToMatrix().AsSpan().ToArray(), Is.EqualTo(Numbered(3).AsSpan().ToArray()));
        buffer.Add(Numbered(20, first: 3));
        Assert.That((buffer.Count, buffer.Seen), Is.EqualTo((5, 23L)));
        Assert.That(Enumerable.Range(0, 5).Select(r => buffer.ToMatrix()[r, 0]).Distinct().Count(), Is.EqualTo(5), "distinct patterns");
    }

    [Test]
    public void Add_Reservoir_HoldsEveryPatternWithEqualChance()
    {
        // 4 of 20 patterns held: each with probability 0.2. Over 4,000 seeds each is held 800 ± 25 (binomial σ); allow 5σ.
        var held = new int[20];
        for (int seed = 0; seed < 4000; seed++)
        {
            var buffer = new ReplayBuffer(capacity: 4, seed);
            buffer.Add(Numbered(20));
            var m = buffer.ToMatrix();
            for (int r = 0; r < m.Rows; r++) held[(int)m[r, 0]]++;
        }
        Assert.That(held, Is.All.InRange(800 - 127, 800 + 127));
    }

    [Test]
    public void Interleave_EachCurrentRowFollowedByDrawsFromTheBuffer_SameSeedSameDraws()
    {
        var a = new ReplayBuffer(capacity: 8, seed: 5);
        var b = new ReplayBuffer(capacity: 8, seed: 5);
        a.Add(Numbered(6, first: 100));
        b.Add(Numbered(6, first: 100));
        var current = Numbered(3);
        var mixed = a.Interleave(current, replayPerPattern: 2);
        Assert.That(mixed.Rows, Is.EqualTo(9));
        for (int r = 0; r < 3; r++)
        {
            Assert.That(mixed[3 * r, 0], Is.EqualTo(r), "the current row first");
            Assert.That(mixed[3 * r + 1, 0], Is.InRange(100f, 105f));
            Assert.That(mixed[3 * r + 2, 0], Is.InRange(100f, 105f));
        }
        Assert.That(b.Interleave(current, 2).AsSpan().ToArray(), Is.EqualTo(mixed.AsSpan().ToArray()));
        Assert.That(new ReplayBuffer(4).Interleave(current).AsSpan().ToArray(), Is.EqualTo(current.AsSpan().ToArray()), "empty: just the current rows");
    }

    [Test]
    public void Interleave_ResultTooLargeForAMatrix_ThrowsNamingReplayPerPattern()
    {
        // 2 × (1 + int.MaxValue) wraps to 0 in int arithmetic: the result must be refused, not sized from the wrapped value.
        var buffer = new ReplayBuffer(4);
        buffer.Add(Numbered(2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Interleave(Numbered(2), int.MaxValue));
        Assert.That(e!.ParamName, Is.EqualTo("replayPerPattern"));
        Assert.That(e.Message, Does.Contain("2 rows"));
    }

    [Test]
    public void BadArguments_Throw_AndLeaveTheBuffer()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(0));
        var buffer = new ReplayBuffer(4);
        buffer.Add(Numbered(2));
        var e = Assert.Throws<ArgumentException>(() => buffer.Add(new Matrix(1, 3)));
        Assert.That(e!.Message, Does.Contain("3 columns").And.Contain("rows of 2"));
        var nan = Numbered(1);
        nan[0, 1] = float.NaN;
        Assert.Throws<ArgumentException>(() => buffer.Add(nan));
        Assert.Throws<ArgumentException>(() => buffer.Interleave(new Matrix(1, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Interleave(Numbered(1), -1));
        Assert.That(buffer.Count, Is.EqualTo(2));
        buffer.Clear();
        Assert.That((buffer.Count, buffer.Seen), Is.EqualTo((0, 0L)));
    }
    [Test]
    public void Add_RowsWithoutColumns_ThrowsAndTheBufferStillTakesRealRows()
    {
        var buffer = new ReplayBuffer(capacity: 4, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => buffer.Add(new Matrix(3, 0)));
        Assert.That(e!.Message, Does.Contain("no columns"));
        Assert.That(buffer.Count, Is.Zero);
        buffer.Add(Matrix.FromRows([1f, 2f]));
        Assert.That(buffer.Width, Is.EqualTo(2));
    }
}
