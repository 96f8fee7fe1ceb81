using Canns.Numerics;
using System.Numerics.Tensors;

namespace Canns.Models;

/// <summary>
/// A dense, row-major float32 matrix: the shape of every data set the trainers take (one pattern, sample or time
/// step per row) and of batched results.
/// </summary>
/// <remarks>The matrix wraps its buffer without copying; <see cref="AsTensorSpan"/> gives a System.Numerics.Tensors view of it.</remarks>
public sealed class Matrix
{
    private readonly float[] _data;

    /// <summary>Creates a zero matrix of the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or rows × columns exceeds the largest array .NET allows.</exception>
    public Matrix(int rows, int columns)
        : this(rows, columns, LargeBuffers.Zeroed<float>((int)CheckedLength(rows, columns)))
    {
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, length rows × columns) without copying.</summary>
    /// <exception cref="ArgumentException">The buffer's length is not rows × columns.</exception>
    public Matrix(int rows, int columns, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long length = CheckedLength(rows, columns);
        if (data.Length != length)
        {
            throw new ArgumentException($"Buffer length ({data.Length}) != rows ({rows}) × columns ({columns}).", nameof(data));
        }
        Rows = rows;
        Columns = columns;
        _data = data;
    }

    /// <summary>Number of rows (patterns, samples, probes or time steps).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (neurons or inputs).</summary>
    public int Columns { get; }

    /// <summary>The underlying row-major buffer (not a copy).</summary>
    public float[] Data => _data;

    /// <summary>Gets or sets the element at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public float this[int row, int column]
    {
        get => _data[Index(row, column)];
        set => _data[Index(row, column)] = value;
    }

    /// <summary>Creates a matrix from equal-length rows (copied).</summary>
    /// <exception cref="ArgumentException">No rows are given, or the rows differ in length.</exception>
    public static Matrix FromRows(params IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("No rows are given: a matrix from rows needs at least one.", nameof(rows));
        ArgumentNullException.ThrowIfNull(rows[0], $"{nameof(rows)}[0]");
        int columns = rows[0].Length;
        var m = new Matrix(rows.Count, columns);
        for (int r = 0; r < rows.Count; r++)
        {
            ArgumentNullException.ThrowIfNull(rows[r], $"{nameof(rows)}[{r}]");
            if (rows[r].Length != columns)
            {
                throw new ArgumentException($"Row {r} has length {rows[r].Length} but row 0 has length {columns}.", nameof(rows));
            }
            rows[r].CopyTo(m.Row(r));
        }
        return m;
    }

    /// <summary>Creates a matrix from a rectangular array (copied).</summary>
    public static Matrix FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var m = new Matrix(values.GetLength(0), values.GetLength(1));
        for (int r = 0; r < m.Rows; r++)
        {
            for (int c = 0; c < m.Columns; c++) m._data[(long)r * m.Columns + c] = values[r, c];
        }
        return m;
    }

    /// <summary>Creates a matrix holding a copy of a dense two-dimensional tensor.</summary>
    /// <exception cref="ArgumentException">The tensor is not two-dimensional, or a dimension exceeds <see cref="int.MaxValue"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Rows × columns exceeds the largest array .NET allows (a broadcast view).</exception>
    public static Matrix FromTensor(ReadOnlyTensorSpan<float> tensor)
    {
        if (tensor.Rank != 2)
        {
            throw new ArgumentException($"Expected a two-dimensional tensor, got rank {tensor.Rank}.", nameof(tensor));
        }
        nint rows = tensor.Lengths[0], columns = tensor.Lengths[1];
        if (rows > int.MaxValue || columns > int.MaxValue)
        {
            throw new ArgumentException($"The tensor's shape ({rows}, {columns}) has a dimension beyond {int.MaxValue}, more than a Matrix can hold.", nameof(tensor));
        }
        var m = new Matrix((int)rows, (int)columns);
        tensor.FlattenTo(m._data);
        return m;
    }

    /// <summary>The whole buffer as a span.</summary>
    public Span<float> AsSpan() => _data;

    /// <summary>Row <paramref name="row"/> as a span.</summary>
    public Span<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        return _data.AsSpan(row * Columns, Columns);
    }

    /// <summary>A (Rows, Columns) tensor view of the buffer, without copying.</summary>
    public TensorSpan<float> AsTensorSpan() => new(_data, [Rows, Columns]);

    /// <summary>A deep copy.</summary>
    public Matrix Clone() => new(Rows, Columns, (float[])_data.Clone());

    internal static long CheckedLength(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long length = (long)rows * columns;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rows),
                $"A {rows} × {columns} float32 matrix has {length} elements, more than the {Array.MaxLength} a .NET array can hold.");
        }
        return length;
    }

    private long Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        if ((uint)column >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(column), column, $"Column must be in [0, {Columns}).");
        return (long)row * Columns + column;
    }
}
