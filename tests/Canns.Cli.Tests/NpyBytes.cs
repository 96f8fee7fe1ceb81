using System.Buffers.Binary;
using System.Text;

namespace Canns.Cli.Tests;

/// <summary>.npy files of dtypes the library never writes, laid out as numpy.save lays them out.</summary>
internal static class NpyBytes
{
    public static byte[] Int64(string shape, params long[] values)
    {
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8 * i), values[i]);
        return File("<i8", shape, data);
    }

    public static byte[] Float64(string shape, params double[] values)
    {
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        return File("<f8", shape, data);
    }

    public static byte[] Bools(string shape, int count) => File("|b1", shape, new byte[count]);

    private static byte[] File(string descr, string shape, byte[] data)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        string header = dict + new string(' ', 64 - (10 + dict.Length + 1) % 64) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, (byte)(header.Length >> 8) };
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }
}
