using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Canns.Numerics;

/// <summary>
/// Large arrays backed by transparent huge pages where the system offers them on request (Linux with
/// <c>/sys/kernel/mm/transparent_hugepage/enabled</c> = madvise): first touch of fresh memory then costs one fault per
/// 2 MB instead of one per 4 KB. On these virtual machines a 4 KB fault costs ~10 µs, so touching 512 MB took
/// 1.7–5.8 s; advised, 46 ms.
/// </summary>
internal static partial class LargeBuffers
{
    /// <summary>Arrays smaller than this are left alone: a huge page is 2 MB.</summary>
    private const long MinBytes = 4L << 20;

    private const int MadviseHugePage = 14;
    private const long HugePage = 2L << 20;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>A zeroed array of <paramref name="length"/> elements, advised as huge pages before anything touches it.</summary>
    public static T[] Zeroed<T>(int length)
        where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
        return array;
    }

    /// <summary>
    /// The array in <paramref name="field"/> when it has exactly <paramref name="length"/> elements, else a new
    /// <see cref="Uninitialized{T}"/> one stored there: for work buffers a trainer keeps across calls, since a fresh large
    /// array pays its zeroing and the page faults of its first touch (~180 ms for 64 MB here). Contents undefined.
    /// </summary>
    /// <exception cref="OverflowException"><paramref name="length"/> exceeds the largest array.</exception>
    public static T[] Kept<T>(ref T[]? field, long length)
        where T : unmanaged =>
        field is { } kept && kept.Length == length ? kept : field = Uninitialized<T>(checked((int)length));

    /// <summary>
    /// An array of <paramref name="length"/> elements whose contents are undefined, advised as huge pages; with
    /// <paramref name="pinned"/> on the pinned object heap, so its address (and alignment) never changes.
    /// </summary>
    public static T[] Uninitialized<T>(int length, bool pinned = false)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length, pinned);
        Advise(array);
        return array;
    }

    /// <summary>Asks the kernel to back the whole 2 MB pages inside <paramref name="array"/> with huge pages; a hint only.</summary>
    public static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (_unavailable || bytes < MinBytes) return;
        // Large arrays live on the large object heap, which is not compacted unless asked: the range stays put, and if it
        // ever moved the advice would simply be lost.
        long start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        long first = (start + HugePage - 1) & ~(HugePage - 1);
        long last = (start + bytes) & ~(HugePage - 1);
        if (last <= first) return;
        try
        {
            _ = Madvise((nint)first, (nuint)(last - first), MadviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
