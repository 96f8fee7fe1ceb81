namespace Canns.Models;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files, the format of <c>numpy.save</c> and <c>numpy.load</c>, as
/// <see cref="Matrix"/> values.
/// </summary>
/// <remarks>
/// <para><b>Reading.</b> Formats 1.0, 2.0 and 3.0; C order; little-endian; the dtypes <c>float32</c> (<c>'&lt;f4'</c>),
/// <c>float64</c> (<c>'&lt;f8'</c>), <c>float16</c> (<c>'&lt;f2'</c>), <c>int8</c> (<c>'|i1'</c>), <c>int16</c>
/// (<c>'&lt;i2'</c>), <c>int32</c> (<c>'&lt;i4'</c>), <c>int64</c> (<c>'&lt;i8'</c>, NumPy's default integer),
/// <c>uint8</c> (<c>'|u1'</c>), <c>uint16</c>, <c>uint32</c>, <c>uint64</c> and <c>bool</c> (<c>'|b1'</c>), each
/// converted to the nearest float32 (bool to 0 or 1; float64 values beyond the float32 range become ±∞, as
/// <c>astype(np.float32)</c> does). A 2-D array of shape (R, C) becomes an R × C matrix, a 1-D array of shape (N,)
/// a 1 × N matrix and a 0-D scalar a 1 × 1 matrix; arrays of three or more dimensions are rejected.</para>
/// <para><b>Validation before allocation.</b> The header is parsed and its shape multiplied out with overflow checks,
/// and the byte size it implies is compared with the bytes the file actually holds, before any buffer for the data
/// is allocated: a forged header that claims a (10¹², 10¹²) array in a 100-byte file costs nothing.</para>
/// <para><b>Writing.</b> A matrix is written as a float32 (<c>'&lt;f4'</c>), C-order, two-dimensional array in format
/// 1.0 with the header padded to a multiple of 64 bytes, exactly as <c>numpy.save</c> writes it. Writing to a path
/// goes through a temporary file in the same folder that is moved into place only when complete, so a failure
/// never leaves a half-written file behind.</para>
/// </remarks>
public static partial class Npy
{
    /// <summary>The six bytes every .npy file starts with: <c>\x93NUMPY</c>.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The largest header this reader accepts (NumPy itself refuses headers over 10,000 bytes by default).</summary>
    internal const int MaxHeaderLength = 1 << 20;

    /// <summary>Reads the .npy file at <paramref name="path"/> as a float32 matrix (see the remarks on <see cref="Npy"/>).</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The array: R × C for shape (R, C), 1 × N for shape (N,), 1 × 1 for a scalar.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid .npy file this reader supports; the message starts with the path and names the problem (bad magic, unsupported version, header that does not parse, Fortran order, object, structured or big-endian dtype, too many dimensions, a shape whose byte size does not match the file, truncated data).</exception>
    /// <exception cref="IOException">The file cannot be opened or read (for example <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static Matrix Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            return Read(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> to <paramref name="path"/> as a float32, C-order, (Rows, Columns) .npy file,
    /// atomically: the bytes go to a temporary file next to <paramref name="path"/>, which then replaces it.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="matrix">The values to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names an existing folder.</exception>
    /// <exception cref="IOException">The folder does not exist or the file cannot be written; no file is left at <paramref name="path"/> that was not there before.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public static void Write(string path, Matrix matrix)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(matrix);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new ArgumentException($"{path} is a folder, not a file.", nameof(path));
        }
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist.");
        }
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Write(stream, matrix);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            // After a successful move the temporary name no longer exists; otherwise this removes the partial file.
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the write already failed with a more useful exception.
        }
    }
}
