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
    public void For_NestedInsideALoopBody_RunsInlineOnTheBodysThread([Values] bool withToken)
    {
        // The outer loop keeps the cores busy: an inner loop must not start more threads (oversubscription), and every
        // inner index still runs once.
        CannsParallelism.MaxDegree = 2;
        var hits = new int[8, 16];
        var foreign = 0;
        CannsParallelism.For(0, 8, outer =>
        {
            int thread = Environment.CurrentManagedThreadId;
            void Inner(int i)
            {
                if (Environment.CurrentManagedThreadId != thread) Interlocked.Increment(ref foreign);
                Interlocked.Increment(ref hits[outer, i]);
                Thread.Sleep(1); // long enough for another thread to take inner indices, were the loop parallel
            }
            if (withToken) CannsParallelism.For(0, 16, CancellationToken.None, Inner);
            else CannsParallelism.For(0, 16, Inner);
        });
        Assert.That(hits, Is.All.EqualTo(1));
        Assert.That(foreign, Is.Zero, "inner indices that ran on another thread than their outer body");
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
