using System.Globalization;
using Canns.Analysis;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns homeostatic --patterns P.npy --out DIR [--chunks 100] [--checkpoint-every 10] [--target-hz 10] [--noise 0.02]
/// [--seed 0] [--connectivity 0.2] [--weight-scale 0.5] [--steps 200] [--scaling-rate 0.02] [--learning-rate 0.002]
/// [--snapshot-every 0] [--cv-weight 0] [--cv-target 1] [--membrane-weight 0] [--membrane-target 0.8] [--neurons N] [--input-scale 0.5] [--input-threshold 0.5] [--resume]</c>: a long plasticity run toward a target rate on a recurrent spiking network of one
/// neuron per column of the (patterns, N) input currents; writes metrics.csv, parameters.json, the latest and best
/// checkpoints (and W every K chunks in weights/ with --snapshot-every K), and with --resume continues a stopped run exactly.
/// With --neurons N the network has N neurons and the patterns' columns are input channels, reaching the neurons through
/// trained input weights W_in (initially uniform in [0, --input-scale)); a channel counts as active above --input-threshold.
/// </summary>
public sealed class HomeostaticCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "homeostatic";

    /// <inheritdoc />
    public string Summary => "train a recurrent spiking network toward a target rate, with checkpoints and exact resume";

    /// <inheritdoc />
    public string Usage =>
        "--patterns P.npy --out DIR [--chunks 100] [--checkpoint-every 10] [--target-hz 10] [--noise 0.02] [--seed 0] [--connectivity 0.2] [--weight-scale 0.5] [--steps 200] [--scaling-rate 0.02] [--learning-rate 0.002] [--snapshot-every 0] [--cv-weight 0] [--cv-target 1] [--membrane-weight 0] [--membrane-target 0.8] [--neurons N] [--input-scale 0.5] [--input-threshold 0.5] [--resume]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        string patternsPath = arguments.String("patterns");
        string outDir = arguments.String("out");
        var run = new TrainingRunOptions
        {
            Chunks = arguments.Int("chunks", 100), CheckpointInterval = arguments.Int("checkpoint-every", 10),
            TargetRateHz = (float)arguments.Double("target-hz", 10), InputNoise = (float)arguments.Double("noise", 0.02),
            Seed = arguments.Int("seed", 0), WeightSnapshotInterval = arguments.Int("snapshot-every", 0),
            CvWeight = (float)arguments.Double("cv-weight", 0), CvTarget = (float)arguments.Double("cv-target", 1),
            MembraneWeight = (float)arguments.Double("membrane-weight", 0), MembraneTargetRatio = (float)arguments.Double("membrane-target", 0.8),
        };
        float connectivity = (float)arguments.Double("connectivity", 0.2), scale = (float)arguments.Double("weight-scale", 0.5);
        bool hasNeurons = arguments.OptionalString("neurons") is not null;
        bool hasInputScale = arguments.OptionalString("input-scale") is not null || arguments.OptionalString("input-threshold") is not null;
        int neurons = arguments.Int("neurons", 0);
        float inputScale = (float)arguments.Double("input-scale", 0.5), inputThreshold = (float)arguments.Double("input-threshold", 0.5);
        if (hasNeurons && neurons < 1) throw new ArgumentOutOfRangeException("neurons", neurons, "--neurons must be at least 1 (or left out: one neuron per column of the patterns).");
        if (hasInputScale && !hasNeurons)
        {
            // Without --neurons the patterns' columns are the neurons' currents: there are no input weights to scale.
            throw new CliUsageException("--input-scale and --input-threshold need --neurons N (without it the network has no input weights W_in).");
        }
        var plasticity = new PlasticityOptions
        {
            StepsPerPattern = arguments.Int("steps", 200), LearningRate = (float)arguments.Double("learning-rate", 0.002), WeightDecay = 0,
            Homeostasis = new HomeostasisOptions { TargetRateHz = run.TargetRateHz, ScalingRate = (float)arguments.Double("scaling-rate", 0.02) },
            TrainInputWeights = neurons > 0, InputActivityThreshold = inputThreshold,
        };
        bool hasCvTarget = arguments.OptionalString("cv-target") is not null, hasMembraneTarget = arguments.OptionalString("membrane-target") is not null;
        bool resume = arguments.Flag("resume");
        arguments.ThrowIfUnused();
        // A target without its weight would be silently ignored: its loss term is off (weight 0).
        if (hasCvTarget && run.CvWeight == 0) throw new CliUsageException("--cv-target applies only with --cv-weight above 0 (the weight of the CV term, off by default).");
        if (hasMembraneTarget && run.MembraneWeight == 0) throw new CliUsageException("--membrane-target applies only with --membrane-weight above 0 (the weight of the membrane term, off by default).");
        FlagNames.Checked(run.Validate, ("Chunks", "chunks"), ("CheckpointInterval", "checkpoint-every"), ("TargetRateHz", "target-hz"),
            ("InputNoise", "noise"), ("WeightSnapshotInterval", "snapshot-every"), ("CvWeight", "cv-weight"), ("CvTarget", "cv-target"),
            ("MembraneWeight", "membrane-weight"), ("MembraneTargetRatio", "membrane-target"));
        FlagNames.Checked(plasticity.Validate, ("StepsPerPattern", "steps"), ("LearningRate", "learning-rate"), ("Homeostasis.ScalingRate", "scaling-rate"),
            ("Homeostasis.TargetRateHz", "target-hz"), ("InputActivityThreshold", "input-threshold"));

        var patterns = CliFiles.ReadFinite(patternsPath, "patterns");
        if (patterns.Rows == 0 || patterns.Columns == 0) throw new ArgumentException($"{patternsPath} has shape ({patterns.Rows}, {patterns.Columns}): no patterns or no neurons.");
        var network = FlagNames.Checked(() => new RecurrentSpikingNetwork(neurons > 0 ? neurons : patterns.Columns, new RecurrentSpikingOptions
        {
            ConnectionProbability = connectivity, InitialWeightScale = scale, Seed = run.Seed,
            InputCount = neurons > 0 ? patterns.Columns : 0, InputWeightScale = inputScale,
        }), ("ConnectionProbability", "connectivity"), ("InitialWeightScale", "weight-scale"), ("InputWeightScale", "input-scale"));
        // The trainer checks the target against the network's time step (at most one spike per step).
        var trainer = FlagNames.Checked(() => new PlasticityTrainer(network, plasticity), ("Homeostasis.TargetRateHz", "target-hz"));
        trainer.ConfigureProgress(showProgress: false);
        var progress = new ChunkPrinter(m => stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chunk {m.Chunk}/{run.Chunks}: loss {m.Loss:F4}, mean rate {m.MeanRateHz:F2} Hz, silent {m.SilentFraction:P0}, mean w {m.MeanWeight:F4}")));
        // The run checks its noise against the patterns (InputNoise, typed as --noise) before it writes anything.
        var result = FlagNames.Checked(() => TrainingRun.Run(trainer, patterns, outDir, run, resume, progress), ("InputNoise", "noise"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(result.ResumedFromChunk > 0 ? $"resumed at chunk {result.ResumedFromChunk}; " : "")}best chunk {result.BestChunk} (loss {result.BestLoss:F4}); report {result.Report}; metrics {result.MetricsFile}; checkpoints {result.LatestCheckpoint}, {result.BestCheckpoint}"));
        return CliApp.Success;
    }

    private sealed class ChunkPrinter(Action<ChunkMetrics> write) : IProgress<ChunkMetrics>
    {
        public void Report(ChunkMetrics value) => write(value);
    }
}
