using System.Numerics.Tensors;

namespace Canns.Numerics;

/// <summary>
/// Column moments that <see cref="Blas.SyrkLower"/> gathers while it packs the patterns, so a caller that needs them
/// (the Hebbian trainer's centring) does not read the patterns a second time: for each depth block of
/// <see cref="Blas.SyrkBlockRows"/> patterns, the sums and the sums of squares of its columns in double, each from 0
/// in row order.
/// </summary>
internal sealed class SyrkMoments
{
    private double[] _blocks = [];

    /// <summary>Depth blocks of the last call.</summary>
    public int Blocks { get; private set; }

    /// <summary>Columns of the last call.</summary>
    public int Columns { get; private set; }

    /// <summary>
    /// Called on the calling thread once every block is packed (so every block's moments are in), before the last
    /// block is multiplied (in the depth-inner order, before any is). An exception it throws stops the update there.
    /// </summary>
    public Action? Packed { get; set; }

    /// <summary>Sizes the buffers for <paramref name="blocks"/> blocks of <paramref name="columns"/> columns (kept for later calls).</summary>
    internal void Prepare(int blocks, int columns)
    {
        long length = 2L * blocks * columns;
        if (_blocks.Length < length) _blocks = new double[length];
        Blocks = blocks;
        Columns = columns;
    }

    /// <summary>The sums of block <paramref name="block"/>'s columns.</summary>
    public Span<double> Sums(int block) => _blocks.AsSpan(2 * block * Columns, Columns);

    /// <summary>The sums of squares of block <paramref name="block"/>'s columns.</summary>
    public Span<double> Squares(int block) => _blocks.AsSpan((2 * block + 1) * Columns, Columns);

    /// <summary>Adds every block's sums and sums of squares, in block order, onto <paramref name="sums"/> and <paramref name="squares"/>.</summary>
    public void AddTo(Span<double> sums, Span<double> squares)
    {
        for (int block = 0; block < Blocks; block++)
        {
            TensorPrimitives.Add(sums, Sums(block), sums);
            TensorPrimitives.Add(squares, Squares(block), squares);
        }
    }
}
