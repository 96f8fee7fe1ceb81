using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns learn --rule oja|sanger|bcm --data X.npy --outputs K --out W.npy [--epochs 20] [--lr 0.001] [--seed 0] [--tau 100]</c>:
/// trains a K-output linear layer on the (samples, inputs) data and writes the float32 (K, inputs) weights.
/// <c>--tau</c>, the time constant of the sliding threshold, applies to <c>bcm</c> only.
/// </summary>
public sealed class LearnCommand : ICliCommand
{
    private readonly Func<long> _availableMemory;

    /// <summary>A learn command that checks the memory the layer needs against what the GC reports as available.</summary>
    public LearnCommand()
        : this(CliFiles.AvailableMemory)
    {
    }

    /// <summary>A learn command with another source of the available memory in bytes; for tests.</summary>
    internal LearnCommand(Func<long> availableMemory) => _availableMemory = availableMemory;

    /// <inheritdoc />
    public string Name => "learn";

    /// <inheritdoc />
    public string Summary => "learn a linear layer with Oja, Sanger or BCM and write its weights";

    /// <inheritdoc />
    public string Usage => "--rule oja|sanger|bcm --data X.npy --outputs K --out W.npy [--epochs 20] [--lr 0.001] [--seed 0] [--tau 100 (bcm only)]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        string rule = arguments.Choice("rule", "oja", "oja", "sanger", "bcm");
        string dataPath = arguments.String("data");
        int outputs = arguments.Int("outputs", -1);
        string outPath = arguments.String("out");
        int epochs = arguments.Int("epochs", 20);
        float lr = (float)arguments.Double("lr", 0.001);
        int seed = arguments.Int("seed", 0);
        bool hasTau = arguments.OptionalString("tau") is not null;
        float tau = (float)arguments.Double("tau", 100);
        arguments.ThrowIfUnused();
        if (hasTau && rule != "bcm")
        {
            // τ is the time constant of BCM's sliding threshold; the other rules have none and would ignore it.
            throw new CliUsageException($"--tau applies only to --rule bcm (the time constant of its sliding threshold), not to --rule {rule}.");
        }
        if (outputs < 1) throw new CliUsageException($"option --outputs is required and must be ≥ 1 (got {outputs}).");
        CliFiles.CheckOutput(outPath);

        var data = Npy.Read(dataPath);
        if (data.Rows == 0 || data.Columns == 0) throw new ArgumentException($"{dataPath} has shape ({data.Rows}, {data.Columns}): no samples or no inputs.");
        // W, the trainer's working copy and the copy written out: 3 K × inputs floats.
        CliFiles.RequireMemory(3L * outputs * data.Columns * sizeof(float), _availableMemory(), $"--outputs {outputs}: a layer of {outputs} × {data.Columns} needs",
            $"weights, working copy and output, 3 × {outputs} × {data.Columns} float32");
        (string, string)[] flags = [("LearningRate", "lr"), ("Epochs", "epochs"), ("ThresholdTimeConstant τ", "tau")];
        var layer = FlagNames.Checked(() => new LinearLayer(data.Columns, outputs, new LinearLayerOptions
        {
            Seed = seed, SlidingThreshold = rule == "bcm", ThresholdTimeConstant = tau,
        }), flags);
        LinearRuleTrainer trainer = FlagNames.Checked<LinearRuleTrainer>(() => rule switch
        {
            "oja" => new OjaTrainer(layer, new OjaOptions { LearningRate = lr, Epochs = epochs, Seed = seed }),
            "sanger" => new SangerTrainer(layer, new SangerOptions { LearningRate = lr, Epochs = epochs, Seed = seed }),
            _ => new BcmTrainer(layer, new BcmOptions { LearningRate = lr, Epochs = epochs, Seed = seed }),
        }, flags);
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(data);
        Npy.Write(outPath, new Matrix(outputs, data.Columns, layer.W.ToArray()));
        stdout.WriteLine($"learned {rule} weights ({outputs}, {data.Columns}) from {data.Rows} samples × {epochs} epochs → {outPath}");
        return CliApp.Success;
    }
}
