using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Canns.Models;

public static partial class Npy
{
    /// <summary>Elements converted per read: large enough to amortise the call, small enough to stay in cache.</summary>
    private const int ChunkElements = 1 << 16;

    /// <summary>Reads one .npy array from <paramref name="stream"/>, which must end where the array ends (see the remarks on <see cref="Npy"/>).</summary>
    /// <param name="stream">A readable stream positioned at the magic string. Seekable streams are checked against their length before any allocation; other streams are read in chunks, so memory grows only with the bytes that actually arrive.</param>
    /// <returns>The array: R × C for shape (R, C), 1 × N for shape (N,), 1 × 1 for a scalar.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid .npy array this reader supports; the message names the problem (bad magic, unsupported version, header that does not parse, Fortran order, object, structured or big-endian dtype, too many dimensions, a shape whose byte size does not match the data, truncated data, trailing bytes).</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static Matrix Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(stream));

        var header = ReadHeader(stream);
        var shape = header.Shape;
        if (header.FortranOrder)
        {
            throw new InvalidDataException($"the array of shape {header.ShapeText} is stored in Fortran (column-major) order; save np.ascontiguousarray(a) instead.");
        }
        if (shape.Length > 2)
        {
            throw new InvalidDataException($"the array has {shape.Length} dimensions, shape {header.ShapeText}; only 0-, 1- and 2-dimensional arrays are read (reshape to 2-D first).");
        }

        // Sizes are multiplied out exactly (BigInteger), so a forged shape cannot overflow into a small number.
        BigInteger count = BigInteger.One;
        foreach (long d in shape) count *= d;
        BigInteger needed = count * header.DType.Size;
        if (stream.CanSeek)
        {
            long available = Math.Max(0, stream.Length - stream.Position);
            if (needed != available) throw SizeMismatch(header, needed, available);
        }
        long rows = shape.Length == 2 ? shape[0] : 1;
        long columns = shape.Length switch { 2 => shape[1], 1 => shape[0], _ => 1 };
        if (rows > int.MaxValue || columns > int.MaxValue || count > Array.MaxLength)
        {
            throw new InvalidDataException($"the array of shape {header.ShapeText} has {count} elements, more than a Matrix can hold ({Array.MaxLength} elements, at most {int.MaxValue} rows and columns).");
        }
        return stream.CanSeek
            ? ReadSeekable(stream, header, (int)rows, (int)columns)
            : ReadForwardOnly(stream, header, (int)rows, (int)columns, (long)needed);
    }

    private static Matrix ReadSeekable(Stream stream, NpyHeader header, int rows, int columns)
    {
        var matrix = new Matrix(rows, columns);
        var destination = matrix.AsSpan();
        int size = header.DType.Size;
        byte[]? buffer = header.DType.Kind == NpyKind.Float32 && BitConverter.IsLittleEndian ? null : new byte[ChunkElements * size];
        for (int start = 0; start < destination.Length; start += ChunkElements)
        {
            var part = destination.Slice(start, Math.Min(ChunkElements, destination.Length - start));
            if (buffer is null)
            {
                ReadExactly(stream, MemoryMarshal.AsBytes(part), header, start * 4L);
                continue;
            }
            var bytes = buffer.AsSpan(0, part.Length * size);
            ReadExactly(stream, bytes, header, (long)start * size);
            header.DType.Convert(bytes, part);
        }
        return matrix;
    }

    /// <summary>Buffers the data in chunks as it arrives, so a forged shape costs at most the bytes actually sent.</summary>
    private static Matrix ReadForwardOnly(Stream stream, NpyHeader header, int rows, int columns, long needed)
    {
        const int chunkBytes = 1 << 20;
        var chunks = new List<byte[]>();
        long received = 0;
        while (received < needed)
        {
            var chunk = new byte[(int)Math.Min(chunkBytes, needed - received)];
            int got = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            received += got;
            if (got < chunk.Length) throw SizeMismatch(header, needed, received);
            chunks.Add(chunk);
        }
        if (stream.ReadByte() >= 0) throw new InvalidDataException($"{TrailingText(header, needed)}.");

        var matrix = new Matrix(rows, columns);
        var destination = matrix.AsSpan();
        int size = header.DType.Size;
        var carry = new byte[size];
        int element = 0;
        // Elements may straddle chunk boundaries: convert whole elements, carrying a split one over.
        int carried = 0;
        foreach (var chunk in chunks)
        {
            int at = 0;
            if (carried > 0)
            {
                int take = size - carried;
                chunk.AsSpan(0, take).CopyTo(carry.AsSpan(carried));
                header.DType.Convert(carry, destination.Slice(element++, 1));
                at = take;
                carried = 0;
            }
            int whole = (chunk.Length - at) / size;
            header.DType.Convert(chunk.AsSpan(at, whole * size), destination.Slice(element, whole));
            element += whole;
            at += whole * size;
            carried = chunk.Length - at;
            chunk.AsSpan(at).CopyTo(carry);
        }
        return matrix;
    }

    private static NpyHeader ReadHeader(Stream stream)
    {
        Span<byte> preamble = stackalloc byte[8];
        int got = stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false);
        if (got < 6 || !preamble[..6].SequenceEqual(Magic))
        {
            string hint = got >= 2 && preamble[0] == (byte)'P' && preamble[1] == (byte)'K'
                ? " (it looks like a zip archive: a .npz file holds several arrays; extract one with np.load)"
                : "";
            throw new InvalidDataException($"bad magic: the data do not start with \\x93NUMPY, so this is not a .npy file{hint}.");
        }
        if (got < 8) throw new InvalidDataException("truncated: the file ends inside the .npy preamble.");
        byte major = preamble[6], minor = preamble[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new InvalidDataException($"unsupported .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are read.");
        }
        Span<byte> lengthBytes = stackalloc byte[major == 1 ? 2 : 4];
        if (stream.ReadAtLeast(lengthBytes, lengthBytes.Length, throwOnEndOfStream: false) < lengthBytes.Length)
        {
            throw new InvalidDataException("truncated: the file ends inside the .npy preamble.");
        }
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException($"the header claims {headerLength} bytes, more than the {MaxHeaderLength} this reader accepts.");
        }
        if (stream.CanSeek && headerLength > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"truncated: the header claims {headerLength} bytes but only {stream.Length - stream.Position} follow.");
        }
        var text = new byte[headerLength];
        if (stream.ReadAtLeast(text, text.Length, throwOnEndOfStream: false) < text.Length)
        {
            throw new InvalidDataException($"truncated: the file ends inside the {headerLength}-byte header.");
        }
        string decoded;
        try
        {
            decoded = major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text) : Encoding.Latin1.GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("the header does not parse: a format 3.0 header must be UTF-8 text.");
        }
        return NpyHeader.Parse(decoded);
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, NpyHeader header, long offset)
    {
        int got = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (got < destination.Length)
        {
            // The length check passed, so the stream shrank or lied about its length while being read.
            throw new InvalidDataException($"truncated: the data of shape {header.ShapeText} and dtype '{header.DType.Descr}' end after {offset + got} bytes.");
        }
    }

    private static InvalidDataException SizeMismatch(NpyHeader header, BigInteger needed, long available) =>
        needed > available
            ? new InvalidDataException($"truncated: shape {header.ShapeText} of dtype '{header.DType.Descr}' needs {needed} bytes of data but the file holds only {available}.")
            : new InvalidDataException($"{TrailingText(header, needed)}: the file holds {available} bytes of data.");

    private static string TrailingText(NpyHeader header, BigInteger needed) =>
        $"size mismatch: shape {header.ShapeText} of dtype '{header.DType.Descr}' needs {needed} bytes of data but more follow";
}
