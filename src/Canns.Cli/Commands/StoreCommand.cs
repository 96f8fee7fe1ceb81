using Canns.Cli.Rendering;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns store</c>: stores the (P, N) patterns of a .npy file in an N-neuron Hopfield network with a Hebbian-family
/// rule and writes the float32 (N, N) weights, <c>W = ±Σ_p (x_p − ρ)(x_p − ρ)ᵀ / P</c> with a zero diagonal by default.
/// <c>--rule NAME</c> is resolved through the trainer factory, so a trainer registered by a <c>--plugin</c> assembly
/// is reachable by name.
/// </summary>
public sealed class StoreCommand : ICliCommand
{
    private readonly Func<long> _availableMemory;

    /// <summary>A store command that checks the memory a run needs against what the GC reports as available.</summary>
    public StoreCommand()
        : this(CliFiles.AvailableMemory)
    {
    }

    /// <summary>A store command with another source of the available memory in bytes; for tests.</summary>
    internal StoreCommand(Func<long> availableMemory) => _availableMemory = availableMemory;

    /// <inheritdoc />
    public string Name => "store";

    /// <inheritdoc />
    public string Summary => "store (P, N) patterns from a .npy file; write the (N, N) float32 weights";

    /// <inheritdoc />
    public string Usage => $"--patterns P.npy --out W.npy [--rule {string.Join("|", StorageRules.BuiltIn)}|NAME] [--plugin path/to/assembly.dll] [--no-center] [--keep-diagonal] [--no-normalize]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string patternsPath = arguments.String("patterns");
        string outPath = arguments.String("out");
        string rule = arguments.String("rule", "hebbian");
        string? plugin = arguments.OptionalString("plugin");
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
        // W, the Gram matrix the trainer keeps for incremental training, and the copy written out: 3 N² floats.
        CliFiles.RequireMemory(3L * n * n * sizeof(float), _availableMemory(), $"{patternsPath}: {n} neurons need",
            $"weights, Gram matrix and output, 3 × {n}² float32");
        if (string.Equals(rule, StorageRules.Int16Rule, StringComparison.OrdinalIgnoreCase))
        {
            // Built in, and no plugin can register the name; a plugin given alongside is still loaded, so a bad one is reported.
            if (plugin is not null) _ = StorageRules.Resolver(plugin, options);
            return Store16(patterns, options, outPath, stdout);
        }
        StorageRules.CheckFlags(rule, options);
        var network = new AmariHopfieldNetwork(n);
        var trainer = StorageRules.Create(rule, network, options, plugin);
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

    /// <summary>
    /// <c>--rule hebbian16</c>: stores the ±1 patterns in an <see cref="Int16HopfieldNetwork"/> (16-bit couplings) and
    /// writes its W as float32, row by row.
    /// </summary>
    private static int Store16(Matrix patterns, HebbianOptions options, string outPath, TextWriter stdout)
    {
        if (!options.ZeroDiagonal)
        {
            throw new CliUsageException("--keep-diagonal does not apply to --rule hebbian16: its network has no self-coupling.");
        }
        int n = patterns.Columns;
        var network = new Int16HopfieldNetwork(n);
        var trainer = new Int16HebbianTrainer(network, new Int16HebbianOptions
        {
            SubtractMean = options.SubtractMean,
            NormalizeByPatternCount = options.NormalizeByPatternCount,
        });
        ConsoleProgress.Run($"{StorageRules.Int16Rule} storage", progress =>
        {
            trainer.Progress = progress;
            trainer.Train(patterns);
            return 0;
        }, CliConsole.For(stdout));
        var w = new Matrix(n, n);
        for (int i = 0; i < n; i++) network.CopyWeightRow(i, w.Row(i));
        Npy.Write(outPath, w);
        stdout.WriteLine($"stored {patterns.Rows} patterns of {n} neurons ({StorageRules.Int16Rule}, 16-bit couplings); wrote float32 ({n}, {n}) weights to {outPath}");
        return CliApp.Success;
    }
}
