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
    /// Runs <paramref name="body"/> for every index in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>),
    /// on up to <see cref="MaxDegree"/> threads (or <paramref name="maxDegree"/> when it is positive and smaller).
    /// Runs inline when there is one index or one thread, so small problems pay nothing.
    /// </summary>
    internal static void For(int fromInclusive, int toExclusive, Action<int> body, int maxDegree = -1)
    {
        int degree = maxDegree > 0 ? Math.Min(maxDegree, _maxDegree) : _maxDegree;
        if (degree == 1 || toExclusive - fromInclusive <= 1)
        {
            for (int i = fromInclusive; i < toExclusive; i++) body(i);
            return;
        }
        var options = degree == _maxDegree ? _options : new ParallelOptions { MaxDegreeOfParallelism = degree };
        Parallel.For(fromInclusive, toExclusive, options, body);
    }

    /// <summary>As <see cref="For(int, int, Action{int}, int)"/>, with a cancellation token checked between items.</summary>
    internal static void For(int fromInclusive, int toExclusive, CancellationToken cancellationToken, Action<int> body)
    {
        if (_maxDegree == 1 || toExclusive - fromInclusive <= 1)
        {
            for (int i = fromInclusive; i < toExclusive; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(i);
            }
            return;
        }
        Parallel.For(fromInclusive, toExclusive, new ParallelOptions { MaxDegreeOfParallelism = _maxDegree, CancellationToken = cancellationToken }, body);
    }
}
