using System.Buffers;

namespace Canns.Numerics;

/// <summary>
/// The right operand b (n × k, row-major) of <see cref="Blas.GemmNT(float[], int, PackedGemmOperand, float[], bool, int)"/>,
/// packed once for the lane-class kernel so that repeated products with the same b (the weights in batched recall)
/// do not repack it. Made by <see cref="Blas.PackB"/>; the packed copy is rented and goes back to the pool on
/// <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Layout, per 48-column panel p (columns j = 48p + u, zero past n), with <c>C = ⌊k/16⌋</c> chunks: first the 16 lane
/// classes, <c>[l][c][u] = b[j, 16c + l]</c>, then the tail, <c>[t][u] = b[j, 16C + t]</c>; a panel is 48·k floats.
/// When the lane-class kernel does not apply (another vector width, or a product too small to pay for packing),
/// nothing is packed and the product runs on <see cref="Source"/>.
/// </remarks>
internal sealed class PackedGemmOperand : IDisposable
{
    private float[]? _packed;

    internal PackedGemmOperand(float[] source, int rows, int depth, float[]? packed, SimdLevel level)
    {
        Source = source;
        Rows = rows;
        Depth = depth;
        _packed = packed;
        Level = level;
    }

    /// <summary>The unpacked matrix, row-major (<see cref="Rows"/> × <see cref="Depth"/>); its values must not change while this is in use.</summary>
    public float[] Source { get; }

    /// <summary>The number of rows n of b (columns of the product).</summary>
    public int Rows { get; }

    /// <summary>The shared dimension k.</summary>
    public int Depth { get; }

    /// <summary>The vector width the packing was made for.</summary>
    public SimdLevel Level { get; }

    /// <summary>The packed panels, or null when the product runs on <see cref="Source"/>.</summary>
    public float[]? Packed => _packed;

    /// <summary>Returns the packed copy to the pool; later products run on <see cref="Source"/>.</summary>
    public void Dispose()
    {
        var packed = Interlocked.Exchange(ref _packed, null);
        if (packed is not null) ArrayPool<float>.Shared.Return(packed);
    }
}
