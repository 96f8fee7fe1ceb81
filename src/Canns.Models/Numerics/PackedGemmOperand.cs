using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Canns.Numerics;

/// <summary>
/// The right operand b (n × k, row-major) of <see cref="Blas.GemmNT(float[], int, PackedGemmOperand, float[], bool, int)"/>,
/// packed once for the lane-class kernel so that repeated products with the same b (the weights in batched recall)
/// do not repack it. Made by <see cref="Blas.PackB"/>; the packed copy starts on a 64-byte boundary
/// (<see cref="Offset"/> into a pinned buffer kept between operands) and goes back on <see cref="Dispose"/>.
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

    internal PackedGemmOperand(float[] source, int rows, int depth, float[]? packed, SimdLevel level, int offset = 0)
    {
        Offset = offset;
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

    /// <summary>The packed panels from <see cref="Offset"/>, or null when the product runs on <see cref="Source"/>.</summary>
    public float[]? Packed => _packed;

    /// <summary>Where the first panel starts in <see cref="Packed"/>: a 64-byte boundary.</summary>
    public int Offset { get; }

    /// <summary>Returns the packed copy; later products run on <see cref="Source"/>.</summary>
    public void Dispose()
    {
        var packed = Interlocked.Exchange(ref _packed, null);
        if (packed is not null) AlignedBuffer.Return(packed);
    }
}

/// <summary>
/// Pinned float buffers whose data can start on a 64-byte boundary, for packed operands: a 48-float row segment of a
/// packed panel then spans exactly three cache lines (unaligned, each 64-byte load straddles two; the batched field
/// updates of sign recall ran 1.5× slower). Returned buffers are kept, weakly (the GC may take them, as the shared
/// array pool trims), one per core, for the next operands: callers on several threads at once (a capacity study's
/// workers) each find one, instead of faulting a fresh one in (a 4 MB buffer costs ~1 ms of page faults here).
/// </summary>
internal static class AlignedBuffer
{
    private const int AlignFloats = 16;
    private static readonly WeakReference<float[]?>[] Cached =
        [.. Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount)).Select(_ => new WeakReference<float[]?>(null))];

    /// <summary>A pinned buffer with at least <paramref name="length"/> floats from <paramref name="offset"/>, which is 64-byte aligned.</summary>
    public static float[] Rent(int length, out int offset)
    {
        float[]? buffer = null;
        lock (Cached)
        {
            // The smallest kept buffer that is large enough.
            WeakReference<float[]?>? best = null;
            foreach (var slot in Cached)
            {
                if (slot.TryGetTarget(out var cached) && cached is not null && cached.Length >= length + AlignFloats &&
                    (buffer is null || cached.Length < buffer.Length))
                {
                    buffer = cached;
                    best = slot;
                }
            }
            best?.SetTarget(null);
        }
        buffer ??= GC.AllocateUninitializedArray<float>(checked(length + AlignFloats), pinned: true);
        offset = AlignedOffset(buffer);
        return buffer;
    }

    /// <summary>Keeps <paramref name="buffer"/> for a later <see cref="Rent"/>: in a free slot, else instead of the smallest kept one if that is smaller.</summary>
    public static void Return(float[] buffer)
    {
        lock (Cached)
        {
            WeakReference<float[]?>? target = null;
            int smallest = int.MaxValue;
            foreach (var slot in Cached)
            {
                int length = slot.TryGetTarget(out var cached) && cached is not null ? cached.Length : -1;
                if (length < smallest)
                {
                    smallest = length;
                    target = slot;
                }
            }
            if (target is not null && smallest < buffer.Length) target.SetTarget(buffer);
        }
    }

    // Pinned (pinned object heap): the address never changes.
    private static unsafe int AlignedOffset(float[] buffer)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (int)((64 - (address & 63)) & 63) / sizeof(float);
    }
}
