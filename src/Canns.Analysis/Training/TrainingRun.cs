using System.Globalization;
using System.Text;
using Canns.Analysis.Reports;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>
/// A long plasticity training run toward target rates, in chunks, with a metrics CSV, the latest and the best
/// checkpoints, and exact resume: a run stopped anywhere and resumed from its latest checkpoint ends with the same
/// weights, state and metrics as one that never stopped.
/// </summary>
/// <remarks>
/// <para>Each chunk is one <see cref="PlasticityTrainer.Train(Matrix, CancellationToken)"/> call over the patterns plus
/// Gaussian input noise drawn from the chunk's own seeded stream, then an evaluation: every clean pattern presented
/// through <see cref="PlasticityTrainer.Predict"/> (no learning; the state is restored), each neuron's rate averaged
/// over the patterns, and the loss <c>mean_i((ν_i − ν_target)/ν_target)² + α·(fraction of silent neurons)</c> (ν_target
/// the inhibitory neurons' own with <see cref="TrainingRunOptions.InhibitoryTargetRateHz"/>; weights and a regularity
/// term with <see cref="TrainingRunOptions.RateWeight"/> and <see cref="TrainingRunOptions.CvWeight"/>, a membrane term
/// with <see cref="TrainingRunOptions.MembraneWeight"/>). The
/// homeostatic scaling of the trainer's options is what pulls the rates toward their target; the loss measures it.</para>
/// <para>Files in the output folder: <c>metrics.csv</c> (one row a chunk, rewritten on resume up to the checkpoint),
/// <c>checkpoints/latest</c> (every <see cref="TrainingRunOptions.CheckpointInterval"/> chunks and after the last) and
/// <c>checkpoints/best</c> (whenever the loss improves; see <see cref="PlasticityTrainer.SaveCheckpoint"/>) and
/// <c>report.html</c> (loss, rates and weights over the chunks, redrawn with every latest checkpoint), and with
/// <see cref="TrainingRunOptions.WeightSnapshotInterval"/> snapshots of W in <c>weights/</c>; <c>initial_state/</c> holds
/// the untrained network's W and its evaluation (the baseline of the loss). A fresh run (without
/// <c>resume</c>, or with nothing to resume) first deletes the checkpoints, snapshots and report of any run the folder held.</para>
/// <para>Metrics of your own (<see cref="TrainingRunOptions.Metrics"/>) are computed after the run's evaluation and
/// written as extra columns; <see cref="TrainingRunOptions.BestBy"/> makes one of them pick the best checkpoint. A metric
/// that throws stops the run with its exception, and one that returns NaN or ∞ stops it with an
/// <see cref="InvalidOperationException"/> naming it and the chunk: either way before that chunk's row or checkpoints are
/// written, and the trainer is put back as the last finished chunk left it, so the trainer and the files agree, as after
/// a cancellation.</para>
/// <para><c>parameters.json</c> records what the run depends on: its options, the trainer's options, the network's size,
/// seed and dynamics, and the patterns' shape and SHA-256. Every checkpoint carries the same, and a resume with anything
/// different is refused, naming each difference, before the checkpoint is loaded.</para>
/// </remarks>
public static class TrainingRun
{
    private const string MetricsName = "metrics.csv";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    /// <summary>The run's own columns of <c>metrics.csv</c>; the custom metrics (<see cref="TrainingRunOptions.Metrics"/>) follow them.</summary>
    internal static readonly string[] BuiltInColumns = ["chunk", "loss", "rate_loss", "silent_fraction", "mean_rate_hz", "rate_std_hz", "mean_weight", "weight_std", "steps"];

    /// <summary>The columns of the regularity term, after the built-in ones when <see cref="TrainingRunOptions.CvWeight"/> is above 0.</summary>
    internal static readonly string[] CvColumns = ["cv_loss", "mean_cv"];

    /// <summary>The columns of the membrane term, after the regularity term's when <see cref="TrainingRunOptions.MembraneWeight"/> is above 0.</summary>
    internal static readonly string[] MembraneColumns = ["membrane_loss", "mean_membrane_ratio"];

    /// <summary>Names a metric of your own may not take.</summary>
    internal static IEnumerable<string> ReservedColumns => BuiltInColumns.Concat(CvColumns).Concat(MembraneColumns);

    /// <summary>Runs (or with <paramref name="resume"/>, continues) the training run in <paramref name="outputDirectory"/>.</summary>
    /// <param name="trainer">The trainer, on a network built with the same options and seed as the run's (a checkpoint only loads into the same network).</param>
    /// <param name="patterns">The clean patterns, one row of <see cref="RecurrentSpikingNetwork.InputSize"/> values (a current per neuron, or with input weights an activity per input channel) per pattern.</param>
    /// <param name="outputDirectory">The run's folder.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="resume">Continue from <c>checkpoints/latest</c> when it exists (a fresh run otherwise).</param>
    /// <param name="progress">Receives each chunk's metrics as it finishes.</param>
    /// <param name="cancellationToken">Stops the run; the chunk in progress is rolled back and the files keep the last finished chunk's rows and the last checkpoint.</param>
    /// <exception cref="ArgumentException">The patterns are empty, not <see cref="RecurrentSpikingNetwork.InputSize"/> wide or not finite, or the latest checkpoint was written with other options, other trainer options, another network (size, seed or dynamics) or other patterns; nothing is loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <see cref="TrainingRunOptions.InputNoise"/> can carry a pattern's value beyond float32 (|x| + 8.572σ &gt; float.MaxValue).</exception>
    /// <exception cref="InvalidDataException">A checkpoint or the metrics file is corrupted or does not match.</exception>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TrainingRunResult Run(PlasticityTrainer trainer, Matrix patterns, string outputDirectory, TrainingRunOptions? options = null,
        bool resume = false, IProgress<ChunkMetrics>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(patterns);
        // The run works on its own copy: options (or their list of metrics) changed while it runs, by a metric or a
        // progress handler, would otherwise change the columns or the chunks after the header and the checks.
        options = (options ?? new TrainingRunOptions()).Clone();
        options.Validate();
        int width = trainer.Model.InputSize;
        if (patterns.Rows == 0) throw new ArgumentException("patterns has no rows.", nameof(patterns));
        if (patterns.Columns != width)
        {
            throw new ArgumentException($"patterns has {patterns.Columns} columns but the network has {width} {(trainer.Model.InputWeights is null ? "neurons" : "input channels")}.", nameof(patterns));
        }
        Guard.ThrowIfNotFinite(patterns, nameof(patterns));
        ThrowIfNoiseCanOverflow(patterns, options.InputNoise);

        string full = ReportOutput.EnsureWritable(outputDirectory);
        string metricsFile = Path.Combine(full, MetricsName);
        string latest = Path.Combine(full, "checkpoints", "latest"), best = Path.Combine(full, "checkpoints", "best");
        string describe = options.Describe();
        bool cv = options.CvWeight > 0, membrane = options.MembraneWeight > 0;
        string[] header = [.. BuiltInColumns, .. cv ? CvColumns : [], .. membrane ? MembraneColumns : [], .. options.Metrics.Select(m => m.Name)];
        int bestColumn = options.BestBy == "loss" ? -1 : options.Metrics.Select(m => m.Name).ToList().IndexOf(options.BestBy);
        double Criterion(ChunkMetrics m) => bestColumn < 0 ? m.Loss : m.Custom[bestColumn];
        bool Better(double value, double best) => options.BestIsHighest ? value > best : value < best;
        var metrics = new List<ChunkMetrics>();
        int start = 0, bestChunk = 0;
        double bestValue = options.BestIsHighest ? double.NegativeInfinity : double.PositiveInfinity;
        string trainerLine = RunParameters.Trainer(trainer), networkLine = RunParameters.Network(trainer.Model), patternsLine = RunParameters.Patterns(patterns);
        if (resume && Directory.Exists(latest))
        {
            // Everything the run depends on, and the metrics file, are read and checked before the checkpoint loads, so a
            // refused resume leaves the trainer as it was (the load itself checks everything before it changes anything).
            var meta = PlasticityCheckpoint.ReadMetadata(latest);
            CheckSame(Field(meta, "options", latest), describe, "options", full, nameof(options));
            CheckSame(meta.GetValueOrDefault("trainer"), trainerLine, "trainer options", full, nameof(trainer));
            CheckSame(meta.GetValueOrDefault("network"), networkLine, "network", full, nameof(trainer));
            CheckSame(meta.GetValueOrDefault("patterns"), patternsLine, "patterns", full, nameof(patterns));
            start = IntField(meta, "chunk", latest, 0, options.Chunks);
            // A checkpoint after chunk 1 or later always has a best chunk.
            bestChunk = IntField(meta, "bestChunk", latest, start > 0 ? 1 : 0, start);
            NumberField(meta, "bestLoss", latest);
            metrics.AddRange(ReadMetrics(metricsFile, start, header, cv, membrane));
            // The rows are written round-trip exact, so the best of them is the checkpoint's best chunk unless one of the
            // files was edited; going on from another chunk's value would pick another best than the uninterrupted run.
            int bestInFile = 0;
            for (int k = 0; k < metrics.Count; k++)
            {
                if (Better(Criterion(metrics[k]), bestValue)) (bestInFile, bestValue) = (k + 1, Criterion(metrics[k]));
            }
            if (bestInFile != bestChunk)
            {
                throw new InvalidDataException($"{latest}: the checkpoint's best chunk is {bestChunk}, but {metricsFile} has the best {options.BestBy} of chunks 1–{start} at chunk {bestInFile}.");
            }
            trainer.LoadCheckpoint(latest);
        }
        int resumedFrom = start;
        string report = Path.Combine(full, TrainingRunReport.FileName);
        // The untrained network, evaluated as every chunk will be (no learning; the state is restored): the baseline.
        // First, so a metric of yours that fails on it leaves the folder's previous run whole.
        ChunkMetrics? initial = start == 0 ? Evaluate(trainer, patterns, options, 0) : null;
        if (start == 0)
        {
            // A fresh run replaces the run the folder held: its checkpoints, snapshots and report beside this run's metrics
            // would mix two runs (a later resume would load the old latest checkpoint with the new rows, or refuse the new options).
            foreach (string stale in (string[])[latest, best, Path.Combine(full, "weights"), Path.Combine(full, InitialStateFolder)])
            {
                if (Directory.Exists(stale)) Directory.Delete(stale, recursive: true);
            }
            File.Delete(report);
        }
        if (initial is not null)
        {
            WriteInitialState(trainer, full, initial, header);
            if (options.WeightSnapshotInterval > 0) Snapshot(trainer, full, 0);
        }
        RunParameters.Write(full, [("run", describe), ("trainer", trainerLine), ("network", networkLine), ("patterns", patternsLine)]);
        // Through a temporary file moved into place, not truncated and rewritten: a resume stopped here must leave the
        // rows the checkpoint needs, or the run could never be resumed again.
        ReportOutput.WriteAll(full, [(MetricsName, Text.Csv(header, metrics.Select(Row)))]);

        for (int chunk = start + 1; chunk <= options.Chunks; chunk++)
        {
            // A chunk is trained and evaluated whole or not at all: if a metric of yours fails on it, the trainer goes back
            // to where the last finished chunk left it, as the files are.
            var beforeChunk = trainer.Capture();
            ChunkMetrics m;
            try
            {
                trainer.Train(Noisy(patterns, options, chunk), cancellationToken);
                m = Evaluate(trainer, patterns, options, chunk);
            }
            catch
            {
                trainer.Restore(beforeChunk);
                throw;
            }
            metrics.Add(m);
            File.AppendAllText(metricsFile, string.Join(",", Row(m)) + "\n", Utf8);
            if (Better(Criterion(m), bestValue))
            {
                (bestChunk, bestValue) = (chunk, Criterion(m));
                trainer.SaveCheckpoint(best, Metadata(chunk, m.Loss, bestChunk, m.Loss, describe, options.Seed, trainerLine, networkLine, patternsLine));
            }
            if (options.WeightSnapshotInterval > 0 && (chunk % options.WeightSnapshotInterval == 0 || chunk == options.Chunks)) Snapshot(trainer, full, chunk);
            if (chunk % options.CheckpointInterval == 0 || chunk == options.Chunks)
            {
                trainer.SaveCheckpoint(latest, Metadata(chunk, m.Loss, bestChunk, metrics[bestChunk - 1].Loss, describe, options.Seed, trainerLine, networkLine, patternsLine));
                TrainingRunReport.Write(full, metrics, options, bestChunk, trainer);
            }
            progress?.Report(m);
        }
        if (metrics.Count > 0 && (resumedFrom == options.Chunks || !File.Exists(report))) report = TrainingRunReport.Write(full, metrics, options, bestChunk, trainer);
        double bestLoss = bestChunk > 0 ? metrics[bestChunk - 1].Loss : double.PositiveInfinity;
        return new TrainingRunResult(metrics, bestChunk, bestLoss, resumedFrom, metricsFile, latest, best, report) { Initial = initial };
    }

    /// <summary>The folder of the untrained network's W (<c>W.npy</c>) and evaluation (<c>metrics.json</c>).</summary>
    internal const string InitialStateFolder = "initial_state";

    /// <summary>Writes <c>initial_state/W.npy</c> (and <c>W_in.npy</c> with input weights) and <c>initial_state/metrics.json</c> (the columns of <c>metrics.csv</c>, for chunk 0).</summary>
    private static void WriteInitialState(PlasticityTrainer trainer, string folder, ChunkMetrics initial, string[] header)
    {
        string directory = Path.Combine(folder, InitialStateFolder);
        Directory.CreateDirectory(directory);
        foreach (var parameter in trainer.Model.Parameters) Npy.Write(Path.Combine(directory, parameter.Name + ".npy"), ToMatrix(parameter));
        var values = Row(initial).ToArray();
        string json = Json.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", "training-run-initial-state");
            for (int k = 0; k < header.Length; k++) w.WriteNumber(header[k], double.Parse(values[k], CultureInfo.InvariantCulture));
            w.WriteEndObject();
        });
        ReportOutput.WriteAll(directory, [("metrics.json", json)]);
    }

    /// <summary>The file of a parameter's snapshot (W, or W_in) after <paramref name="chunk"/> chunks (0: before the first).</summary>
    internal static string SnapshotPath(string folder, int chunk, string parameter = "W") =>
        Path.Combine(folder, "weights", string.Create(CultureInfo.InvariantCulture, $"{parameter}_chunk_{chunk:D4}.npy"));

    /// <summary>A copy of a parameter as a matrix of its shape, for an .npy file.</summary>
    private static Matrix ToMatrix(ParamState parameter) => new(parameter.Rows, parameter.Columns, parameter.ToArray());

    /// <summary>Writes the snapshot of each of the network's parameters (W, and W_in with input weights) after <paramref name="chunk"/> chunks, each file whole or not at all.</summary>
    private static void Snapshot(PlasticityTrainer trainer, string folder, int chunk)
    {
        Directory.CreateDirectory(Path.Combine(folder, "weights"));
        foreach (var parameter in trainer.Model.Parameters)
        {
            Npy.Write(SnapshotPath(folder, chunk, parameter.Name), ToMatrix(parameter));
        }
    }

    /// <summary>
    /// The largest |z| <see cref="Noisy"/> draws: Box–Muller's √(−2 ln u) with u = 1 − a uniform of 53 bits, so u ≥ 2⁻⁵³
    /// and |z| ≤ √(106 ln 2) ≈ 8.572.
    /// </summary>
    private static readonly double LargestNormal = Math.Sqrt(-2 * Math.Log(1.0 / (1UL << 53)));

    /// <summary>
    /// Refuses noise that can carry a pattern's value past float32 (|x| + σ·8.572 beyond float.MaxValue): a chunk would
    /// otherwise fail far into the run, blaming a non-finite value in data the caller never passed.
    /// </summary>
    private static void ThrowIfNoiseCanOverflow(Matrix patterns, float noise)
    {
        if (noise == 0) return;
        double largest = 0;
        foreach (float x in patterns.AsSpan()) largest = Math.Max(largest, Math.Abs((double)x));
        if (largest + LargestNormal * noise > float.MaxValue)
        {
            throw new ArgumentOutOfRangeException("options",
                $"InputNoise ({noise}) can carry the patterns (largest |x| = {largest}) beyond float32: |x| + {LargestNormal:F3} σ exceeds {float.MaxValue}. Lower the noise or scale the patterns.");
        }
    }

    /// <summary>The patterns plus N(0, σ²) noise from the stream of (seed, chunk).</summary>
    internal static Matrix Noisy(Matrix patterns, TrainingRunOptions options, int chunk)
    {
        var noisy = patterns.Clone();
        if (options.InputNoise == 0) return noisy;
        var random = new SplitMix64Random(unchecked(options.Seed * -1640531535 + chunk));
        var span = noisy.AsSpan();
        for (int k = 0; k < span.Length; k++)
        {
            // Box–Muller, one normal per pair of uniforms; 1 − u keeps the logarithm finite.
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            span[k] += (float)(options.InputNoise * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        return noisy;
    }

    private static ChunkMetrics Evaluate(PlasticityTrainer trainer, Matrix patterns, TrainingRunOptions options, int chunk)
    {
        int n = trainer.Model.Size;
        var rates = new double[n];
        double cvSum = 0, cvSquares = 0, ratioSum = 0, excessSquares = 0;
        long cvCount = 0;
        double reset = trainer.Model.ResetPotential, span = trainer.Model.Threshold - reset;
        for (int p = 0; p < patterns.Rows; p++)
        {
            var response = trainer.Predict(patterns.Row(p));
            for (int i = 0; i < n; i++) rates[i] += response.RatesHz[i] / patterns.Rows;
            if (options.MembraneWeight > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    double r = (response.MembraneMean[i] + response.MembraneStandardDeviation[i] - reset) / span;
                    double excess = Math.Max(0, r - options.MembraneTargetRatio);
                    ratioSum += r;
                    excessSquares += excess * excess;
                }
            }
            foreach (double c in response.IntervalCv)
            {
                if (double.IsNaN(c)) continue;
                cvSum += c;
                cvSquares += (c - options.CvTarget) * (c - options.CvTarget);
                cvCount++;
            }
        }
        // Each neuron against its population's target: the inhibitory ones (the last) may have their own.
        int firstInhibitory = n - trainer.Model.InhibitoryCount;
        double rateLoss = rates.Select((r, i) =>
        {
            double target = i >= firstInhibitory && options.InhibitoryTargetRateHz is { } hz ? hz : options.TargetRateHz;
            return (r - target) / target * ((r - target) / target);
        }).Average();
        double silent = rates.Count(r => r == 0) / (double)n;
        double mean = rates.Average();
        double std = Math.Sqrt(rates.Average(r => (r - mean) * (r - mean)));
        var snapshot = trainer.Snapshot();
        var custom = new double[options.Metrics.Count];
        for (int k = 0; k < custom.Length; k++)
        {
            var metric = options.Metrics[k];
            custom[k] = metric.Evaluate(trainer);
            if (!double.IsFinite(custom[k])) throw new InvalidOperationException($"The metric '{metric.Name}' returned {custom[k]} after chunk {chunk}; metrics must be finite.");
        }
        double? cvLoss = options.CvWeight > 0 ? (cvCount == 0 ? 0 : cvSquares / cvCount) : null;
        double? meanCv = options.CvWeight > 0 ? (cvCount == 0 ? 0 : cvSum / cvCount) : null;
        long membraneCount = (long)n * patterns.Rows;
        double? membraneLoss = options.MembraneWeight > 0 ? (membraneCount == 0 ? 0 : excessSquares / membraneCount) : null;
        double? meanRatio = options.MembraneWeight > 0 ? (membraneCount == 0 ? 0 : ratioSum / membraneCount) : null;
        // Without the optional terms the loss is exactly rate + α·silent, as before they existed.
        double loss = (options.RateWeight == 1f ? rateLoss : options.RateWeight * rateLoss) + (cvLoss is { } c2 ? options.CvWeight * c2 : 0)
            + (membraneLoss is { } v2 ? options.MembraneWeight * v2 : 0) + options.SilentPenalty * silent;
        return new ChunkMetrics(chunk, loss, rateLoss, silent, mean, std, snapshot.MeanWeight, snapshot.WeightStandardDeviation, snapshot.Step)
        {
            Custom = custom, CvLoss = cvLoss, MeanCv = meanCv, MembraneLoss = membraneLoss, MeanMembraneRatio = meanRatio,
        };
    }

    private static Dictionary<string, string> Metadata(int chunk, double loss, int bestChunk, double bestLoss, string options, int seed,
        string trainer, string network, string patterns) => new()
    {
        ["chunk"] = Text.Data(chunk), ["loss"] = Text.Data(loss), ["bestChunk"] = Text.Data(bestChunk), ["bestLoss"] = Text.Data(bestLoss),
        ["options"] = options, ["seed"] = Text.Data(seed), ["trainer"] = trainer, ["network"] = network, ["patterns"] = patterns,
    };

    /// <summary>
    /// Refuses a resume whose options, trainer options, network or patterns differ from the checkpoint's line
    /// <paramref name="stored"/> (it could not continue the run exactly), naming every difference. A line the checkpoint
    /// does not have (written before these were stored) passes.
    /// </summary>
    private static void CheckSame(string? stored, string current, string what, string folder, string paramName)
    {
        if (stored is null) return;
        var differences = RunParameters.Differences(stored, current);
        if (differences.Count > 0)
        {
            throw new ArgumentException($"The run in {folder} was started with other {what}, so it cannot be resumed exactly: {string.Join("; ", differences)}.", paramName);
        }
    }

    private static string Field(IReadOnlyDictionary<string, string> meta, string key, string source) =>
        meta.TryGetValue(key, out string? value) ? value : throw new InvalidDataException($"{source}: the checkpoint has no '{key}' (it was not written by a training run).");

    /// <summary>A whole-number metadata field in [min, max]; a corrupted one is an error that names the checkpoint and the field.</summary>
    private static int IntField(IReadOnlyDictionary<string, string> meta, string key, string source, int min, int max)
    {
        string text = Field(meta, key, source);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value : throw new InvalidDataException($"{source}: the checkpoint's '{key}' is '{text}', not a whole number in [{min}, {max}].");
    }

    /// <summary>A number metadata field that is not NaN; a corrupted one is an error that names the checkpoint and the field.</summary>
    private static double NumberField(IReadOnlyDictionary<string, string> meta, string key, string source)
    {
        string text = Field(meta, key, source);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value)
            ? value : throw new InvalidDataException($"{source}: the checkpoint's '{key}' is '{text}', not a number.");
    }

    private static IEnumerable<string> Row(ChunkMetrics m) =>
    [
        Text.Data(m.Chunk), Text.Data(m.Loss), Text.Data(m.RateLoss), Text.Data(m.SilentFraction), Text.Data(m.MeanRateHz),
        Text.Data(m.RateStandardDeviationHz), Text.Data(m.MeanWeight), Text.Data(m.WeightStandardDeviation), Text.Data(m.Steps),
        .. m.CvLoss is { } cvLoss ? [Text.Data(cvLoss), Text.Data(m.MeanCv!.Value)] : Array.Empty<string>(),
        .. m.MembraneLoss is { } membraneLoss ? [Text.Data(membraneLoss), Text.Data(m.MeanMembraneRatio!.Value)] : Array.Empty<string>(),
        .. m.Custom.Select(Text.Data),
    ];

    /// <summary>The first <paramref name="chunks"/> rows of the metrics file (a crashed run may have written more).</summary>
    private static List<ChunkMetrics> ReadMetrics(string path, int chunks, string[] header, bool cv, bool membrane)
    {
        var rows = new List<ChunkMetrics>();
        if (chunks == 0) return rows;
        string[] lines = File.Exists(path) ? File.ReadAllLines(path) : throw new InvalidDataException($"{path}: missing, but the checkpoint is at chunk {chunks}.");
        if (lines.Length == 0 || lines[0] != string.Join(",", header))
        {
            throw new InvalidDataException($"{path}: the header is '{(lines.Length == 0 ? "" : lines[0])}', not '{string.Join(",", header)}'.");
        }
        int membraneColumn = BuiltInColumns.Length + (cv ? CvColumns.Length : 0);
        int customColumn = membraneColumn + (membrane ? MembraneColumns.Length : 0);
        for (int line = 1; line < lines.Length && rows.Count < chunks; line++)
        {
            string[] f = lines[line].Split(',');
            try
            {
                if (f.Length != header.Length) throw new FormatException($"{f.Length} fields instead of {header.Length}");
                // The run writes only finite values; a NaN or ∞ here would corrupt the choice of the best chunk and the report.
                double D(int i) => double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
                    ? value : throw new FormatException($"'{header[i]}' is '{f[i]}', not a finite number");
                // TryParse, not Parse: a hand-edited value out of range would throw an OverflowException, not a FormatException.
                int chunk = int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int c)
                    ? c : throw new FormatException($"'{header[0]}' is '{f[0]}', not a 32-bit integer");
                long steps = long.TryParse(f[8], NumberStyles.Integer, CultureInfo.InvariantCulture, out long st)
                    ? st : throw new FormatException($"'{header[8]}' is '{f[8]}', not a 64-bit integer");
                var m = new ChunkMetrics(chunk, D(1), D(2), D(3), D(4), D(5), D(6), D(7), steps)
                {
                    CvLoss = cv ? D(BuiltInColumns.Length) : null,
                    MeanCv = cv ? D(BuiltInColumns.Length + 1) : null,
                    MembraneLoss = membrane ? D(membraneColumn) : null,
                    MeanMembraneRatio = membrane ? D(membraneColumn + 1) : null,
                    Custom = [.. Enumerable.Range(customColumn, header.Length - customColumn).Select(D)],
                };
                if (m.Chunk != rows.Count + 1) throw new FormatException($"chunk {m.Chunk} where {rows.Count + 1} was expected");
                rows.Add(m);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}, line {line + 1}: {e.Message}.", e);
            }
        }
        if (rows.Count < chunks) throw new InvalidDataException($"{path}: {rows.Count} rows, but the checkpoint is at chunk {chunks}.");
        return rows;
    }
}
