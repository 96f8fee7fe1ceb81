using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point holder for the benchmark switcher.</summary>
public partial class Program;
