using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Experience replay for continual learning: a fixed-size, uniformly sampled memory of the patterns seen so far
/// (reservoir sampling), whose rows are interleaved with a new task's so the old ones keep being rehearsed.
/// </summary>
/// <remarks>
/// Every pattern ever added has the same chance, capacity / added, of being held (Vitter's algorithm R). Draws come from
/// the buffer's own seeded <see cref="SplitMix64Random"/>, so a run repeats exactly. Not thread-safe.
/// </remarks>
public sealed class ReplayBuffer
{
    private readonly List<float[]> _rows = [];
    private readonly Random _random;
    private long _seen;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="capacity">The most patterns it holds; at least 1.</param>
    /// <param name="seed">The seed of its sampling.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> &lt; 1.</exception>
    public ReplayBuffer(int capacity, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _random = new SplitMix64Random(seed);
    }

    /// <summary>The most patterns the buffer holds.</summary>
    public int Capacity { get; }

    /// <summary>Patterns held now.</summary>
    public int Count => _rows.Count;

    /// <summary>Patterns added so far (held or not).</summary>
    public long Seen => _seen;

    /// <summary>The width of the patterns held (0 while empty).</summary>
    public int Width => _rows.Count == 0 ? 0 : _rows[0].Length;

    /// <summary>A copy of the patterns held, one per row.</summary>
    public Matrix ToMatrix() => _rows.Count == 0 ? new Matrix(0, 0) : Matrix.FromRows(_rows.Select(r => (float[])r.Clone()).ToArray());

    /// <summary>Offers every row of <paramref name="patterns"/> to the reservoir.</summary>
    /// <exception cref="ArgumentException">The rows have no columns, are not as wide as those held, or hold NaN or ∞; nothing is added.</exception>
    public void Add(Matrix patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Rows > 0 && patterns.Columns == 0)
        {
            throw new ArgumentException($"patterns has {patterns.Rows} rows of no columns: there is nothing to replay.", nameof(patterns));
        }
        if (_rows.Count > 0 && patterns.Rows > 0 && patterns.Columns != Width)
        {
            throw new ArgumentException($"patterns has {patterns.Columns} columns but the buffer holds rows of {Width}.", nameof(patterns));
        }
        Guard.ThrowIfNotFinite(patterns, nameof(patterns));
        for (int r = 0; r < patterns.Rows; r++)
        {
            _seen++;
            if (_rows.Count < Capacity)
            {
                _rows.Add(patterns.Row(r).ToArray());
                continue;
            }
            long slot = _random.NextInt64(_seen);
            if (slot < Capacity) _rows[(int)slot] = patterns.Row(r).ToArray();
        }
    }

    /// <summary>
    /// The rows of <paramref name="current"/>, each followed by <paramref name="replayPerPattern"/> rows drawn uniformly
    /// (with replacement) from the buffer: what to train on so that the old patterns are rehearsed along with the new.
    /// With an empty buffer the result is a copy of <paramref name="current"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The widths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replayPerPattern"/> is negative, or so large that the result cannot be a <see cref="Matrix"/>.</exception>
    public Matrix Interleave(Matrix current, int replayPerPattern = 1)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfNegative(replayPerPattern);
        if (_rows.Count == 0 || replayPerPattern == 0) return current.Clone();
        if (current.Columns != Width) throw new ArgumentException($"current has {current.Columns} columns but the buffer holds rows of {Width}.", nameof(current));
        long rows = current.Rows * (1L + replayPerPattern);
        if (rows > int.MaxValue || rows * current.Columns > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(replayPerPattern), replayPerPattern,
                $"{current.Rows} rows with {replayPerPattern} replayed rows each make {rows} rows of {current.Columns}, more than a Matrix can hold.");
        }
        var mixed = new Matrix((int)rows, current.Columns);
        int row = 0;
        for (int r = 0; r < current.Rows; r++)
        {
            current.Row(r).CopyTo(mixed.Row(row++));
            for (int k = 0; k < replayPerPattern; k++) _rows[_random.Next(_rows.Count)].CopyTo(mixed.Row(row++));
        }
        return mixed;
    }

    /// <summary>Empties the buffer (its random stream goes on).</summary>
    public void Clear()
    {
        _rows.Clear();
        _seen = 0;
    }
}
