using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Canns.Models;

public static partial class Npy
{
    /// <summary>NumPy pads the preamble plus header to a multiple of this, so the data start aligned.</summary>
    private const int HeaderAlignment = 64;

    /// <summary>The digits NumPy reserves for the first axis in a header it writes.</summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>
    /// Writes <paramref name="matrix"/> to <paramref name="stream"/> as a float32 (<c>'&lt;f4'</c>), C-order .npy array
    /// of shape (Rows, Columns), format 1.0, byte for byte as <c>numpy.save</c> writes it.
    /// </summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <param name="matrix">The values to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(matrix);
        if (!stream.CanWrite) throw new ArgumentException("The stream cannot be written.", nameof(stream));

        stream.Write(Preamble(matrix.Rows, matrix.Columns));
        var data = matrix.AsSpan();
        byte[]? buffer = BitConverter.IsLittleEndian ? null : new byte[ChunkElements * sizeof(float)];
        for (int start = 0; start < data.Length; start += ChunkElements)
        {
            var part = data.Slice(start, Math.Min(ChunkElements, data.Length - start));
            if (buffer is null)
            {
                stream.Write(MemoryMarshal.AsBytes(part));
                continue;
            }
            for (int i = 0; i < part.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), part[i]);
            stream.Write(buffer, 0, part.Length * sizeof(float));
        }
    }

    /// <summary>The magic, version 1.0, header length and the space-padded, newline-terminated header dict.</summary>
    internal static byte[] Preamble(int rows, int columns)
    {
        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        // NumPy leaves room for the first axis to grow to 21 digits, so the header can be rewritten in place.
        dict += new string(' ', Math.Max(0, GrowthAxisMaxDigits - rows.ToString(CultureInfo.InvariantCulture).Length));
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = HeaderAlignment - unpadded % HeaderAlignment;
        string header = dict + new string(' ', padding) + "\n";
        var bytes = new byte[Magic.Length + 4 + header.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, bytes.AsSpan(10));
        return bytes;
    }
}
