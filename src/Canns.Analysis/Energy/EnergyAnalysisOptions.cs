using Canns.Models;

namespace Canns.Analysis;

/// <summary>What an energy analysis computes and how much of it.</summary>
public sealed class EnergyAnalysisOptions
{
    /// <summary>N, for <see cref="EnergyAnalysis.Run"/> (which stores its own random patterns); at least 2.</summary>
    /// <value>The default value is 200.</value>
    public int Neurons { get; set; } = 200;

    /// <summary>
    /// P, the random ±1 patterns <see cref="EnergyAnalysis.Run"/> stores; at least 1, and at most N for the Hopfield
    /// rules (below N for <see cref="StorageRule.PseudoInverse"/>); the dense rules take any P.
    /// </summary>
    /// <value>The default value is 10 (a load of 0.05 at N = 200).</value>
    public int Patterns { get; set; } = 10;

    /// <summary>
    /// How <see cref="EnergyAnalysis.Run"/> stores the patterns: in an N × N Amari–Hopfield network by one of the
    /// Hopfield rules, or in a <see cref="DenseAssociativeMemory"/> (P × N memory matrix, no threshold) by
    /// <see cref="StorageRule.DenseCubic"/> or <see cref="StorageRule.DenseExponential"/>. For
    /// <see cref="EnergyAnalysis.Analyze"/> it names the rule the given trainer stored with, for the report.
    /// </summary>
    /// <value>The default value is <see cref="StorageRule.Hebbian"/>.</value>
    public StorageRule Rule { get; set; } = StorageRule.Hebbian;

    /// <summary>The master seed of patterns, probes, random states and update orders.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>The update mode of the network <see cref="EnergyAnalysis.Run"/> builds.</summary>
    /// <value>The default value is <see cref="UpdateMode.Asynchronous"/>, under which the energy never increases.</value>
    public UpdateMode UpdateMode { get; set; } = UpdateMode.Asynchronous;

    /// <summary>The threshold θ of the network <see cref="EnergyAnalysis.Run"/> builds; finite, and 0 for the dense rules (a dense memory has none).</summary>
    /// <value>The default value is 0.</value>
    public float Threshold { get; set; }

    /// <summary>The most recall steps per probe; at least 1.</summary>
    /// <value>The default value is 50.</value>
    public int MaxIterations { get; set; } = 50;

    /// <summary>How many recalls to record energy trajectories of (cycling over the patterns); at least 1, at most <see cref="MaxRuns"/>.</summary>
    /// <value>The default value is 8.</value>
    public int Trajectories { get; set; } = 8;

    /// <summary>The fraction of bits flipped in the trajectory probes; in [0, 1].</summary>
    /// <value>The default value is 0.3.</value>
    public double TrajectoryNoise { get; set; } = 0.3;

    /// <summary>How many uniformly random ±1 states to compare energies with; at least 1, at most <see cref="MaxRuns"/>.</summary>
    /// <value>The default value is 500.</value>
    public int RandomStates { get; set; } = 500;

    /// <summary>The most symmetric 3-mixtures <c>sgn(ξ_a + ξ_b + ξ_c)</c> to evaluate (the first triples in lexicographic order); at least 0.</summary>
    /// <value>The default value is 120 (all triples of 10 patterns).</value>
    public int MaxMixtures { get; set; } = 120;

    /// <summary>The probes per pattern and flip fraction when measuring basins; at least 1.</summary>
    /// <value>The default value is 20.</value>
    public int BasinTrials { get; set; } = 20;

    /// <summary>The step between the flip fractions tried for basins, in (0, 0.5].</summary>
    /// <value>The default value is 0.025.</value>
    public double BasinStep { get; set; } = 0.025;

    /// <summary>The largest flip fraction tried for basins, in [0, 0.5].</summary>
    /// <value>The default value is 0.5.</value>
    public double BasinMaxFraction { get; set; } = 0.5;

    /// <summary>The success rate at which a flip fraction still counts as inside the basin, in (0, 1].</summary>
    /// <value>The default value is 0.9.</value>
    public double BasinSuccessRate { get; set; } = 0.9;

    /// <summary>
    /// The most runs of the dynamics <see cref="Trajectories"/>, <see cref="RandomStates"/> and <see cref="CensusStarts"/>
    /// may each ask for: far beyond any useful analysis, and a bound on what a merge of (possibly edited) shard files
    /// allocates before it can find them incomplete.
    /// </summary>
    public const int MaxRuns = 10_000_000;

    /// <summary>Random starts for the attractor census; at least 1, at most <see cref="MaxRuns"/>.</summary>
    /// <value>The default value is 500.</value>
    public int CensusStarts { get; set; } = 500;

    /// <summary>The largest block of W the heatmap shows (its top-left corner); at least 1.</summary>
    /// <value>The default value is 100.</value>
    public int HeatmapSize { get; set; } = 100;

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate() => Validate(checkMemory: true);

    /// <summary>
    /// Checks every option; the memory the probes need is checked only when <paramref name="checkMemory"/> is true, and
    /// with <paramref name="mergeOnly"/> only for what a merge of shards runs itself (W, the trajectory probes and the
    /// random states; the basin probes and census starts were the shards').
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    internal void Validate(bool checkMemory, bool mergeOnly = false)
    {
        var errors = new List<string>();
        if (Neurons < 2) errors.Add($"Neurons ({Neurons}) must be at least 2.");
        bool dense = StorageRuleNetworks.IsDense(Rule);
        if (!Enum.IsDefined(Rule)) errors.Add($"Rule ({Rule}) is not a defined storage rule.");
        if (Patterns < 1) errors.Add($"Patterns ({Patterns}) must be at least 1.");
        // Rules are named as the reports and the CLI's --rule spell them (hebbian, not Hebbian).
        else if (Rule == StorageRule.PseudoInverse && Patterns >= Neurons) errors.Add($"Patterns ({Patterns}) must be below Neurons ({Neurons}) for rule {Reports.Text.Name(Rule)}.");
        else if (!dense && Patterns > Neurons) errors.Add($"Patterns ({Patterns}) must be at most Neurons ({Neurons}) for rule {Reports.Text.Name(Rule)}.");
        if (!Enum.IsDefined(UpdateMode)) errors.Add($"UpdateMode ({UpdateMode}) is not a defined update mode.");
        if (!float.IsFinite(Threshold)) errors.Add($"Threshold ({Threshold}) must be finite.");
        else if (dense && Threshold != 0) errors.Add($"Threshold ({Threshold}) must be 0 for rule {Reports.Text.Name(Rule)}: a dense associative memory has no threshold.");
        if (MaxIterations < 1) errors.Add($"MaxIterations ({MaxIterations}) must be at least 1.");
        if (Trajectories < 1) errors.Add($"Trajectories ({Trajectories}) must be at least 1.");
        if (!(TrajectoryNoise >= 0 && TrajectoryNoise <= 1)) errors.Add($"TrajectoryNoise ({TrajectoryNoise}) must be in [0, 1].");
        if (RandomStates < 1) errors.Add($"RandomStates ({RandomStates}) must be at least 1.");
        if (MaxMixtures < 0) errors.Add($"MaxMixtures ({MaxMixtures}) must be at least 0.");
        if (BasinTrials < 1) errors.Add($"BasinTrials ({BasinTrials}) must be at least 1.");
        if (!(BasinStep > 0 && BasinStep <= 0.5)) errors.Add($"BasinStep ({BasinStep}) must be in (0, 0.5].");
        if (!(BasinMaxFraction >= 0 && BasinMaxFraction <= 0.5)) errors.Add($"BasinMaxFraction ({BasinMaxFraction}) must be in [0, 0.5].");
        if (!(BasinSuccessRate > 0 && BasinSuccessRate <= 1)) errors.Add($"BasinSuccessRate ({BasinSuccessRate}) must be in (0, 1].");
        if (CensusStarts < 1) errors.Add($"CensusStarts ({CensusStarts}) must be at least 1.");
        foreach (var (name, runs) in new[] { ("Trajectories", Trajectories), ("RandomStates", RandomStates), ("CensusStarts", CensusStarts) })
        {
            if (runs > MaxRuns) errors.Add($"{name} ({runs}) must be at most {MaxRuns:N0}.");
        }
        if (HeatmapSize < 1) errors.Add($"HeatmapSize ({HeatmapSize}) must be at least 1.");
        if (errors.Count == 0 && checkMemory)
        {
            long budget = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            // W is N × N, or a dense memory's P × N floats with a P × N double copy by unit. The stages run one after
            // another, each on one batch of N-wide states: the trajectory probes, the random states, the basin probes,
            // the census starts.
            int weightRows = dense ? Patterns : Neurons;
            long batch = mergeOnly ? Math.Max(Trajectories, RandomStates) : Math.Max(Math.Max(Trajectories, RandomStates), CensusStarts);
            long basinProbes = mergeOnly ? 0 : (long)Patterns * BasinFractions * BasinTrials;
            double bytes = 4.0 * Neurons * (3.0 * weightRows + 3.0 * Math.Max(batch, basinProbes));
            if ((long)Neurons * weightRows > Array.MaxLength || (long)Neurons * batch > Array.MaxLength || bytes > budget)
            {
                errors.Add($"N = {Neurons} with {Patterns} patterns, {Trajectories} Trajectories, {RandomStates} RandomStates and {CensusStarts} CensusStarts needs about " +
                           $"{bytes / 1e9:F1} GB (or an array larger than .NET allows), more than the {budget / 1e9:F1} GB available; lower N, Patterns, BasinTrials or those counts.");
            }
        }
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(EnergyAnalysisOptions), string.Join(" ", errors));
    }

    /// <summary>The number of flip fractions tried for basins: 0, step, …, up to the largest.</summary>
    internal int BasinFractions => (int)Math.Floor(BasinMaxFraction / BasinStep + 1e-9) + 1;

    /// <summary>True when both are null, or neither is and <see cref="Difference"/> finds no difference: the equality of the results that hold them.</summary>
    internal static bool Same(EnergyAnalysisOptions? a, EnergyAnalysisOptions? b) => ReferenceEquals(a, b) || (a is not null && b is not null && Difference(a, b) is null);

    /// <summary>
    /// The first option in which <paramref name="a"/> and <paramref name="b"/> differ, named with both values
    /// (e.g. <c>seed 7 vs. 8</c>), or null when every option is equal.
    /// </summary>
    internal static string? Difference(EnergyAnalysisOptions a, EnergyAnalysisOptions b)
    {
        static string? One<T>(string name, T x, T y) where T : IEquatable<T> =>
            x.Equals(y) ? null : FormattableString.Invariant($"{name} {x} vs. {y}");
        return One("neurons", a.Neurons, b.Neurons) ?? One("patterns", a.Patterns, b.Patterns)
            ?? (a.Rule == b.Rule ? null : $"rule {Reports.Text.Name(a.Rule)} vs. {Reports.Text.Name(b.Rule)}") ?? One("seed", a.Seed, b.Seed)
            ?? (a.UpdateMode == b.UpdateMode ? null : $"update mode {a.UpdateMode} vs. {b.UpdateMode}") ?? One("threshold", a.Threshold, b.Threshold)
            ?? One("max iterations", a.MaxIterations, b.MaxIterations) ?? One("trajectories", a.Trajectories, b.Trajectories)
            ?? One("trajectory noise", a.TrajectoryNoise, b.TrajectoryNoise) ?? One("random states", a.RandomStates, b.RandomStates)
            ?? One("max mixtures", a.MaxMixtures, b.MaxMixtures) ?? One("basin trials", a.BasinTrials, b.BasinTrials)
            ?? One("basin step", a.BasinStep, b.BasinStep) ?? One("basin max fraction", a.BasinMaxFraction, b.BasinMaxFraction)
            ?? One("basin success rate", a.BasinSuccessRate, b.BasinSuccessRate) ?? One("census starts", a.CensusStarts, b.CensusStarts)
            ?? One("heatmap size", a.HeatmapSize, b.HeatmapSize);
    }

    /// <summary>A copy.</summary>
    internal EnergyAnalysisOptions Clone() => (EnergyAnalysisOptions)MemberwiseClone();
}
