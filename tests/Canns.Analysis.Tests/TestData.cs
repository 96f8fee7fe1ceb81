using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests;

internal static class TestData
{
    public static Matrix RandomBipolar(int rows, int columns, int seed) => Patterns.RandomBipolar(rows, columns, seed);

    public static (AmariHopfieldNetwork Network, HebbianTrainer Trainer) Stored(Matrix patterns, UpdateMode mode = UpdateMode.Synchronous, float threshold = 0)
    {
        var network = new AmariHopfieldNetwork(patterns.Columns, new AmariHopfieldOptions { UpdateMode = mode, Threshold = threshold });
        var trainer = new HebbianTrainer(network);
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns);
        return (network, trainer);
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "canns-analysis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
