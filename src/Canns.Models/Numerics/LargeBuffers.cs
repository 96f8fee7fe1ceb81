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

    /// <summary>Tests: how many more <see cref="Zeroed{T}"/> calls on this thread succeed before one throws <see cref="OutOfMemoryException"/>; null for no limit.</summary>
    [ThreadStatic]
    private static int? t_allocationsBeforeFailure;

    /// <summary>A zeroed array of <paramref name="length"/> elements, advised as huge pages before anything touches it.</summary>
    public static T[] Zeroed<T>(int length)
        where T : unmanaged
    {
        if (t_allocationsBeforeFailure is { } left)
        {
            if (left <= 0) throw new OutOfMemoryException("Simulated: the test's allocation limit was reached.");
            t_allocationsBeforeFailure = left - 1;
        }
        var array = new T[length];
        Advise(array);
        return array;
    }

    /// <summary>
    /// A zeroed array for a model's state, where running out of memory is the caller's size being too large for this
    /// machine: the <see cref="OutOfMemoryException"/> becomes the <see cref="ArgumentOutOfRangeException"/> the models
    /// document, naming <paramref name="what"/> and the bytes it needed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The array cannot be allocated.</exception>
    public static T[] ZeroedFor<T>(long length, string what)
        where T : unmanaged
    {
        string message = $"{what} needs {length * Unsafe.SizeOf<T>()} bytes, which cannot be allocated.";
        if (length > Array.MaxLength) throw new ArgumentOutOfRangeException(message, innerException: null);
        try
        {
            return Zeroed<T>((int)length);
        }
        catch (OutOfMemoryException e)
        {
            throw new ArgumentOutOfRangeException(message, e);
        }
    }

    /// <summary>Tests: on this thread, the next <paramref name="successes"/> calls of <see cref="Zeroed{T}"/> succeed and the one after fails, until the scope is disposed.</summary>
    internal static IDisposable FailAllocationAfter(int successes)
    {
        t_allocationsBeforeFailure = successes;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => t_allocationsBeforeFailure = null;
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
