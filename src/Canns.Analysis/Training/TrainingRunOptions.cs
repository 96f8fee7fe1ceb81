namespace Canns.Analysis;

/// <summary>Options of a <see cref="TrainingRun"/>.</summary>
public sealed class TrainingRunOptions
{
    /// <summary>Chunks in the whole run: each is one <c>Train</c> call over every pattern (with fresh input noise); at least 1.</summary>
    /// <value>The default value is 100.</value>
    public int Chunks { get; set; } = 100;

    /// <summary>Chunks between two writes of the latest checkpoint (it is also written after the last chunk); at least 1.</summary>
    /// <value>The default value is 10.</value>
    public int CheckpointInterval { get; set; } = 10;

    /// <summary>σ of the Gaussian noise added to every input value in every chunk; finite and ≥ 0.</summary>
    /// <value>The default value is 0.02.</value>
    public float InputNoise { get; set; } = 0.02f;

    /// <summary>The seed of the input noise: chunk c draws from its own stream, seeded by (seed, c), so a resumed run draws what the uninterrupted one would.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>The target rate of the loss, in Hz; finite and &gt; 0.</summary>
    /// <value>The default value is 10.</value>
    public float TargetRateHz { get; set; } = 10f;

    /// <summary>The target rate of the loss for the inhibitory neurons, in Hz, when it differs from <see cref="TargetRateHz"/>; finite and &gt; 0, or null.</summary>
    /// <value>The default value is null: one target for every neuron.</value>
    public float? InhibitoryTargetRateHz { get; set; }

    /// <summary>α, the weight of the silent-neuron fraction in the loss; finite and ≥ 0.</summary>
    /// <value>The default value is 0.1.</value>
    public float SilentPenalty { get; set; } = 0.1f;

    /// <summary>The weight of the rate term in the loss; finite and ≥ 0.</summary>
    /// <value>The default value is 1.</value>
    public float RateWeight { get; set; } = 1f;

    /// <summary>
    /// The weight of the regularity term in the loss: the mean over neurons and patterns of <c>(CV − CvTarget)²</c>, CV the
    /// coefficient of variation of a neuron's inter-spike intervals during the evaluation (<see cref="Canns.Trainers.SpikeResponse.IntervalCv"/>;
    /// neurons with fewer than three spikes have none and are left out); finite and ≥ 0. Above 0, <c>metrics.csv</c> gets
    /// the columns <c>cv_loss</c> and <c>mean_cv</c>.
    /// </summary>
    /// <value>The default value is 0: no regularity term.</value>
    public float CvWeight { get; set; }

    /// <summary>The target CV of the regularity term: 1 is Poisson-like irregular firing, 0 clockwork; finite and ≥ 0.</summary>
    /// <value>The default value is 1.</value>
    public float CvTarget { get; set; } = 1f;

    /// <summary>
    /// The weight of the membrane term in the loss, which holds subthreshold fluctuations in check: for each neuron and
    /// pattern, <c>r = (μ_V + σ_V − V_reset)/(V_th − V_reset)</c> places the membrane's typical upper excursion (its mean
    /// plus one standard deviation over the evaluation, <see cref="Canns.Trainers.SpikeResponse.MembraneMean"/> and
    /// <see cref="Canns.Trainers.SpikeResponse.MembraneStandardDeviation"/>) between the reset potential (0) and the threshold (1), and
    /// the term is the mean of <c>max(0, r − MembraneTargetRatio)²</c>. Finite and ≥ 0; above 0, <c>metrics.csv</c>
    /// gets the columns <c>membrane_loss</c> and <c>mean_membrane_ratio</c>.
    /// </summary>
    /// <value>The default value is 0: no membrane term.</value>
    public float MembraneWeight { get; set; }

    /// <summary>The ratio r of the membrane term above which a membrane is penalised; finite and ≥ 0.</summary>
    /// <value>The default value is 0.8: mean plus one standard deviation at four fifths of the way from reset to threshold.</value>
    public float MembraneTargetRatio { get; set; } = 0.8f;

    /// <summary>Metrics of your own, computed after every chunk and written as columns of <c>metrics.csv</c> (in this order, after the run's own).</summary>
    /// <value>The default value is empty. Names must be distinct.</value>
    public IReadOnlyList<TrainingRunMetric> Metrics { get; set; } = [];

    /// <summary>The column that picks the best checkpoint: <c>"loss"</c> (the run's own) or the name of one of <see cref="Metrics"/>.</summary>
    /// <value>The default value is <c>"loss"</c>.</value>
    public string BestBy { get; set; } = "loss";

    /// <summary>Whether the best chunk is the one with the highest <see cref="BestBy"/> value (an accuracy, say) rather than the lowest (a loss).</summary>
    /// <value>The default value is false: lowest is best.</value>
    public bool BestIsHighest { get; set; }

    /// <summary>
    /// Chunks between two snapshots of W in the run's <c>weights</c> folder (<c>W_chunk_0000.npy</c> before the first chunk,
    /// then <c>W_chunk_0010.npy</c>, …, and after the last chunk); 0 writes none. It does not change the training, so a
    /// resume may change it.
    /// </summary>
    /// <value>The default value is 0. At least 0.</value>
    public int WeightSnapshotInterval { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (Chunks < 1) errors.Add($"Chunks ({Chunks}) must be at least 1.");
        if (CheckpointInterval < 1) errors.Add($"CheckpointInterval ({CheckpointInterval}) must be at least 1.");
        if (!float.IsFinite(InputNoise) || InputNoise < 0) errors.Add($"InputNoise ({InputNoise}) must be finite and ≥ 0.");
        if (!float.IsFinite(TargetRateHz) || TargetRateHz <= 0) errors.Add($"TargetRateHz ({TargetRateHz}) must be finite and > 0.");
        if (!float.IsFinite(SilentPenalty) || SilentPenalty < 0) errors.Add($"SilentPenalty ({SilentPenalty}) must be finite and ≥ 0.");
        if (InhibitoryTargetRateHz is { } inhibitory && !(float.IsFinite(inhibitory) && inhibitory > 0))
        {
            errors.Add($"InhibitoryTargetRateHz ({inhibitory}) must be finite and > 0, or null for one target.");
        }
        if (!float.IsFinite(RateWeight) || RateWeight < 0) errors.Add($"RateWeight ({RateWeight}) must be finite and ≥ 0.");
        if (!float.IsFinite(CvWeight) || CvWeight < 0) errors.Add($"CvWeight ({CvWeight}) must be finite and ≥ 0.");
        if (!float.IsFinite(CvTarget) || CvTarget < 0) errors.Add($"CvTarget ({CvTarget}) must be finite and ≥ 0.");
        if (!float.IsFinite(MembraneWeight) || MembraneWeight < 0) errors.Add($"MembraneWeight ({MembraneWeight}) must be finite and ≥ 0.");
        if (!float.IsFinite(MembraneTargetRatio) || MembraneTargetRatio < 0) errors.Add($"MembraneTargetRatio ({MembraneTargetRatio}) must be finite and ≥ 0.");
        if (WeightSnapshotInterval < 0) errors.Add($"WeightSnapshotInterval ({WeightSnapshotInterval}) must be at least 0 (0: no snapshots).");
        if (Metrics is null || Metrics.Any(m => m is null)) errors.Add("Metrics must not be null or hold null entries.");
        else
        {
            foreach (var repeated in Metrics.GroupBy(m => m.Name).Where(g => g.Count() > 1)) errors.Add($"Metrics has '{repeated.Key}' {repeated.Count()} times.");
            if (BestBy != "loss" && Metrics.All(m => m.Name != BestBy))
            {
                errors.Add($"BestBy ('{BestBy}') must be \"loss\" or the name of one of the metrics ({string.Join(", ", Metrics.Select(m => m.Name).DefaultIfEmpty("none"))}).");
            }
        }
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(TrainingRunOptions), string.Join(" ", errors));
    }

    /// <summary>A copy, the list of metrics copied too, so a run is not changed by changes to these options while it runs.</summary>
    internal TrainingRunOptions Clone()
    {
        var copy = (TrainingRunOptions)MemberwiseClone();
        copy.Metrics = Metrics?.ToArray()!;
        return copy;
    }

    /// <summary>The options as one line, stored with the run so a resume with other options is refused.</summary>
    /// <remarks>The optional loss terms, the metrics (by name) and the choice of the best appear only when they are not the defaults, so runs started before they existed still resume.</remarks>
    internal string Describe()
    {
        var pairs = new List<(string, object?)>
        {
            ("chunks", Chunks), ("checkpointInterval", CheckpointInterval), ("inputNoise", InputNoise), ("seed", Seed), ("targetRateHz", TargetRateHz),
            ("silentPenalty", SilentPenalty),
        };
        if (InhibitoryTargetRateHz is { } hz) pairs.Add(("inhibitoryTargetRateHz", hz));
        if (RateWeight != 1f || CvWeight != 0f) pairs.AddRange([("rateWeight", RateWeight), ("cvWeight", CvWeight), ("cvTarget", CvTarget)]);
        if (MembraneWeight != 0f) pairs.AddRange([("membraneWeight", MembraneWeight), ("membraneTargetRatio", MembraneTargetRatio)]);
        if (Metrics.Count > 0) pairs.Add(("metrics", string.Join("|", Metrics.Select(m => m.Name))));
        if (BestBy != "loss" || BestIsHighest) pairs.AddRange([("bestBy", BestBy), ("bestIsHighest", BestIsHighest)]);
        return RunParameters.Line(pairs);
    }
}
