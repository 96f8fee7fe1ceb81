using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*'
if (args is ["cpu-time"]) Canns.Benchmarks.Foundation.CpuTimeCheck.Run(Console.Out); // see Foundation/CpuTimeCheck.cs
else if (args is ["quick", "bitgram", ..]) Canns.Benchmarks.Speed.BitGramQuick.Run(args[2..], Console.Out); // see Speed/BitGramQuick.cs
else if (args is ["quick", "recall", ..]) Canns.Benchmarks.Speed.RecallQuick.Run(args[2..], Console.Out); // see Speed/RecallQuick.cs
else if (args is ["quick", "builds", ..]) Canns.Benchmarks.Speed.BuildsQuick.Run(args[2..], Console.Out); // see Speed/BuildsQuick.cs
else if (args is ["quick", "async", ..]) Canns.Benchmarks.Speed.AsyncQuick.Run(args[2..], Console.Out); // see Speed/AsyncQuick.cs
else if (args is ["quick", ..]) Canns.Benchmarks.Speed.QuickTime.Run(args[1..], Console.Out); // see Speed/QuickTime.cs
else if (args is ["paired-storage"]) Canns.Benchmarks.Speed.PairedStorage.Run(Console.In, Console.Out); // see benchmarks/storage_paired.py
else if (args is ["memory", ..]) Canns.Benchmarks.Speed.MemoryCheck.Run(args[1..], Console.Out); // see Speed/MemoryCheck.cs
else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point holder for the benchmark switcher.</summary>
public partial class Program;
