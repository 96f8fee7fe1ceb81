using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Canns.Models;

namespace Canns.Cli.Commands;

/// <summary>
/// TEMPORARY stand-in for <c>Canns.Models.IO.Npy</c> (being written in parallel): float32/float64, C order,
/// little-endian, two-dimensional .npy only. Delete this file when the real <c>Npy</c> lands; the commands call the
/// same <c>Npy.Read(path)</c> / <c>Npy.Write(path, matrix)</c>.
/// </summary>
internal static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static Matrix Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (!reader.ReadBytes(6).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path} is not a .npy file.");
        byte major = reader.ReadByte();
        reader.ReadByte();
        int headerLength = major == 1 ? reader.ReadUInt16() : checked((int)reader.ReadUInt32());
        string header = Encoding.Latin1.GetString(reader.ReadBytes(headerLength));
        var descr = Descr().Match(header);
        var shape = Shape().Match(header);
        if (!descr.Success || !shape.Success || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: unsupported .npy header {header.Trim()}.");
        }
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length != 2) throw new InvalidDataException($"{path}: expected a two-dimensional array, got shape ({shape.Groups[1].Value}).");
        var m = new Matrix(dims[0], dims[1]);
        var data = m.AsSpan();
        for (int k = 0; k < data.Length; k++)
        {
            data[k] = descr.Groups[1].Value == "<f4" ? reader.ReadSingle() : (float)reader.ReadDouble();
        }
        return m;
    }

    public static void Write(string path, Matrix matrix)
    {
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({matrix.Rows}, {matrix.Columns}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        string temp = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(Magic);
            writer.Write((byte)1);
            writer.Write((byte)0);
            writer.Write((ushort)header.Length);
            writer.Write(Encoding.Latin1.GetBytes(header));
            foreach (float v in matrix.AsSpan()) writer.Write(v);
        }
        File.Move(temp, path, overwrite: true);
    }

    [GeneratedRegex(@"'descr':\s*'(<f4|<f8)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex Shape();
}
