using Canns.Cli.Rendering;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns store</c>: stores the (P, N) patterns of a .npy file in an N-neuron Hopfield network with a Hebbian-family
/// rule and writes the float32 (N, N) weights, <c>W = ±Σ_p (x_p − ρ)(x_p − ρ)ᵀ / P</c> with a zero diagonal by default.
/// </summary>
internal sealed class StoreCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "store";

    /// <inheritdoc />
    public string Summary => "store (P, N) patterns from a .npy file; write the (N, N) float32 weights";

    /// <inheritdoc />
    public string Usage => $"--patterns P.npy --out W.npy [--rule {string.Join("|", StorageRules.Names)}] [--no-center] [--keep-diagonal] [--no-normalize]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string patternsPath = arguments.String("patterns");
        string outPath = arguments.String("out");
        string rule = arguments.Choice("rule", "hebbian", StorageRules.Names);
        var options = new HebbianOptions
        {
            SubtractMean = !arguments.Flag("no-center"),
            ZeroDiagonal = !arguments.Flag("keep-diagonal"),
            NormalizeByPatternCount = !arguments.Flag("no-normalize"),
        };
        arguments.ThrowIfUnused();
        CliFiles.CheckOutput(outPath);

        var patterns = CliFiles.ReadFinite(patternsPath, "patterns");
        int n = patterns.Columns;
        if (patterns.Rows == 0 || n == 0)
        {
            throw new InvalidDataException($"{patternsPath}: the patterns have shape ({patterns.Rows}, {n}); storage needs at least one pattern of at least one neuron.");
        }
        if ((long)n * n > Array.MaxLength)
        {
            throw new InvalidDataException($"{patternsPath}: {n} neurons need a {n} × {n} weight matrix ({(long)n * n} elements), more than the {Array.MaxLength} a .NET array holds.");
        }
        var network = new AmariHopfieldNetwork(n);
        var trainer = StorageRules.Create(rule, network, options);
        ConsoleProgress.Run($"{rule} storage", progress =>
        {
            trainer.Progress = progress;
            trainer.Train(patterns);
            return 0;
        }, CliConsole.For(stdout));

        Npy.Write(outPath, new Matrix(n, n, network.W.ToArray()));
        stdout.WriteLine($"stored {patterns.Rows} patterns of {n} neurons ({rule}); wrote float32 ({n}, {n}) weights to {outPath}");
        return CliApp.Success;
    }
}
