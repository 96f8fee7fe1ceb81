using System.Runtime.ExceptionServices;

namespace Canns.Models;

/// <summary>
/// The one place that decides how many cores the numerical kernels (Gram updates, matrix products, batched recall)
/// may use. Every parallel loop in the libraries goes through it.
/// </summary>
/// <remarks>
/// Results never depend on this setting: each output element is formed by one thread in a fixed order, so one core
/// and many cores give bit-identical weights and states.
/// </remarks>
public static class CannsParallelism
{
    private static int _maxDegree = Environment.ProcessorCount;
    private static ParallelOptions _options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    // How many parallel-loop bodies the current thread is inside (nested loops run inline, not on more threads).
    [ThreadStatic]
    private static int t_loopDepth;

    /// <summary>The largest number of threads a kernel runs on; 1 runs everything on the calling thread.</summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegree
    {
        get => _maxDegree;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _options = new ParallelOptions { MaxDegreeOfParallelism = value };
            _maxDegree = value;
        }
    }

    /// <summary>
    /// True while the calling thread runs the body of a parallel loop of the libraries: the cores are already busy, so a
    /// kernel called from there runs on its own thread instead of handing work to the hot team.
    /// </summary>
    internal static bool InParallelLoop => t_loopDepth > 0;

    /// <summary>
    /// Marks the calling thread as running a parallel loop's body until the scope is disposed; for loops that do not go
    /// through <see cref="For(int, int, Action{int}, int)"/> (a partitioned <c>Parallel.ForEach</c>).
    /// </summary>
    /// <param name="active">False gives a scope that marks nothing (a loop that runs on one thread).</param>
    internal static LoopScope EnterLoopBody(bool active = true)
    {
        if (active) t_loopDepth++;
        return new LoopScope(active);
    }

    /// <summary>The scope of <see cref="EnterLoopBody"/>.</summary>
    internal readonly struct LoopScope(bool active) : IDisposable
    {
        /// <summary>Ends the scope.</summary>
        public void Dispose()
        {
            if (active) t_loopDepth--;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>),
    /// on up to <see cref="MaxDegree"/> threads (or <paramref name="maxDegree"/> when it is positive and smaller).
    /// Runs inline when there is one index or one thread, so small problems pay nothing, and inside the body of another
    /// parallel loop of the libraries (<see cref="InParallelLoop"/>), whose loop already keeps the cores busy. An exception thrown by one body
    /// comes out as itself on any number of threads (several are wrapped in an <see cref="AggregateException"/>).
    /// </summary>
    internal static void For(int fromInclusive, int toExclusive, Action<int> body, int maxDegree = -1)
    {
        int degree = maxDegree > 0 ? Math.Min(maxDegree, _maxDegree) : _maxDegree;
        if (degree == 1 || toExclusive - fromInclusive <= 1 || InParallelLoop)
        {
            for (int i = fromInclusive; i < toExclusive; i++) body(i);
            return;
        }
        var options = degree == _maxDegree ? _options : new ParallelOptions { MaxDegreeOfParallelism = degree };
        try
        {
            Parallel.For(fromInclusive, toExclusive, options, i =>
            {
                using var scope = EnterLoopBody();
                body(i);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ThrowSingle(e);
        }
    }

    /// <summary>As <see cref="For(int, int, Action{int}, int)"/>, with a cancellation token checked between items.</summary>
    internal static void For(int fromInclusive, int toExclusive, CancellationToken cancellationToken, Action<int> body)
    {
        if (_maxDegree == 1 || toExclusive - fromInclusive <= 1 || InParallelLoop)
        {
            for (int i = fromInclusive; i < toExclusive; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(i);
            }
            return;
        }
        try
        {
            Parallel.For(fromInclusive, toExclusive, new ParallelOptions { MaxDegreeOfParallelism = _maxDegree, CancellationToken = cancellationToken }, i =>
            {
                using var scope = EnterLoopBody();
                body(i);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ThrowSingle(e);
        }
    }

    /// <summary>
    /// Rethrows the one exception a loop body threw as itself (with its stack trace), as the inline loop on one thread
    /// lets it out: which exception a caller sees must not depend on <see cref="MaxDegree"/>. Bodies that threw more than
    /// one are left in their <see cref="AggregateException"/> for the caller to choose from.
    /// </summary>
    private static void ThrowSingle(AggregateException e) => ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
}
