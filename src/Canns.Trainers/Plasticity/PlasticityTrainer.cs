using System.Numerics.Tensors;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The plasticity toolkit on a <see cref="RecurrentSpikingNetwork"/>: bounded Hebbian potentiation and depression
/// (LTD ratio) on coincident activity, weight decay, reward modulation, BCM metaplasticity, homeostatic scaling toward a
/// target rate and selective learning, applied every step, periodically or once per presentation; curriculum stages;
/// a monitor of the weights' distribution. Short-term plasticity lives in the network (its options).
/// </summary>
/// <remarks>
/// <para><see cref="Train(Matrix, CancellationToken)"/> presents each row of the data (an input current per neuron, or with input weights the input channels' activity) for
/// <see cref="PlasticityOptions.StepsPerPattern"/> steps, for <see cref="PlasticityOptions.Epochs"/> epochs, and applies
/// the rule of <see cref="PlasticityOptions"/> on its schedule. A neuron is active when it spiked since the last
/// application. The network's dynamic state carries over between calls, and so does the trainer's (BCM thresholds,
/// activity since the last application, the homeostatic window, counters).</para>
/// <para>The compiled path updates rows of W with vectors; the step path goes synapse by synapse and reports every
/// step. Both give the same bits. A call that fails or is cancelled leaves W, the network's state and the trainer's
/// exactly as they were.</para>
/// </remarks>
public sealed class PlasticityTrainer : Trainer<RecurrentSpikingNetwork, SpikeResponse>
{
    private readonly PlasticityOptions _options;
    private readonly float[] _active;

    /// <summary>Input channels active (above <see cref="PlasticityOptions.InputActivityThreshold"/>) at some step since the last application, when W_in is trained; else empty.</summary>
    private readonly float[] _inputActive;

    /// <summary>
    /// The running activity rate of each input channel, <c>ν ← ν + (a − ν)/τ</c> with a = 1 above the activity threshold
    /// (the network's rate time constant τ): the presynaptic rates of BCM on W_in, kept when W_in is trained with
    /// metaplasticity; else empty.
    /// </summary>
    private readonly float[] _inputRates;

    /// <summary>All ones, one per input channel: the "mask" of W_in's rows (every input weight exists).</summary>
    private float[]? _inputMask;
    private readonly int[] _windowCounts;
    private readonly float[] _theta;
    private readonly float[] _connections;
    private readonly float[]? _traces;

    /// <summary>Per synapse, the applications at which both its neurons were active (<see cref="PlasticityOptions.TrackCoactivations"/>).</summary>
    private readonly float[]? _coactivations;
    private readonly float[] _traceSums;

    /// <summary>Per neuron, the BCM gain <c>η_B m ν_i (ν_i − θ_i)</c> of the current application; empty without metaplasticity.</summary>
    private readonly float[] _bcmGains;
    private float _meanTrace;

    /// <summary>The adaptive protection threshold (<see cref="SelectivePlasticityOptions.ThresholdPercentile"/>) for the next application; 0 before any.</summary>
    private float _traceThreshold;

    /// <summary>Scratch for the threshold's selection: the traces of the existing synapses.</summary>
    private float[]? _thresholdScratch;
    private Counters _counters;

    /// <summary>Creates the trainer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or a target rate is not one in the network's steps (see the remarks).</exception>
    /// <exception cref="ArgumentException"><see cref="PlasticityOptions.TrainInputWeights"/> is set but the network has no input weights.</exception>
    /// <remarks>
    /// A target rate (homeostatic or BCM) must be a rate in the network's steps: <c>ν₀ = Hz · Δt[ms] / 1000</c> above 0
    /// in float32 (and, for BCM, with <c>1/ν₀</c> finite) and at most one spike per step, the most a neuron can fire;
    /// otherwise the constructor throws an <see cref="ArgumentOutOfRangeException"/> naming the option. With refractory
    /// periods of R steps a neuron fires at most once every R + 1 steps: a target above <c>1/(R + 1)</c> is accepted but
    /// never reached (homeostasis then scales every weight up to the bound).
    /// </remarks>
    public PlasticityTrainer(RecurrentSpikingNetwork model, PlasticityOptions? options = null)
        : base(model)
    {
        _options = (options ?? new PlasticityOptions()).Clone();
        _options.Validate();
        if (_options.TrainInputWeights && model.InputWeights is null)
        {
            throw new ArgumentException("TrainInputWeights is set but the network has no input weights: create it with RecurrentSpikingOptions.InputCount > 0.", nameof(options));
        }
        ValidateTargetRates(_options, model);
        _inputActive = _options.TrainInputWeights ? new float[model.InputSize] : [];
        _inputRates = _options.TrainInputWeights && _options.Metaplasticity is not null ? new float[model.InputSize] : [];
        _active = new float[model.Size];
        _windowCounts = new int[model.Size];
        _theta = new float[model.Size];
        _theta.AsSpan().Fill(_options.Metaplasticity?.InitialThreshold ?? 0f);
        if (_options.Selective is not null) _traces = new float[(long)model.Size * model.Size];
        if (_options.TrackCoactivations) _coactivations = new float[(long)model.Size * model.Size];
        _traceSums = _traces is null ? [] : new float[model.Size];
        _bcmGains = _options.Metaplasticity is null ? [] : new float[model.Size];
        _connections = new float[model.Size];
        for (int i = 0; i < model.Size; i++) _connections[i] = TensorPrimitives.Sum(model.Mask.Slice(i * model.Size, model.Size));
    }

    /// <summary>A copy of the options in force.</summary>
    public PlasticityOptions Options => _options.Clone();

    /// <summary>
    /// Refuses a target rate that is no rate in the network's steps, computed as <see cref="Scale"/> and
    /// <see cref="Apply"/> compute it: 0 in float32 (the scaling factor would be exp(±∞) or NaN, the BCM threshold ν²/ν₀
    /// ∞ or NaN), or above one spike per step (never reached).
    /// </summary>
    private static void ValidateTargetRates(PlasticityOptions o, RecurrentSpikingNetwork model)
    {
        var errors = new List<string>();
        float dt = model.TimeStepMilliseconds;
        void Check(float? hz, string name, bool inverse)
        {
            if (hz is not { } value) return;
            float perStep = value * dt / 1000f;
            string what = $"{name} ({value}) Hz with the network's TimeStepMilliseconds ({dt}) is {perStep} spikes per step";
            if (!(perStep > 0)) errors.Add($"{what}: it underflows float32 to 0.");
            else if (perStep > 1) errors.Add($"{what}: a neuron spikes at most once a step, so it can never be reached.");
            else if (inverse && !float.IsFinite(1000f / (value * dt))) errors.Add($"{what}: too small, its inverse overflows float32.");
        }
        Check(o.Homeostasis?.TargetRateHz, "Homeostasis.TargetRateHz", inverse: false);
        Check(o.Homeostasis?.InhibitoryTargetRateHz, "Homeostasis.InhibitoryTargetRateHz", inverse: false);
        Check(o.Metaplasticity?.TargetRateHz, "Metaplasticity.TargetRateHz", inverse: true);
        if (errors.Count > 0) throw new ArgumentOutOfRangeException("options", string.Join(" ", errors));
    }

    /// <summary>Where weight-distribution snapshots go (every <see cref="PlasticityOptions.MonitorInterval"/> steps and at the end of each epoch); null for nowhere.</summary>
    public IProgress<PlasticitySnapshot>? Monitor { get; set; }

    /// <summary>The BCM thresholds θ, one per neuron (their initial value when metaplasticity is off).</summary>
    public ReadOnlySpan<float> Thresholds => _theta;

    /// <summary>
    /// For every synapse (row-major like W), the applications of the rule at which both its neurons were active, since
    /// construction or <see cref="ResetCoactivations"/>; 0 where there is no synapse; empty unless
    /// <see cref="PlasticityOptions.TrackCoactivations"/> is on. Exact whole numbers up to 2²⁴ (16,777,216 applications),
    /// where a count stops growing (float32's x + 1 rounds back to x): reset them before a run that long.
    /// </summary>
    public ReadOnlySpan<float> Coactivations => _coactivations;

    /// <summary>Clears the co-activation counts (nothing else changes).</summary>
    public void ResetCoactivations()
    {
        lock (Model.SyncRoot)
        {
            if (_coactivations is not null) Array.Clear(_coactivations);
        }
    }

    /// <summary>The eligibility traces of selective plasticity, row-major like W; empty when it is off.</summary>
    public ReadOnlySpan<float> EligibilityTraces => _traces;

    /// <summary>
    /// The adaptive protection threshold the next application uses: the <see cref="SelectivePlasticityOptions.ThresholdPercentile"/>-th
    /// percentile (nearest rank) of the traces over the existing synapses; null without a percentile (or without selective plasticity).
    /// </summary>
    public float? EligibilityThreshold => _options.Selective?.ThresholdPercentile is null ? null : _traceThreshold;

    /// <summary>
    /// Clears the eligibility traces of selective plasticity (and ē and the adaptive threshold), so no synapse is
    /// protected: for a switch to a task unlike the ones before. Nothing else changes; without selective plasticity there
    /// is nothing to clear.
    /// </summary>
    public void ResetEligibility()
    {
        lock (Model.SyncRoot)
        {
            if (_traces is not null) Array.Clear(_traces);
            _meanTrace = 0f;
            _traceThreshold = 0f;
        }
    }

    /// <summary>Steps trained so far, over all calls.</summary>
    public long StepCount => _counters.Steps;

    /// <summary>Applications of the rule so far, skipped ones included.</summary>
    public long Applications => _counters.Applications;

    /// <summary>Applications skipped by selective learning.</summary>
    public long SkippedApplications => _counters.Skipped;

    /// <summary>The weights' distribution and the activity now.</summary>
    public PlasticitySnapshot Snapshot() => TakeSnapshot(0, "");

    /// <summary>Presents every row of <paramref name="data"/> and learns, as the class remarks describe.</summary>
    /// <exception cref="ArgumentException">The data are empty, not <see cref="RecurrentSpikingNetwork.InputSize"/> wide, or hold NaN or ∞, or W (or W_in) already holds NaN or ∞; nothing changes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Patterns × epochs × steps per pattern would take the step counter past <see cref="long.MaxValue"/>; nothing changes.</exception>
    /// <exception cref="NotFiniteNumberException">A weight became NaN or ∞ (learning rates too large), or a membrane update overflowed float32 (an input current or the weights too large, see <see cref="RecurrentSpikingNetwork.Step(ReadOnlySpan{float})"/>), or a neuron's BCM gain overflowed float32 (metaplasticity's learning rate or its threshold θ too large; the message names them); nothing changes.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing changes.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default) =>
        Run([new CurriculumStage("", data, _options.Epochs)], curriculum: false, cancellationToken);

    /// <summary>
    /// Reward-modulated learning: as <see cref="Train(Matrix, CancellationToken)"/>, with the rule scaled by the reward
    /// of the pattern being presented (m in <see cref="PlasticityOptions"/>): 0 learns nothing, a negative reward turns
    /// potentiation into depression and back. Decay and homeostasis are not scaled.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Train(Matrix, CancellationToken)"/>, or the rewards are not one finite value per row.</exception>
    /// <exception cref="NotFiniteNumberException">A weight became NaN or ∞ (learning rates times rewards overflow), a membrane update overflowed float32, or a neuron's BCM gain overflowed float32 (metaplasticity's learning rate times the reward, or its threshold θ, too large); nothing changes.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing changes.</exception>
    public void Train(Matrix data, ReadOnlySpan<float> rewards, CancellationToken cancellationToken = default) =>
        Run([new CurriculumStage("", data, _options.Epochs, rewards.ToArray())], curriculum: false, cancellationToken);

    /// <summary>Curriculum learning: the stages in order, each for its own epochs, as one all-or-nothing call.</summary>
    /// <exception cref="ArgumentException">No stages, or a stage's inputs or rewards are bad (the message names the stage); nothing changes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A stage has fewer than 1 epoch, or the stages' steps would take the step counter past <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="NotFiniteNumberException">A weight became NaN or ∞ (learning rates times rewards overflow), a membrane update overflowed float32, or a neuron's BCM gain overflowed float32 (metaplasticity's learning rate times the reward, or its threshold θ, too large); nothing changes.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing changes.</exception>
    public void TrainCurriculum(IReadOnlyList<CurriculumStage> stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0) throw new ArgumentException("A curriculum needs at least one stage.", nameof(stages));
        Run(stages, curriculum: true, cancellationToken);
    }

    /// <summary>
    /// The network's response to <paramref name="input"/> presented for <see cref="PlasticityOptions.StepsPerPattern"/>
    /// steps from its current state, without learning; the state is restored afterwards.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not <see cref="RecurrentSpikingNetwork.InputSize"/> long (N, or M with input weights) or holds NaN or ∞.</exception>
    /// <exception cref="NotFiniteNumberException">A membrane update overflows float32 at some step (an input current or the weights too large); the state is restored.</exception>
    public override SpikeResponse Predict(ReadOnlySpan<float> input)
    {
        ValidateInput(input, Model.InputSize);
        int steps = _options.StepsPerPattern, n = Model.Size;
        var counts = new int[n];
        // Each neuron's inter-spike intervals (in steps): their number, sum and sum of squares, exact in double.
        var last = new int[n];
        var (intervals, sum, squares) = (new int[n], new double[n], new double[n]);
        var (membraneSum, membraneSquares) = (new double[n], new double[n]);
        lock (Model.SyncRoot)
        {
            var saved = Model.SaveState();
            try
            {
                for (int t = 0; t < steps; t++)
                {
                    Model.Step(input);
                    var spikes = Model.Spikes;
                    var membrane = Model.Membrane;
                    for (int i = 0; i < n; i++)
                    {
                        double v = membrane[i];
                        membraneSum[i] += v;
                        membraneSquares[i] += v * v;
                        if (spikes[i] == 0) continue;
                        if (counts[i]++ > 0)
                        {
                            double interval = t - last[i];
                            intervals[i]++;
                            sum[i] += interval;
                            squares[i] += interval * interval;
                        }
                        last[i] = t;
                    }
                }
            }
            finally
            {
                Model.RestoreState(saved);
            }
        }
        var rates = counts.Select(c => Model.RateInHertz((double)c / steps)).ToArray();
        var cv = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (intervals[i] < 2)
            {
                cv[i] = double.NaN;
                continue;
            }
            double mean = sum[i] / intervals[i];
            cv[i] = Math.Sqrt(Math.Max(0, squares[i] / intervals[i] - mean * mean)) / mean;
        }
        var membraneMean = new double[n];
        var membraneStd = new double[n];
        for (int i = 0; i < n && steps > 0; i++)
        {
            membraneMean[i] = membraneSum[i] / steps;
            membraneStd[i] = Math.Sqrt(Math.Max(0, membraneSquares[i] / steps - membraneMean[i] * membraneMean[i]));
        }
        return new SpikeResponse(counts, rates, steps) { IntervalCv = cv, MembraneMean = membraneMean, MembraneStandardDeviation = membraneStd };
    }

    /// <summary>
    /// Writes a checkpoint of everything a later run needs to continue exactly where this one stands: W, the network's
    /// dynamic state (membranes, spikes, short-term plasticity, rates, refractory counters), this trainer's state (θ,
    /// activity since the last application, the homeostatic window, counters) and <paramref name="metadata"/>, into
    /// <paramref name="directory"/> (replaced whole; a failure part-way leaves the previous checkpoint as it was).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public void SaveCheckpoint(string directory, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        lock (Model.SyncRoot)
        {
            int n = Model.Size;
            var state = Model.SaveState();
            var network = Matrix.FromRows(state.Membrane, state.Spikes, state.Efficacy, state.Release, state.Resources, state.Rates,
                state.Refractory.Select(r => (float)r).ToArray());
            var trainer = Matrix.FromRows((float[])_theta.Clone(), (float[])_active.Clone(), _windowCounts.Select(c => (float)c).ToArray());
            var counters = _counters;
            var traces = _traces is null ? null : new Matrix(n, n, (float[])_traces.Clone());
            var coactivations = _coactivations is null ? null : new Matrix(n, n, (float[])_coactivations.Clone());
            float meanTrace = _meanTrace;
            var more = new List<(string, Matrix)>();
            if (Model.InputWeights is { } inputWeights) more.Add((PlasticityCheckpoint.InputWeightsFile, new Matrix(n, inputWeights.Columns, inputWeights.ToArray())));
            if (_inputActive.Length > 0) more.Add((PlasticityCheckpoint.InputActiveFile, new Matrix(1, _inputActive.Length, (float[])_inputActive.Clone())));
            if (_inputRates.Length > 0) more.Add((PlasticityCheckpoint.InputRatesFile, new Matrix(1, _inputRates.Length, (float[])_inputRates.Clone())));
            PlasticityCheckpoint.Write(directory, new Matrix(n, n, Model.W.ToArray()), network, trainer, traces, coactivations, json =>
            {
                json.WriteStartObject();
                json.WriteString("kind", PlasticityCheckpoint.Kind);
                json.WriteNumber("schemaVersion", PlasticityCheckpoint.SchemaVersion);
                json.WriteNumber("neurons", n);
                json.WriteNumber("connections", Model.ConnectionCount);
                json.WriteString("maskSha256", PlasticityCheckpoint.Fingerprint(Model));
                if (Model.InputWeights is not null) json.WriteNumber("inputs", Model.InputSize);
                json.WriteStartObject("counters");
                json.WriteNumber("steps", counters.Steps);
                json.WriteNumber("windowSteps", counters.WindowSteps);
                json.WriteNumber("applications", counters.Applications);
                json.WriteNumber("skipped", counters.Skipped);
                json.WriteNumber("potentiated", counters.Potentiated);
                json.WriteNumber("depressed", counters.Depressed);
                json.WriteEndObject();
                if (traces is not null) json.WriteNumber("meanEligibility", meanTrace);
                if (coactivations is not null) json.WriteBoolean("coactivations", true);
                json.WriteStartObject("metadata");
                foreach (var (key, value) in metadata ?? new Dictionary<string, string>()) json.WriteString(key, value);
                json.WriteEndObject();
                json.WriteEndObject();
            }, more);
        }
    }

    /// <summary>
    /// Loads a checkpoint written by <see cref="SaveCheckpoint"/> for this network (same size and synapses), so training
    /// continues bit for bit as if it had never stopped. Everything is read and checked before anything changes.
    /// </summary>
    /// <returns>The metadata stored with the checkpoint.</returns>
    /// <exception cref="InvalidDataException">A file is missing a field, corrupted, of the wrong shape, or holds values the network cannot have, or the checkpoint was written for another network; nothing changes.</exception>
    /// <exception cref="IOException">A file cannot be read (for example <see cref="FileNotFoundException"/>); nothing changes.</exception>
    public IReadOnlyDictionary<string, string> LoadCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        int n = Model.Size;
        string full = Path.GetFullPath(directory);
        var (counters, metadata, meanTrace) = PlasticityCheckpoint.ReadJson(full, root =>
        {
            if (PlasticityCheckpoint.Long(root, "neurons") != n) throw new InvalidDataException($"it is for {PlasticityCheckpoint.Long(root, "neurons")} neurons, the network has {n}");
            long inputs = root.TryGetProperty("inputs", out _) ? PlasticityCheckpoint.Long(root, "inputs") : 0;
            long networkInputs = Model.InputWeights is null ? 0 : Model.InputSize;
            if (inputs != networkInputs) throw new InvalidDataException($"it is for {inputs} input channels, the network has {networkInputs}");
            if (PlasticityCheckpoint.String(root, "maskSha256") != PlasticityCheckpoint.Fingerprint(Model))
            {
                throw new InvalidDataException("it was written for a network with other synapses (its mask or its inhibitory neurons differ: build the network with the same options and seed)");
            }
            // TryGetProperty, not GetProperty: a missing object would be a KeyNotFoundException that names no field.
            if (!root.TryGetProperty("counters", out var c) || c.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new InvalidDataException("'counters' is missing or not an object");
            }
            var read = new Counters
            {
                Steps = PlasticityCheckpoint.Long(c, "steps"), WindowSteps = PlasticityCheckpoint.Long(c, "windowSteps"),
                Applications = PlasticityCheckpoint.Long(c, "applications"), Skipped = PlasticityCheckpoint.Long(c, "skipped"),
                Potentiated = PlasticityCheckpoint.Long(c, "potentiated"), Depressed = PlasticityCheckpoint.Long(c, "depressed"),
            };
            // What every trainer's counters satisfy: a window within the steps trained, applications (at most one a step)
            // within them, and skipped applications among the applications.
            if (read.WindowSteps > read.Steps) throw new InvalidDataException($"'windowSteps' ({read.WindowSteps}) must not exceed 'steps' ({read.Steps})");
            if (read.Applications > read.Steps) throw new InvalidDataException($"'applications' ({read.Applications}) must not exceed 'steps' ({read.Steps})");
            if (read.Skipped > read.Applications) throw new InvalidDataException($"'skipped' ({read.Skipped}) must not exceed 'applications' ({read.Applications})");
            if (_options.Homeostasis is { } h && read.WindowSteps >= h.Interval)
            {
                // Scaling happens when the window reaches the interval: a longer window would never scale again.
                throw new InvalidDataException($"'windowSteps' ({read.WindowSteps}) must be below this trainer's homeostatic interval ({h.Interval})");
            }
            float? mean = null;
            if (root.TryGetProperty("meanEligibility", out var me))
            {
                mean = me.TryGetSingle(out float value) && float.IsFinite(value) && value >= 0
                    ? value
                    : throw new InvalidDataException("'meanEligibility' is not a finite number ≥ 0");
            }
            if (mean.HasValue != (_traces is not null))
            {
                throw new InvalidDataException(_traces is null
                    ? "it carries eligibility traces, but this trainer has no selective plasticity"
                    : "it has no eligibility traces, but this trainer has selective plasticity");
            }
            bool counted = root.TryGetProperty("coactivations", out var ca) && ca.ValueKind == System.Text.Json.JsonValueKind.True;
            if (counted != (_coactivations is not null))
            {
                throw new InvalidDataException(_coactivations is null
                    ? "it carries co-activation counts, but this trainer does not track them"
                    : "it has no co-activation counts, but this trainer tracks them");
            }
            return (read, PlasticityCheckpoint.Metadata(root), mean);
        });
        var weights = PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.WeightsFile, n, n);
        var network = PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.NetworkFile, 7, n);
        var trainer = PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.TrainerFile, 3, n);
        var traces = _traces is null ? null : PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.TracesFile, n, n);
        var coactivations = _coactivations is null ? null : PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.CoactivationsFile, n, n);
        var inputWeights = Model.InputWeights is { } wInNow ? PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.InputWeightsFile, n, wInNow.Columns) : null;
        if (_inputActive.Length > 0 && !File.Exists(Path.Combine(full, PlasticityCheckpoint.InputActiveFile)))
        {
            throw new InvalidDataException($"{full}: it has no input activity (its trainer left W_in alone), but this trainer trains the input weights.");
        }
        var inputActive = _inputActive.Length > 0 ? PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.InputActiveFile, 1, _inputActive.Length) : null;
        if (_inputActive.Length == 0 && File.Exists(Path.Combine(full, PlasticityCheckpoint.InputActiveFile)))
        {
            throw new InvalidDataException($"{full}: it carries input activity (its trainer trained W_in), but this trainer does not train the input weights.");
        }
        bool hasInputRates = File.Exists(Path.Combine(full, PlasticityCheckpoint.InputRatesFile));
        if (hasInputRates != _inputRates.Length > 0)
        {
            throw new InvalidDataException(hasInputRates
                ? $"{full}: it carries input rates (its trainer trained W_in with metaplasticity), but this trainer does not."
                : $"{full}: it has no input rates (its trainer trained W_in without metaplasticity), but this trainer trains W_in with metaplasticity.");
        }
        var inputRates = hasInputRates ? PlasticityCheckpoint.ReadMatrix(full, PlasticityCheckpoint.InputRatesFile, 1, _inputRates.Length) : null;
        var mask = Model.Mask;
        var w = weights.AsSpan();
        for (int k = 0; k < w.Length; k++)
        {
            if (mask[k] == 0 && w[k] != 0) throw new InvalidDataException($"{Path.Combine(full, PlasticityCheckpoint.WeightsFile)}: W[{k / n}, {k % n}] = {w[k]} where the network has no synapse.");
            if (traces is not null && (traces.AsSpan()[k] < 0 || (mask[k] == 0 && traces.AsSpan()[k] != 0)))
            {
                throw new InvalidDataException($"{Path.Combine(full, PlasticityCheckpoint.TracesFile)}: trace [{k / n}, {k % n}] = {traces.AsSpan()[k]} (traces are ≥ 0, and 0 where there is no synapse).");
            }
            if (coactivations is not null && coactivations.AsSpan()[k] is var c && (c < 0 || c != MathF.Floor(c) || (mask[k] == 0 && c != 0)))
            {
                throw new InvalidDataException($"{Path.Combine(full, PlasticityCheckpoint.CoactivationsFile)}: count [{k / n}, {k % n}] = {c} (counts are whole numbers ≥ 0, and 0 where there is no synapse).");
            }
        }
        // A step leaves every potential below the threshold (one that reaches it spikes and is reset), and a refractory
        // neuron's held at the reset value: any other potential is a state the network never reaches.
        float threshold = Model.Threshold, reset = Model.ResetPotential;
        var loadedRefractory = network.Row(6).ToArray();
        Check(network.Row(0), v => v < threshold, "membrane potentials", $"below the threshold ({threshold})");
        CheckEach(network.Row(0), (v, i) => loadedRefractory[i] == 0 || v == reset, "membrane potentials",
            $"the reset potential ({reset}) where the neuron is refractory");
        Check(network.Row(1), v => v is 0 or 1, "spikes", "0 or 1");
        Check(network.Row(2), v => v is >= 0 and <= 1, "efficacies", "in [0, 1]");
        // A neuron's spike reaches its targets at the next step with its efficacy, which is 0 when it did not spike.
        var loadedSpikes = network.Row(1).ToArray();
        CheckEach(network.Row(2), (v, i) => loadedSpikes[i] != 0 || v == 0, "efficacies", "0 where the neuron did not spike");
        Check(network.Row(3), v => v is >= 0 and <= 1, "release probabilities", "in [0, 1]");
        Check(network.Row(4), v => v is >= 0 and <= 1, "resources", "in [0, 1]");
        Check(network.Row(5), v => v is >= 0 and <= 1, "rates", "in [0, 1] spikes per step");
        Check(network.Row(6), v => v >= 0 && v <= Model.RefractorySteps && v == MathF.Floor(v), "refractory counters", $"whole numbers in [0, {Model.RefractorySteps}]");
        // A neuron that spiked at the last step has its whole refractory period ahead of it, and only such a neuron has.
        int refractorySteps = Model.RefractorySteps;
        CheckEach(network.Row(6), (v, i) => refractorySteps == 0 || (loadedSpikes[i] != 0) == (v == refractorySteps), "refractory counters",
            $"{refractorySteps} where the neuron spiked at the last step and below it elsewhere");
        Check(trainer.Row(0), v => v >= 0, "thresholds θ", "≥ 0");
        Check(trainer.Row(1), v => v is 0 or 1, "activity flags", "0 or 1");
        Check(trainer.Row(2), v => v >= 0 && v <= counters.WindowSteps && v == MathF.Floor(v), "window spike counts", $"whole numbers in [0, {counters.WindowSteps}]");
        if (inputActive is not null) Check(inputActive.Row(0), v => v is 0 or 1, "input activity flags", "0 or 1");
        if (inputRates is not null) Check(inputRates.Row(0), v => v is >= 0 and <= 1, "input rates", "in [0, 1] per step");

        lock (Model.SyncRoot)
        {
            Model.W.CopyFrom(weights.AsSpan());
            Model.RestoreState(new RecurrentSpikingNetwork.SpikingState(
                network.Row(0).ToArray(), network.Row(1).ToArray(), network.Row(2).ToArray(), network.Row(3).ToArray(),
                network.Row(4).ToArray(), network.Row(5).ToArray(), network.Row(6).ToArray().Select(v => (int)v).ToArray()));
            trainer.Row(0).CopyTo(_theta);
            trainer.Row(1).CopyTo(_active);
            for (int i = 0; i < n; i++) _windowCounts[i] = (int)trainer[2, i];
            traces?.AsSpan().CopyTo(_traces);
            coactivations?.AsSpan().CopyTo(_coactivations);
            if (inputWeights is not null) Model.InputWeights!.CopyFrom(inputWeights.AsSpan());
            inputActive?.AsSpan().CopyTo(_inputActive);
            inputRates?.AsSpan().CopyTo(_inputRates);
            _meanTrace = meanTrace ?? 0f;
            _traceThreshold = TraceThreshold();
            _counters = counters;
        }
        return metadata;

        void Check(ReadOnlySpan<float> values, Func<float, bool> valid, string what, string rule) => CheckEach(values, (v, _) => valid(v), what, rule);

        void CheckEach(ReadOnlySpan<float> values, Func<float, int, bool> valid, string what, string rule)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (!valid(values[i], i)) throw new InvalidDataException($"{full}: the checkpoint's {what} must be {rule}; neuron {i} has {values[i]}.");
            }
        }
    }

    /// <param name="stages">The stages to run in order.</param>
    /// <param name="curriculum">Whether they are a caller's curriculum, whose errors name the stage (even when it is the only one).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    private void Run(IReadOnlyList<CurriculumStage> stages, bool curriculum, CancellationToken cancellationToken)
    {
        Int128 steps = 0;
        for (int s = 0; s < stages.Count; s++) steps += ValidateStage(stages[s], s, curriculum);
        // Patterns × epochs × steps per pattern (2³¹ each) can pass long.MaxValue, the type of the step counter and of
        // the progress reports: it used to wrap to a negative total. Refused, as no run could get there anyway.
        if (steps > long.MaxValue - _counters.Steps)
        {
            throw new ArgumentOutOfRangeException(curriculum ? "stages" : "data",
                $"The call would run {steps} steps (patterns × epochs × StepsPerPattern), which with the {_counters.Steps} steps trained so far pass the step counter's {long.MaxValue}.");
        }
        long totalSteps = (long)steps;
        cancellationToken.ThrowIfCancellationRequested();
        bool vectorized = IsCompiledPathActive;
        lock (Model.SyncRoot)
        {
            ThrowIfNotFiniteBeforeTraining(Model.W.AsReadOnlySpan(), "W", Model.Size);
            // W_in feeds every step, trained or not: a NaN or ∞ there would turn the membranes into NaN for the whole call.
            if (Model.InputWeights is { } inputWeights) ThrowIfNotFiniteBeforeTraining(inputWeights.AsReadOnlySpan(), "W_in", Model.InputSize);
            var saved = Capture();
            try
            {
                long done = 0;
                foreach (var stage in stages) done = RunStage(stage, vectorized, done, totalSteps, cancellationToken);
                ThrowIfWeightsDiverged();
                Model.W.MarkChanged();
                if (_inputActive.Length > 0) Model.InputWeights!.MarkChanged();
            }
            catch
            {
                Restore(saved);
                throw;
            }
        }
    }

    /// <summary>Everything training changes: W (and W_in), the network's dynamic state and this trainer's own state.</summary>
    internal sealed record CapturedState(float[] W, RecurrentSpikingNetwork.SpikingState Network, float[] Active, int[] WindowCounts, float[] Theta,
        Counters Counters, float[]? Traces, float MeanTrace, float TraceThreshold, float[]? Coactivations, float[]? InputWeights, float[] InputActive,
        float[] InputRates);

    /// <summary>A copy of everything training changes, for <see cref="Restore"/> (a failed call's rollback, or a caller's).</summary>
    internal CapturedState Capture()
    {
        lock (Model.SyncRoot)
        {
            return new CapturedState(Model.W.ToArray(), Model.SaveState(), (float[])_active.Clone(), (int[])_windowCounts.Clone(), (float[])_theta.Clone(),
                _counters, (float[]?)_traces?.Clone(), _meanTrace, _traceThreshold, (float[]?)_coactivations?.Clone(), Model.InputWeights?.ToArray(),
                (float[])_inputActive.Clone(), (float[])_inputRates.Clone());
        }
    }

    /// <summary>Puts back what <see cref="Capture"/> copied: W, the network's state and this trainer's.</summary>
    internal void Restore(CapturedState saved)
    {
        lock (Model.SyncRoot)
        {
            Model.W.CopyFrom(saved.W);
            Model.RestoreState(saved.Network);
            saved.Active.CopyTo(_active, 0);
            saved.WindowCounts.CopyTo(_windowCounts, 0);
            saved.Theta.CopyTo(_theta, 0);
            saved.Traces?.CopyTo(_traces!, 0);
            saved.Coactivations?.CopyTo(_coactivations!, 0);
            if (saved.InputWeights is not null) Model.InputWeights!.CopyFrom(saved.InputWeights);
            saved.InputActive.CopyTo(_inputActive, 0);
            saved.InputRates.CopyTo(_inputRates, 0);
            (_counters, _meanTrace, _traceThreshold) = (saved.Counters, saved.MeanTrace, saved.TraceThreshold);
        }
    }

    /// <summary>Throws when a weight became NaN or ∞ in the run (an overflowing η·m, for example), so the caller rolls back.</summary>
    private void ThrowIfWeightsDiverged()
    {
        var w = Model.W.AsReadOnlySpan();
        int n = Model.Size;
        int k = Guard.FirstNonFinite(w);
        if (k >= 0)
        {
            throw new NotFiniteNumberException(
                $"The update of W gives {w[k]} at W[{k / n}, {k % n}]; likely cause: the learning rates times the rewards overflow float32. Nothing changed.",
                w[k]);
        }
        ThrowIfInputWeightsDiverged();
    }

    /// <summary>
    /// Throws when a trained W_in became NaN or ∞. Checked after every application too: W_in feeds the next step's input
    /// current, whose own check would otherwise blame the caller's input with an <see cref="ArgumentException"/>.
    /// </summary>
    private void ThrowIfInputWeightsDiverged()
    {
        if (_inputActive.Length > 0 && Model.InputWeights is { } inputWeights)
        {
            var wIn = inputWeights.AsReadOnlySpan();
            int m = inputWeights.Columns;
            int k = Guard.FirstNonFinite(wIn);
            if (k >= 0)
            {
                throw new NotFiniteNumberException(
                    $"The update of W_in gives {wIn[k]} at W_in[{k / m}, {k % m}]; likely cause: the learning rates times the rewards overflow float32. Nothing changed.",
                    wIn[k]);
            }
        }
    }

    private Int128 ValidateStage(CurriculumStage stage, int index, bool named)
    {
        ArgumentNullException.ThrowIfNull(stage);
        string what = named ? $"stage {index} ('{stage.Name}')" : "data";
        ArgumentNullException.ThrowIfNull(stage.Inputs, what);
        ArgumentOutOfRangeException.ThrowIfLessThan(stage.Epochs, 1, $"{what} epochs");
        try
        {
            ValidateData(stage.Inputs, Model.InputSize, Model.InputWeights is null ? "neurons" : "input channels");
        }
        catch (ArgumentException e) when (named)
        {
            throw new ArgumentException($"In {what}: {e.Message}", "stages", e);
        }
        if (stage.Rewards is { } rewards)
        {
            if (rewards.Length != stage.Inputs.Rows)
            {
                throw new ArgumentException($"{what} has {stage.Inputs.Rows} patterns but {rewards.Length} rewards.", named ? "stages" : "rewards");
            }
            int bad = Array.FindIndex(rewards, r => !float.IsFinite(r));
            if (bad >= 0) throw new ArgumentException($"The reward of pattern {bad} in {what} is {rewards[bad]}; rewards must be finite.", named ? "stages" : "rewards");
        }
        return (Int128)stage.Inputs.Rows * stage.Epochs * _options.StepsPerPattern;
    }

    private long RunStage(CurriculumStage stage, bool vectorized, long done, long total, CancellationToken cancellationToken)
    {
        var o = _options;
        int n = Model.Size;
        for (int epoch = 1; epoch <= stage.Epochs; epoch++)
        {
            for (int p = 0; p < stage.Inputs.Rows; p++)
            {
                float reward = stage.Rewards?[p] ?? 1f;
                var input = stage.Inputs.Row(p);
                for (int t = 0; t < o.StepsPerPattern; t++)
                {
                    if ((done & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
                    Model.Step(input);
                    var spikes = Model.Spikes;
                    for (int i = 0; i < n; i++)
                    {
                        if (spikes[i] != 0)
                        {
                            _active[i] = 1f;
                            _windowCounts[i]++;
                        }
                    }
                    // One pass over the channels: the activity flags, and (BCM on W_in) the running rates, updated as
                    // the network's own: ν += (a − ν)·(1/τ).
                    float above = o.InputActivityThreshold, rate = 1f / Model.RateTimeConstant;
                    bool rates = _inputRates.Length > 0;
                    for (int j = 0; j < _inputActive.Length; j++)
                    {
                        float a = input[j] > above ? 1f : 0f;
                        if (a != 0) _inputActive[j] = 1f;
                        if (rates) _inputRates[j] += (a - _inputRates[j]) * rate;
                    }
                    _counters.Steps++;
                    _counters.WindowSteps++;
                    done++;
                    if (o.Schedule == PlasticitySchedule.EveryStep || (o.Schedule == PlasticitySchedule.Periodic && _counters.Steps % o.Interval == 0))
                    {
                        Apply(reward, vectorized);
                    }
                    if (o.Homeostasis is { } h && _counters.WindowSteps == h.Interval) Scale(h, vectorized);
                    if (o.MonitorInterval > 0 && _counters.Steps % o.MonitorInterval == 0) Monitor?.Report(TakeSnapshot(epoch, stage.Name));
                    if (!vectorized) Report(TrainingPhase.Training, done, total);
                }
                if (o.Schedule == PlasticitySchedule.PerPresentation) Apply(reward, vectorized);
                if (vectorized) Report(TrainingPhase.Training, done, total);
            }
            Monitor?.Report(TakeSnapshot(epoch, stage.Name));
        }
        return done;
    }

    /// <summary>Rows of W per chunk of the vector path's parallel loop (each chunk counts its own LTP and LTD updates).</summary>
    private const int RowsPerChunk = 32;

    /// <summary>One application of the long-term rule (and of BCM), then the activity window starts again.</summary>
    /// <remarks>The vector path runs chunks of rows on the cores; every row is independent, so the bits do not depend on it.</remarks>
    private void Apply(float reward, bool vectorized)
    {
        var o = _options;
        int n = Model.Size;
        _counters.Applications++;
        float activeCount = TensorPrimitives.Sum(_active);
        if (activeCount < o.MinimumActiveFraction * n)
        {
            _counters.Skipped++;
            Array.Clear(_active);
            Array.Clear(_inputActive);
            return;
        }
        var rule = PlasticityKernel.Rule.For(o, reward);
        float[] w = Model.W.Buffer, mask = Model.MaskBuffer, rates = Model.RatesBuffer, active = _active, connections = _connections;
        var meta = o.Metaplasticity;
        // Every gain before any weight changes: an infinite one gave NaN (∞ · 0) on silent presynaptic neurons, which the
        // next step's membranes then blamed on the input, or, where every neuron fired, a row clipped to the bound unnoticed.
        float[] gains = _bcmGains;
        if (meta is not null) ComputeBcmGains(meta, reward);
        var selective = o.Selective;
        float[]? traces = _traces;
        float[] traceSums = _traceSums;
        var gate = selective is null ? default : new PlasticityKernel.Gate(selective.TraceDecay, GateScale(selective), o.WeightDecay, GateThreshold(selective), GateMean(selective));
        int chunks = vectorized ? (n + RowsPerChunk - 1) / RowsPerChunk : 1;
        var counts = new (long Potentiated, long Depressed)[chunks];
        void Rows(int chunk)
        {
            int first = vectorized ? chunk * RowsPerChunk : 0, last = vectorized ? Math.Min(n, first + RowsPerChunk) : n;
            long potentiated = 0, depressed = 0;
            for (int i = first; i < last; i++)
            {
                var maskRow = mask.AsSpan(i * n, n);
                float post = active[i];
                float gain = meta is null ? 0f : gains[i];
                var rowRates = meta is null ? default : rates.AsSpan();
                // The count of existing synapses with an active presynaptic neuron: an exact integer in float below 2²⁴.
                float preActive;
                if (traces is null)
                {
                    preActive = PlasticityKernel.UpdateRow(w.AsSpan(i * n, n), maskRow, active, post, rule, gain, rowRates, vectorized);
                }
                else
                {
                    (preActive, traceSums[i]) = PlasticityKernel.UpdateRowSelective(w.AsSpan(i * n, n), traces.AsSpan(i * n, n), maskRow, active, post, rule, gate, gain,
                        rowRates, vectorized);
                }
                if (post != 0)
                {
                    potentiated += (long)preActive;
                    depressed += (long)(connections[i] - preActive);
                }
                else
                {
                    depressed += (long)preActive;
                }
            }
            counts[chunk] = (potentiated, depressed);
        }
        if (vectorized) HotTeam.For(chunks, Rows);
        else Rows(0);
        foreach (var (potentiated, depressed) in counts)
        {
            _counters.Potentiated += potentiated;
            _counters.Depressed += depressed;
        }
        if (traces is not null)
        {
            // Row sums in row order: the same on both paths, so the next gate is too.
            double total = 0;
            foreach (float sum in traceSums) total += sum;
            _meanTrace = Model.ConnectionCount == 0 ? 0f : (float)(total / Model.ConnectionCount);
            _traceThreshold = TraceThreshold();
        }
        if (_coactivations is { } together)
        {
            // Every existing synapse whose two neurons were both active since the last application.
            for (int i = 0; i < n; i++)
            {
                if (active[i] == 0) continue;
                for (int j = 0; j < n; j++)
                {
                    if (active[j] != 0 && mask[i * n + j] != 0) together[i * n + j] += 1f;
                }
            }
        }
        if (_inputActive.Length > 0) ApplyToInputWeights(rule, vectorized);
        if (meta is not null)
        {
            // θ follows ν² (no target: the factor is 1, exactly the plain rule) or ν²/ν₀ with ν₀ in spikes per step.
            float step = 1f / meta.ThresholdTimeConstant;
            float perTarget = meta.TargetRateHz is { } hz ? 1000f / (hz * Model.TimeStepMilliseconds) : 1f;
            for (int i = 0; i < n; i++) _theta[i] += (rates[i] * rates[i] * perTarget - _theta[i]) * step;
        }
        Array.Clear(_active);
    }

    /// <summary>
    /// The rule on W_in: row i with neuron i's activity as post and the input channels' activity flags as pre (every
    /// input weight exists), with metaplasticity the BCM term <c>η_B m ν_i (ν_i − θ_i) ν_j</c> of the channels' running
    /// rates ν_j (θ_i as for W, before this application moves it); then the channels' window starts again. Rows are
    /// independent, so the vector path's chunks on the cores give the same bits.
    /// </summary>
    private void ApplyToInputWeights(in PlasticityKernel.Rule rule, bool vectorized)
    {
        var inputWeights = Model.InputWeights!;
        int n = Model.Size, m = inputWeights.Columns;
        float[] wIn = inputWeights.Buffer, pre = _inputActive, post = _active, gains = _bcmGains, inputRates = _inputRates;
        var every = _inputMask ??= Enumerable.Repeat(1f, m).ToArray();
        var meta = _options.Metaplasticity;
        var r = rule;
        void Rows(int chunk)
        {
            int first = vectorized ? chunk * RowsPerChunk : 0, last = vectorized ? Math.Min(n, first + RowsPerChunk) : n;
            for (int i = first; i < last; i++)
            {
                // The same gain as row i of W got.
                float gain = meta is null ? 0f : gains[i];
                PlasticityKernel.UpdateRow(wIn.AsSpan(i * m, m), every, pre, post[i], r, gain, meta is null ? default : inputRates, vectorized);
            }
        }
        if (vectorized) HotTeam.For((n + RowsPerChunk - 1) / RowsPerChunk, Rows);
        else Rows(0);
        Array.Clear(_inputActive);
        ThrowIfInputWeightsDiverged();
    }

    /// <summary>
    /// Fills <see cref="_bcmGains"/> with <c>η_B m ν_i (ν_i − θ_i)</c>, computed as the rows used to compute it (the same
    /// bits); a gain beyond float32 (each factor finite, their product not) is refused naming the options behind it.
    /// </summary>
    /// <exception cref="NotFiniteNumberException">A gain is ±∞ or NaN.</exception>
    private void ComputeBcmGains(MetaplasticityOptions meta, float reward)
    {
        float[] rates = Model.RatesBuffer, theta = _theta, gains = _bcmGains;
        for (int i = 0; i < gains.Length; i++)
        {
            float gain = meta.LearningRate * reward * rates[i] * (rates[i] - theta[i]);
            if (!float.IsFinite(gain))
            {
                throw new NotFiniteNumberException(
                    $"The BCM gain η_B m ν_i (ν_i − θ_i) of neuron {i} is {gain}: η_B = Metaplasticity.LearningRate ({meta.LearningRate}) times the reward m = {reward} " +
                    $"times ν_i = {rates[i]} spikes per step times (ν_i − θ_i) with θ_i = {theta[i]} overflows float32. Lower Metaplasticity.LearningRate or the rewards, " +
                    $"or keep θ small: it starts at Metaplasticity.InitialThreshold ({meta.InitialThreshold}) and follows ν² (ν²/ν₀ with Metaplasticity.TargetRateHz ν₀, so a low target raises it). Nothing changed.",
                    gain);
            }
            gains[i] = gain;
        }
    }

    /// <summary>Homeostatic scaling of every neuron's incoming synapses (its row of W, and of W_in when the trainer trains it) from its rate over the window.</summary>
    private void Scale(HomeostasisOptions h, bool vectorized)
    {
        int n = Model.Size;
        // The targets in spikes per step: Hz × Δt[ms] / 1000; the inhibitory neurons (the last ones) may have their own.
        float excitatory = h.TargetRateHz * Model.TimeStepMilliseconds / 1000f;
        float inhibitory = (h.InhibitoryTargetRateHz ?? h.TargetRateHz) * Model.TimeStepMilliseconds / 1000f;
        int firstInhibitory = n - Model.InhibitoryCount;
        float[] w = Model.W.Buffer, mask = Model.MaskBuffer, factors = new float[n], running = Model.RatesBuffer;
        for (int i = 0; i < n; i++)
        {
            float target = i >= firstInhibitory ? inhibitory : excitatory;
            float rate = h.UseRunningRates ? running[i] : (float)_windowCounts[i] / _counters.WindowSteps;
            // exp overflows float32 beyond 88.7: capped at float.MaxValue, a weight of 0 stays 0 (0 · ∞ would be NaN)
            // and any other goes past the bound it is then clipped to, as the exact factor would take it.
            factors[i] = MathF.Min(MathF.Exp(h.ScalingRate * (target - rate) / target), float.MaxValue);
        }
        float min = _options.MinWeight, max = _options.MaxWeight;
        float[]? wIn = h.ScaleInputWeights && _inputActive.Length > 0 ? Model.InputWeights!.Buffer : null;
        int m = Model.InputSize;
        var every = wIn is null ? null : _inputMask ??= Enumerable.Repeat(1f, m).ToArray();
        void Rows(int chunk)
        {
            int first = vectorized ? chunk * RowsPerChunk : 0, last = vectorized ? Math.Min(n, first + RowsPerChunk) : n;
            for (int i = first; i < last; i++)
            {
                PlasticityKernel.ScaleRow(w.AsSpan(i * n, n), mask.AsSpan(i * n, n), factors[i], min, max, vectorized);
                if (wIn is not null) PlasticityKernel.ScaleRow(wIn.AsSpan(i * m, m), every, factors[i], min, max, vectorized);
            }
        }
        if (vectorized) HotTeam.For((n + RowsPerChunk - 1) / RowsPerChunk, Rows);
        else Rows(0);
        Array.Clear(_windowCounts);
        _counters.WindowSteps = 0;
    }

    /// <summary>k for the next application: 0 (every gate open) during the warm-up or while ē = 0.</summary>
    private float GateScale(SelectivePlasticityOptions selective) => GatesOpen(selective) ? 0f : selective.Protection;

    /// <summary>ē for the next application, by which the kernel divides each trace (1 while the gates are open).</summary>
    private float GateMean(SelectivePlasticityOptions selective) => GatesOpen(selective) ? 1f : _meanTrace;

    private bool GatesOpen(SelectivePlasticityOptions selective) =>
        _counters.Applications - _counters.Skipped <= selective.WarmupApplications || _meanTrace == 0;

    /// <summary>The kernel's threshold: the adaptive one with a percentile, else −1 (every synapse gated).</summary>
    private float GateThreshold(SelectivePlasticityOptions selective) => selective.ThresholdPercentile is null ? -1f : _traceThreshold;

    /// <summary>
    /// The nearest-rank percentile of the traces over the existing synapses (the value at rank ⌈p/100 · M⌉ of M in
    /// ascending order), found by selection in O(M); 0 without a percentile or synapses.
    /// </summary>
    private float TraceThreshold()
    {
        if (_options.Selective?.ThresholdPercentile is not { } percentile || _traces is null || Model.ConnectionCount == 0) return 0f;
        var mask = Model.MaskBuffer;
        var scratch = _thresholdScratch ??= new float[Model.ConnectionCount];
        int m = 0;
        for (int k = 0; k < _traces.Length; k++)
        {
            if (mask[k] != 0) scratch[m++] = _traces[k];
        }
        return Selection.SelectNonNegative(scratch.AsSpan(0, m), PercentileRank(percentile, m));
    }

    /// <summary>
    /// The 0-based index of the nearest-rank p-th percentile of m sorted values, <c>⌈p·m/100⌉ − 1</c>, from the exact
    /// product (p/100 first would round: 7/100 · 100 is 7.000000000000001, whose ceiling is 8).
    /// </summary>
    internal static int PercentileRank(float percentile, int m) => Math.Clamp((int)Math.Ceiling(percentile * (double)m / 100.0) - 1, 0, m - 1);

    /// <summary>
    /// The mean over existing synapses of the gate each would get at the next application without coincidence,
    /// <c>1/(1 + k e/ē)</c> (computed as the kernel does), and the fraction of them whose gate is below one half.
    /// </summary>
    private (double MeanGate, double ProtectedFraction) GateDiagnostics(ReadOnlySpan<float> mask)
    {
        if (_options.Selective is not { } selective || _traces is null) return (1, 0);
        float scale = GateScale(selective), mean = GateMean(selective), threshold = GateThreshold(selective);
        double sum = 0;
        long count = 0, protectedCount = 0;
        for (int k = 0; k < _traces.Length; k++)
        {
            if (mask[k] == 0) continue;
            float g = _traces[k] > threshold ? 1f / (1f + scale * (_traces[k] / mean)) : 1f;
            sum += g;
            count++;
            if (g < 0.5f) protectedCount++;
        }
        return count == 0 ? (1, 0) : (sum / count, (double)protectedCount / count);
    }

    private PlasticitySnapshot TakeSnapshot(int epoch, string stage)
    {
        var w = Model.W.AsReadOnlySpan();
        var mask = Model.Mask;
        double sum = 0, sumSquares = 0;
        long count = 0, atMax = 0, atMin = 0;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int k = 0; k < w.Length; k++)
        {
            if (mask[k] == 0) continue;
            float v = w[k];
            count++;
            sum += v;
            sumSquares += (double)v * v;
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
            if (v >= _options.MaxWeight) atMax++;
            if (v <= _options.MinWeight) atMin++;
        }
        double mean = count == 0 ? 0 : sum / count;
        double std = count == 0 ? 0 : Math.Sqrt(Math.Max(0, sumSquares / count - mean * mean));
        double rate = Model.RateInHertz(Model.Size == 0 ? 0 : TensorPrimitives.Sum(Model.Rates) / Model.Size);
        if (count == 0) (min, max) = (0f, 0f);
        var (meanGate, protectedFraction) = GateDiagnostics(mask);
        return new PlasticitySnapshot
        {
            Step = _counters.Steps,
            Epoch = epoch,
            Stage = stage,
            MeanWeight = mean,
            WeightStandardDeviation = std,
            MinWeight = min,
            MaxWeight = max,
            FractionAtUpperBound = count == 0 ? 0 : (double)atMax / count,
            FractionAtLowerBound = count == 0 ? 0 : (double)atMin / count,
            MeanRateHz = rate,
            Potentiated = _counters.Potentiated,
            Depressed = _counters.Depressed,
            Applications = _counters.Applications,
            SkippedApplications = _counters.Skipped,
            MeanEligibility = _meanTrace,
            MeanGate = meanGate,
            ProtectedFraction = protectedFraction,
        };
    }

    /// <summary>The trainer's counters, one value to save and restore.</summary>
    internal struct Counters
    {
        public long Steps;
        public long WindowSteps;
        public long Applications;
        public long Skipped;
        public long Potentiated;
        public long Depressed;
    }
}
