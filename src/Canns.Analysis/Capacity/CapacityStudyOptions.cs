using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// What a capacity study sweeps: the grid of points (N × rule × update mode × noise × load) and the trials per point.
/// A point stores <c>P = round(α·N)</c> random ±1 patterns and recalls each from a probe with exactly
/// <c>round(noise·N)</c> bits flipped.
/// </summary>
public sealed class CapacityStudyOptions
{
    /// <summary>The network sizes N to sweep; each at least 2.</summary>
    /// <value>The default value is [500].</value>
    public IReadOnlyList<int> Neurons { get; set; } = [500];

    /// <summary>The loads α = P/N to sweep; each finite and &gt; 0, with <c>round(α·N) ≥ 1</c>.</summary>
    /// <value>The default value is 0.02, 0.04, …, 0.30 (15 loads).</value>
    public IReadOnlyList<double> Loads { get; set; } = LoadRange(0.02, 0.30, 0.02);

    /// <summary>The fractions of bits flipped in the probes; each in [0, 1].</summary>
    /// <value>The default value is [0.1].</value>
    public IReadOnlyList<double> NoiseLevels { get; set; } = [0.1];

    /// <summary>The storage rules to sweep.</summary>
    /// <value>The default value is [<see cref="StorageRule.Hebbian"/>].</value>
    public IReadOnlyList<StorageRule> Rules { get; set; } = [StorageRule.Hebbian];

    /// <summary>The update modes to sweep.</summary>
    /// <value>The default value is [<see cref="UpdateMode.Synchronous"/>], which recalls a batch as matrix-matrix products.</value>
    public IReadOnlyList<UpdateMode> UpdateModes { get; set; } = [UpdateMode.Synchronous];

    /// <summary>Independent trials per point (fresh patterns, probes and update orders); at least 1.</summary>
    /// <value>The default value is 10.</value>
    public int Trials { get; set; } = 10;

    /// <summary>The master seed; every cell's seed is derived from it and the cell's coordinates.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>The most steps of recall dynamics per probe; at least 1.</summary>
    /// <value>The default value is 20.</value>
    public int MaxIterations { get; set; } = 20;

    /// <summary>
    /// How many cells run at once, at most: −1 for <see cref="Canns.Models.CannsParallelism.MaxDegree"/> (by default one
    /// per core); a value ≥ 1 is capped by it, so the study runs <c>min(MaxDegreeOfParallelism, CannsParallelism.MaxDegree)</c>
    /// cells at once (and never more than it has cells). Results do not depend on it.
    /// </summary>
    /// <value>The default value is −1.</value>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>
    /// The memory the study may use, in bytes; null for the memory the garbage collector reports as available.
    /// Validation rejects grids whose cells running at once would need more.
    /// </summary>
    /// <value>The default value is null.</value>
    public long? MemoryBudgetBytes { get; set; }

    /// <summary>
    /// The loads <c>start, start + step, …</c> up to <paramref name="stop"/> inclusive (within 10⁻⁹·step), each
    /// rounded to 12 decimals so that 0.02 + 14·0.02 is 0.3, not 0.30000000000000004.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, step ≤ 0, stop &lt; start, or the range has more than 100,000 loads.</exception>
    public static IReadOnlyList<double> LoadRange(double start, double stop, double step)
    {
        if (!double.IsFinite(start) || !double.IsFinite(stop) || !double.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"The load range {start}:{stop}:{step} must be finite.");
        }
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, $"The load step ({step}) must be > 0.");
        if (stop < start) throw new ArgumentOutOfRangeException(nameof(stop), stop, $"The load range ends ({stop}) before it starts ({start}).");
        double count = Math.Floor((stop - start) / step + 1e-9) + 1;
        if (count > 100_000) throw new ArgumentOutOfRangeException(nameof(step), step, $"The load range {start}:{stop}:{step} has {count} loads, more than 100,000.");
        var loads = new double[(int)count];
        for (int k = 0; k < loads.Length; k++) loads[k] = Math.Round(start + k * step, 12);
        return loads;
    }

    /// <summary>The most trials (cells) a study may hold in all; its plan keeps one object per cell.</summary>
    public const long MaxTrialsInAll = 10_000_000;

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, two loads give the same number of patterns at some N, the grid holds more than <see cref="MaxTrialsInAll"/> trials, or it needs more memory than the budget.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (Neurons is null || Neurons.Count == 0) errors.Add("Neurons must list at least one network size.");
        else if (Neurons.Any(n => n < 2)) errors.Add($"Neurons ({string.Join(", ", Neurons.Where(n => n < 2))}) must each be at least 2.");
        if (Loads is null || Loads.Count == 0) errors.Add("Loads must list at least one load.");
        else if (Loads.Any(a => !double.IsFinite(a) || a <= 0)) errors.Add($"Loads ({string.Join(", ", Loads.Where(a => !double.IsFinite(a) || a <= 0))}) must each be finite and > 0.");
        if (NoiseLevels is null || NoiseLevels.Count == 0) errors.Add("NoiseLevels must list at least one noise level.");
        else if (NoiseLevels.Any(x => !(x >= 0 && x <= 1))) errors.Add($"NoiseLevels ({string.Join(", ", NoiseLevels.Where(x => !(x >= 0 && x <= 1)))}) must each be in [0, 1].");
        if (Rules is null || Rules.Count == 0) errors.Add("Rules must list at least one storage rule.");
        else if (Rules.Any(r => !Enum.IsDefined(r))) errors.Add("Rules holds an undefined storage rule.");
        if (UpdateModes is null || UpdateModes.Count == 0) errors.Add("UpdateModes must list at least one update mode.");
        else if (UpdateModes.Any(m => !Enum.IsDefined(m))) errors.Add("UpdateModes holds an undefined update mode.");
        foreach (var (name, count, distinct) in new[]
        {
            ("Neurons", Neurons?.Count ?? 0, Neurons?.Distinct().Count() ?? 0), ("Loads", Loads?.Count ?? 0, Loads?.Distinct().Count() ?? 0),
            ("NoiseLevels", NoiseLevels?.Count ?? 0, NoiseLevels?.Distinct().Count() ?? 0), ("Rules", Rules?.Count ?? 0, Rules?.Distinct().Count() ?? 0),
            ("UpdateModes", UpdateModes?.Count ?? 0, UpdateModes?.Distinct().Count() ?? 0),
        })
        {
            if (count != distinct) errors.Add($"{name} lists a value twice.");
        }
        if (Trials < 1) errors.Add($"Trials ({Trials}) must be at least 1.");
        long cells = (long)Math.Max(Trials, 0) * (Neurons?.Count ?? 0) * (Loads?.Count ?? 0) * (NoiseLevels?.Count ?? 0) * (Rules?.Count ?? 0) * (UpdateModes?.Count ?? 0);
        if (cells > MaxTrialsInAll)
        {
            errors.Add($"The study has {cells} trials in all (Trials × the points of Neurons, Loads, NoiseLevels, Rules and UpdateModes), more than {MaxTrialsInAll:N0}; lower Trials or the lists.");
        }
        if (MaxIterations < 1) errors.Add($"MaxIterations ({MaxIterations}) must be at least 1.");
        if (MaxDegreeOfParallelism is 0 or < -1) errors.Add($"MaxDegreeOfParallelism ({MaxDegreeOfParallelism}) must be -1 or at least 1.");
        if (MemoryBudgetBytes is <= 0) errors.Add($"MemoryBudgetBytes ({MemoryBudgetBytes}) must be null or > 0.");
        if (errors.Count == 0) CheckSizes(errors);
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(CapacityStudyOptions), string.Join(" ", errors));
    }

    /// <summary>Pattern counts of at least 1, arrays within .NET's limits, and the cells running at once within the memory budget.</summary>
    private void CheckSizes(List<string> errors)
    {
        long budget = MemoryBudgetBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long concurrent = Math.Min(EffectiveParallelism, (long)Trials * Loads.Count * NoiseLevels.Count * Rules.Count * UpdateModes.Count);
        foreach (int n in Neurons)
        {
            if ((long)n * n > Array.MaxLength)
            {
                errors.Add($"N = {n} needs an N × N weight matrix of {(long)n * n} entries, more than a .NET array holds.");
                continue;
            }
            // Two loads that round to the same P at this N would be the same trials (a cell's seed follows from P), so
            // the curve would show one result twice at two loads.
            foreach (var same in Loads.GroupBy(load => Math.Round(load * n, MidpointRounding.AwayFromZero)).Where(g => g.Key >= 1 && g.Count() > 1))
            {
                errors.Add($"Loads {string.Join(" and ", same)} all give P = {same.Key} patterns at N = {n} (P = round(α·N)), the same trials twice; drop all but one, or space the loads at least 1/N = {1.0 / n:G3} apart.");
            }
            foreach (double load in Loads)
            {
                double p = Math.Round(load * n, MidpointRounding.AwayFromZero);
                if (p < 1)
                {
                    errors.Add($"Load {load} at N = {n} gives P = round(α·N) = 0 patterns; use a load of at least {0.5 / n:G3}.");
                }
                else if (p >= n && Rules.Contains(StorageRule.PseudoInverse))
                {
                    errors.Add($"Load {load} at N = {n} gives P = {p} patterns; the pseudo-inverse rule stores at most N − 1 = {n - 1} (loads below 1).");
                }
                else if (p * n > Array.MaxLength || CellBytes(n, p) * concurrent > budget)
                {
                    errors.Add($"Load {load} at N = {n} gives P = {p} patterns: {concurrent} trial(s) at once need about " +
                               $"{CellBytes(n, p) * concurrent / 1e9:F1} GB, more than the {budget / 1e9:F1} GB available; lower the load or N.");
                }
            }
        }
    }

    /// <summary>One cell's working set in bytes: W, the trainer's Gram sums and one Gram batch (3·N² floats) and about six P × N float matrices.</summary>
    internal static double CellBytes(int n, double patterns) => 4.0 * (3.0 * n * n + 6.0 * patterns * n);

    /// <summary>
    /// The number of cells run at once: <see cref="Canns.Models.CannsParallelism.MaxDegree"/>, the libraries' one
    /// setting of the cores they may use, or the explicit degree when that is lower (never more: it is a cap).
    /// </summary>
    internal int EffectiveParallelism => MaxDegreeOfParallelism == -1
        ? Canns.Models.CannsParallelism.MaxDegree
        : Math.Min(MaxDegreeOfParallelism, Canns.Models.CannsParallelism.MaxDegree);

    /// <summary>True when both are null, or neither is and <see cref="Difference"/> finds no difference: the equality of the results that hold them.</summary>
    internal static bool Same(CapacityStudyOptions? a, CapacityStudyOptions? b) => ReferenceEquals(a, b) || (a is not null && b is not null && Difference(a, b) is null);

    /// <summary>
    /// Null when <paramref name="a"/> and <paramref name="b"/> define the same study (the options that change its
    /// numbers: grid, trials, step limit and seed, compared exactly); otherwise the first difference, e.g.
    /// <c>seed 1 vs. 2</c>. Parallelism and the memory budget do not change the numbers and are not compared.
    /// </summary>
    internal static string? Difference(CapacityStudyOptions a, CapacityStudyOptions b)
    {
        static string? List<T>(string name, IReadOnlyList<T> x, IReadOnlyList<T> y) =>
            x.SequenceEqual(y) ? null : FormattableString.Invariant($"{name} [{Join(x)}] vs. [{Join(y)}]");
        static string Join<T>(IReadOnlyList<T> x) => string.Join(", ", x.Select(v => FormattableString.Invariant($"{v}")));
        static string? One(string name, int x, int y) => x == y ? null : FormattableString.Invariant($"{name} {x} vs. {y}");
        return List("neurons", a.Neurons, b.Neurons) ?? List("loads", a.Loads, b.Loads) ?? List("noise levels", a.NoiseLevels, b.NoiseLevels)
            ?? List("rules", a.Rules, b.Rules) ?? List("update modes", a.UpdateModes, b.UpdateModes) ?? One("trials", a.Trials, b.Trials)
            ?? One("max iterations", a.MaxIterations, b.MaxIterations) ?? One("seed", a.Seed, b.Seed);
    }

    /// <summary>A deep copy.</summary>
    internal CapacityStudyOptions Clone() => new()
    {
        Neurons = [.. Neurons], Loads = [.. Loads], NoiseLevels = [.. NoiseLevels], Rules = [.. Rules], UpdateModes = [.. UpdateModes],
        Trials = Trials, Seed = Seed, MaxIterations = MaxIterations, MaxDegreeOfParallelism = MaxDegreeOfParallelism, MemoryBudgetBytes = MemoryBudgetBytes,
    };
}
