using System.Diagnostics;
using Canns.Models;
using Canns.Numerics;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

internal static class Int16Profile
{
    public static void Run(int n)
    {
        int p = n / 10;
        var x = SpeedData.Bipolar(p, n, 1);
        var sw = Stopwatch.StartNew();
        var gram = GC.AllocateUninitializedArray<float>(checked((int)PackedLower.Length(n)));
        Console.WriteLine($"alloc {sw.ElapsedMilliseconds} ms"); sw.Restart();
        BipolarGram.Compute(x, n, gram, 512, null, default);
        Console.WriteLine($"gram {sw.ElapsedMilliseconds} ms"); sw.Restart();
        BipolarGram.Compute(x, n, gram, 512, null, default);
        Console.WriteLine($"gram again {sw.ElapsedMilliseconds} ms"); sw.Restart();
        var net = new Int16HopfieldNetwork(n);
        Console.WriteLine($"net {sw.ElapsedMilliseconds} ms"); sw.Restart();
        var t = new Int16HebbianTrainer(net);
        t.ConfigureProgress(false);
        t.Train(x);
        Console.WriteLine($"train {sw.ElapsedMilliseconds} ms"); sw.Restart();
        t.Forget();
        t.Train(x);
        Console.WriteLine($"train again {sw.ElapsedMilliseconds} ms"); sw.Restart();
    }
}
