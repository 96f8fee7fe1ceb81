using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns learn --rule oja|sanger|bcm --data X.npy --outputs K --out W.npy [--epochs 20] [--lr 0.001] [--seed 0] [--tau 100]</c>:
/// trains a K-output linear layer on the (samples, inputs) data and writes the float32 (K, inputs) weights.
/// </summary>
public sealed class LearnCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "learn";

    /// <inheritdoc />
    public string Summary => "learn a linear layer with Oja, Sanger or BCM and write its weights";

    /// <inheritdoc />
    public string Usage => "--rule oja|sanger|bcm --data X.npy --outputs K --out W.npy [--epochs 20] [--lr 0.001] [--seed 0] [--tau 100]";

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
        float tau = (float)arguments.Double("tau", 100);
        arguments.ThrowIfUnused();
        if (outputs < 1) throw new CliUsageException($"option --outputs is required and must be ≥ 1 (got {outputs}).");
        CliFiles.CheckOutput(outPath);

        var data = Npy.Read(dataPath);
        if (data.Rows == 0 || data.Columns == 0) throw new ArgumentException($"{dataPath} has shape ({data.Rows}, {data.Columns}): no samples or no inputs.");
        var layer = new LinearLayer(data.Columns, outputs, new LinearLayerOptions
        {
            Seed = seed, SlidingThreshold = rule == "bcm", ThresholdTimeConstant = tau,
        });
        LinearRuleTrainer trainer = rule switch
        {
            "oja" => new OjaTrainer(layer, new OjaOptions { LearningRate = lr, Epochs = epochs, Seed = seed }),
            "sanger" => new SangerTrainer(layer, new SangerOptions { LearningRate = lr, Epochs = epochs, Seed = seed }),
            _ => new BcmTrainer(layer, new BcmOptions { LearningRate = lr, Epochs = epochs, Seed = seed }),
        };
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(data);
        Npy.Write(outPath, new Matrix(outputs, data.Columns, layer.W.ToArray()));
        stdout.WriteLine($"learned {rule} weights ({outputs}, {data.Columns}) from {data.Rows} samples × {epochs} epochs → {outPath}");
        return CliApp.Success;
    }
}
