using System.Globalization;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns stdp --spikes S.npy --outputs M --out W.npy [--a-plus 0.005] [--a-minus 0.00525] [--trace-decay 0.95]
/// [--threshold 1] [--leak 0.9] [--w-min 0] [--w-max 1] [--seed 0]</c>: trains an M-neuron LIF layer (reset to 0, so --threshold
/// must be above 0) with STDP on the (steps, inputs) 0/1 raster and writes the float32 (M, inputs) weights.
/// </summary>
public sealed class StdpCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "stdp";

    /// <inheritdoc />
    public string Summary => "train a spiking layer with STDP on a spike raster and write its weights";

    /// <inheritdoc />
    public string Usage =>
        "--spikes S.npy --outputs M --out W.npy [--a-plus 0.005] [--a-minus 0.00525] [--trace-decay 0.95] [--threshold 1] [--leak 0.9] [--w-min 0] [--w-max 1] [--seed 0]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        string spikesPath = arguments.String("spikes");
        int outputs = arguments.Int("outputs", -1);
        string outPath = arguments.String("out");
        float aPlus = (float)arguments.Double("a-plus", 0.005);
        float aMinus = (float)arguments.Double("a-minus", 0.00525);
        float decay = (float)arguments.Double("trace-decay", 0.95);
        float threshold = (float)arguments.Double("threshold", 1);
        float leak = (float)arguments.Double("leak", 0.9);
        float wMin = (float)arguments.Double("w-min", 0);
        float wMax = (float)arguments.Double("w-max", 1);
        int seed = arguments.Int("seed", 0);
        arguments.ThrowIfUnused();
        if (outputs < 1) throw new CliUsageException($"option --outputs is required and must be ≥ 1 (got {outputs}).");
        CliFiles.CheckOutput(outPath);

        var spikes = Npy.Read(spikesPath);
        if (spikes.Rows == 0 || spikes.Columns == 0) throw new ArgumentException($"{spikesPath} has shape ({spikes.Rows}, {spikes.Columns}): no time steps or no inputs.");
        var options = new StdpOptions { APlus = aPlus, AMinus = aMinus, MinWeight = wMin, MaxWeight = wMax };
        (string, string)[] flags = [("APlus", "a-plus"), ("AMinus", "a-minus"), ("MinWeight", "w-min"), ("MaxWeight", "w-max"), ("Threshold", "threshold"),
            ("Leak", "leak")];
        // One flag sets both trace decays: checked here so the message says it once.
        if (!(decay > 0 && decay <= 1)) throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--trace-decay ({decay}) must be in (0, 1]."));
        FlagNames.Checked(options.Validate, flags);
        // The layer resets to 0, which no flag sets: its own message would name ResetPotential, which the user cannot type.
        if (float.IsFinite(threshold) && !(threshold > 0))
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--threshold ({threshold}) must be above 0, the potential a neuron is reset to after a spike."));
        }
        var layer = FlagNames.Checked(() => new SpikingLayer(spikes.Columns, outputs, new SpikingLayerOptions
        {
            Seed = seed, Threshold = threshold, Leak = leak, PreTraceDecay = decay, PostTraceDecay = decay,
            InitialWeightScale = Math.Max(0f, Math.Min(wMax - wMin, 1f / MathF.Sqrt(spikes.Columns))),
        }), flags);
        // Initial weights uniform in [w_min, w_min + scale), inside the bounds.
        foreach (ref float w in layer.W.AsSpan()) w = Math.Min(wMin + w, wMax);
        var trainer = new StdpTrainer(layer, options);
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(spikes);
        Npy.Write(outPath, new Matrix(outputs, spikes.Columns, layer.W.ToArray()));
        stdout.WriteLine($"trained STDP weights ({outputs}, {spikes.Columns}) on {spikes.Rows} steps, {trainer.LastPostSpikeCount} output spikes → {outPath}");
        return CliApp.Success;
    }
}
