namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class CannsParallelismTests
{
    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    [Test]
    public void MaxDegree_Default_IsTheProcessorCount()
    {
        Assert.That(CannsParallelism.MaxDegree, Is.EqualTo(Environment.ProcessorCount));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void MaxDegree_LessThanOne_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CannsParallelism.MaxDegree = value);
        Assert.That(CannsParallelism.MaxDegree, Is.EqualTo(Environment.ProcessorCount));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void For_AnyDegree_RunsEveryIndexOnce(int degree)
    {
        CannsParallelism.MaxDegree = degree;
        var hits = new int[100];
        CannsParallelism.For(0, hits.Length, i => Interlocked.Increment(ref hits[i]));
        Assert.That(hits, Is.All.EqualTo(1));
    }

    [Test]
    public void For_DegreeOne_RunsOnTheCallingThread()
    {
        CannsParallelism.MaxDegree = 1;
        int caller = Environment.CurrentManagedThreadId;
        var threads = new HashSet<int>();
        CannsParallelism.For(0, 50, _ => threads.Add(Environment.CurrentManagedThreadId));
        Assert.That(threads, Is.EquivalentTo(new[] { caller }));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void For_OneBodyThrows_ThrowsItsExceptionAsItselfOnAnyDegree(int degree)
    {
        // Inline (one thread) the body's exception comes straight out; Parallel.For wraps it in an AggregateException,
        // so which exception a caller saw depended on the degree.
        CannsParallelism.MaxDegree = degree;
        var error = Assert.Throws<InvalidOperationException>(() => CannsParallelism.For(0, 100, i =>
        {
            if (i == 37) throw new InvalidOperationException("index 37");
        }));
        Assert.That(error!.Message, Is.EqualTo("index 37"));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void For_WithTokenOneBodyThrows_ThrowsItsExceptionAsItselfOnAnyDegree(int degree)
    {
        CannsParallelism.MaxDegree = degree;
        var error = Assert.Throws<InvalidOperationException>(() => CannsParallelism.For(0, 100, CancellationToken.None, i =>
        {
            if (i == 37) throw new InvalidOperationException("index 37");
        }));
        Assert.That(error!.Message, Is.EqualTo("index 37"));
    }
}
