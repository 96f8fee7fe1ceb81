using Canns.Models;

namespace Canns.Cli.Commands;

/// <summary>The checks every command applies to its input and output files, with messages that name the file.</summary>
internal static class CliFiles
{
    /// <summary>Reads a .npy file and rejects NaN or ±∞, naming the row and column of the first one.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid .npy array, or holds a non-finite value.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Matrix ReadFinite(string path, string what)
    {
        var m = Npy.Read(path);
        var data = m.AsSpan();
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                throw new InvalidDataException($"{path}: the {what} hold a non-finite value ({data[i]}) at row {i / m.Columns}, column {i % m.Columns}.");
            }
        }
        return m;
    }

    /// <summary>Fails fast, before any work, when <c>--out</c> cannot be a file: its folder is missing or it is a folder.</summary>
    /// <exception cref="CliUsageException">The output path is unusable.</exception>
    public static void CheckOutput(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new CliUsageException($"--out {path} is a folder; give a file name.");
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new CliUsageException($"--out {path}: the folder {folder} does not exist.");
        }
    }
}
