using System.Numerics.Tensors;
using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// A named, versioned model parameter: a dense row-major float32 buffer with its shape (the counterpart of a
/// "ParamState"). Every write access increments <see cref="Version"/>, so analysis can tell when a result it
/// computed has gone stale.
/// </summary>
/// <remarks>
/// Reading through <see cref="AsReadOnlySpan"/> or <see cref="ReadOnlyRow"/> leaves the version alone; any writable
/// view (<see cref="AsSpan"/>, <see cref="Row"/>, <see cref="AsTensorSpan"/>) counts as a write when it is taken.
/// </remarks>
public sealed class ParamState
{
    private readonly float[] _data;
    private long _version;

    /// <summary>Creates a zero parameter of shape (<paramref name="rows"/>, <paramref name="columns"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or rows × columns cannot be allocated.</exception>
    public ParamState(string name, int rows, int columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        long length = Matrix.CheckedLength(rows, columns);
        Name = name;
        Rows = rows;
        Columns = columns;
        _data = LargeBuffers.ZeroedFor<float>(length, $"Parameter '{name}' of shape ({rows}, {columns})");
    }

    /// <summary>Creates a vector parameter of length <paramref name="length"/>, shape (1, length).</summary>
    public ParamState(string name, int length)
        : this(name, 1, length)
    {
        IsVector = true;
    }

    /// <summary>The parameter's name, e.g. <c>"W"</c>.</summary>
    public string Name { get; }

    /// <summary>Number of rows (1 for a vector).</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>True for a one-dimensional parameter.</summary>
    public bool IsVector { get; }

    /// <summary>Total number of elements.</summary>
    public int Length => _data.Length;

    /// <summary>The shape: (Length) for a vector, (Rows, Columns) otherwise.</summary>
    public IReadOnlyList<int> Shape => IsVector ? [Length] : [Rows, Columns];

    /// <summary>A number that changes on every write access.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The whole buffer, read-only; does not change the version.</summary>
    public ReadOnlySpan<float> AsReadOnlySpan() => _data;

    /// <summary>The whole buffer, writable; counts as a write.</summary>
    public Span<float> AsSpan()
    {
        MarkChanged();
        return _data;
    }

    /// <summary>Row <paramref name="row"/>, read-only.</summary>
    public ReadOnlySpan<float> ReadOnlyRow(int row) => RowSegment(row);

    /// <summary>Row <paramref name="row"/>, writable; counts as a write.</summary>
    public Span<float> Row(int row)
    {
        var span = RowSegment(row);
        MarkChanged();
        return span;
    }

    /// <summary>A read-only tensor view with this parameter's shape, without copying.</summary>
    public ReadOnlyTensorSpan<float> AsReadOnlyTensorSpan() => IsVector ? new(_data) : new(_data, [Rows, Columns]);

    /// <summary>A writable tensor view with this parameter's shape, without copying; counts as a write.</summary>
    public TensorSpan<float> AsTensorSpan()
    {
        MarkChanged();
        return IsVector ? new(_data) : new(_data, [Rows, Columns]);
    }

    /// <summary>Copies <paramref name="values"/> into the parameter.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void CopyFrom(ReadOnlySpan<float> values)
    {
        if (values.Length != _data.Length)
        {
            throw new ArgumentException($"Parameter '{Name}' has {_data.Length} elements but {values.Length} were given.", nameof(values));
        }
        values.CopyTo(_data);
        MarkChanged();
    }

    /// <summary>A copy of the values, e.g. to restore after a failed update.</summary>
    public float[] ToArray() => (float[])_data.Clone();

    /// <summary>Records a write made through a span taken earlier.</summary>
    public void MarkChanged() => Interlocked.Increment(ref _version);

    /// <summary>The raw buffer, for kernels that need an array (parallel loops cannot capture spans).</summary>
    internal float[] Buffer => _data;

    private Span<float> RowSegment(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}) for '{Name}'.");
        return _data.AsSpan(row * Columns, Columns);
    }
}
