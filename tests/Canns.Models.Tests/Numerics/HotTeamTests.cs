using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class HotTeamTests
{
    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(17)]
    [TestCase(1000)]
    public void For_AnyChunkCount_RunsEveryChunkOnce(int chunks)
    {
        var hits = new int[chunks];
        HotTeam.For(chunks, c => Interlocked.Increment(ref hits[c]));
        Assert.That(hits, Is.All.EqualTo(1));
    }

    [Test]
    public void For_ManyLoopsInARow_EachRunsEveryChunkOnce()
    {
        // Loops back to back exercise a worker still spinning on, or arriving late for, the previous generation.
        var hits = new int[64];
        for (int loop = 1; loop <= 2000; loop++)
        {
            HotTeam.For(hits.Length, c => Interlocked.Increment(ref hits[c]));
        }
        Assert.That(hits, Is.All.EqualTo(2000));
    }

    [Test]
    public void For_SmallLoopThenLargerLoop_EveryChunkRunsOnceAndBeforeTheLoopReturns()
    {
        // A worker that read the small loop's counter exhausted, but had not yet compared it with the chunk count, used to
        // see the larger loop's count and run the larger loop's body on a chunk of the old counter: a chunk run twice, or
        // the loop returning before its last chunk was done. The window is short, so the pair runs many times.
        var hits = new int[64];
        for (int loop = 0; loop < 200_000; loop++)
        {
            HotTeam.For(2, _ => { });
            Array.Clear(hits);
            HotTeam.For(hits.Length, c => Interlocked.Increment(ref hits[c]));
            Assert.That(hits, Is.All.EqualTo(1), $"loop {loop}");
        }
    }

    [Test]
    public void For_DegreeOne_RunsOnTheCallingThread()
    {
        CannsParallelism.MaxDegree = 1;
        int caller = Environment.CurrentManagedThreadId;
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        HotTeam.For(50, _ =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            Thread.SpinWait(1000);
        });
        Assert.That(threads.Keys, Is.EquivalentTo(new[] { caller }));
    }

    [Test]
    public void For_ChunkThrows_RethrowsOnTheCallerAfterEveryOtherChunk()
    {
        var hits = new int[40];
        var error = Assert.Throws<InvalidOperationException>(() => HotTeam.For(hits.Length, c =>
        {
            Interlocked.Increment(ref hits[c]);
            if (c == 7) throw new InvalidOperationException("chunk 7");
        }));
        Assert.That(error!.Message, Is.EqualTo("chunk 7"));
        Assert.That(hits, Is.All.EqualTo(1));
    }

    [Test]
    public void For_AfterAChunkThrew_TheTeamStillWorks()
    {
        Assert.Throws<InvalidOperationException>(() => HotTeam.For(8, _ => throw new InvalidOperationException()));
        var hits = new int[32];
        HotTeam.For(hits.Length, c => Interlocked.Increment(ref hits[c]));
        Assert.That(hits, Is.All.EqualTo(1));
    }

    [Test]
    public void For_Nested_InnerLoopRunsInlineAndCompletes()
    {
        var hits = new int[8, 8];
        HotTeam.For(8, outer => HotTeam.For(8, inner => Interlocked.Increment(ref hits[outer, inner])));
        Assert.That(hits.Cast<int>(), Is.All.EqualTo(1));
    }

    [Test]
    public void For_FromManyThreadsAtOnce_EveryLoopRunsEveryChunkOnce()
    {
        const int Callers = 8, Loops = 200, Chunks = 16;
        var hits = new int[Callers, Chunks];
        var threads = Enumerable.Range(0, Callers).Select(t => new Thread(() =>
        {
            for (int loop = 0; loop < Loops; loop++) HotTeam.For(Chunks, c => Interlocked.Increment(ref hits[t, c]));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(hits.Cast<int>(), Is.All.EqualTo(Loops));
    }

    [Test]
    public void For_InsideAParallelLoopBody_RunsOnThatBodysThread()
    {
        var foreign = new int[4];
        CannsParallelism.For(0, 4, outer =>
        {
            int body = Environment.CurrentManagedThreadId;
            HotTeam.For(16, _ =>
            {
                if (Environment.CurrentManagedThreadId != body) Interlocked.Increment(ref foreign[outer]);
                Thread.SpinWait(2000);
            });
        });
        Assert.That(foreign, Is.All.EqualTo(0));
    }

    [Test]
    public void EnterLoopBody_MarksTheThreadUntilDisposed_InactiveMarksNothing()
    {
        Assert.That(CannsParallelism.InParallelLoop, Is.False);
        using (CannsParallelism.EnterLoopBody(active: false)) Assert.That(CannsParallelism.InParallelLoop, Is.False);
        using (CannsParallelism.EnterLoopBody())
        {
            Assert.That(CannsParallelism.InParallelLoop, Is.True);
        }
        Assert.That(CannsParallelism.InParallelLoop, Is.False);
    }

    [Test]
    public void For_GenerationCounterWrapsPast32Bits_CallerStillTakesChunks()
    {
        // After about 2³⁰ loops the generation (the high half of the shared counter) passes int.MaxValue; the caller's
        // copy of it must wrap as the workers' reading of it does, or the caller sits out that loop.
        var next = typeof(HotTeam).GetField("_next", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        HotTeam.For(2, _ => { });
        // A closed generation (no chunk left to take), so a worker that sees it change takes nothing.
        next.SetValue(null, ((long)(int.MaxValue - 1) << 32) | int.MaxValue);
        int caller = Environment.CurrentManagedThreadId, byCaller = 0;
        var hits = new int[64];
        // A worker holds its first chunk until the caller has run one, so a caller descheduled for a while (a busy CI
        // machine) cannot lose every chunk to the worker. Were the caller to sit out the loop (the bug), the worker waits
        // out the timeout once and the assertion below fails.
        using var callerRan = new ManualResetEventSlim();
        HotTeam.For(hits.Length, c =>
        {
            Interlocked.Increment(ref hits[c]);
            if (Environment.CurrentManagedThreadId == caller)
            {
                Interlocked.Increment(ref byCaller);
                callerRan.Set();
            }
            else if (!callerRan.Wait(TimeSpan.FromSeconds(10)))
            {
                callerRan.Set(); // waited out once: the other chunks need not wait again
            }
        });
        Assert.That(hits, Is.All.EqualTo(1));
        Assert.That(byCaller, Is.GreaterThan(0));
        // Later loops go on from the wrapped generation.
        Array.Clear(hits);
        HotTeam.For(hits.Length, c => Interlocked.Increment(ref hits[c]));
        Assert.That(hits, Is.All.EqualTo(1));
    }
}
