namespace Canns.Analysis;

public static partial class CapacityStudy
{
    /// <summary>
    /// The cells of <paramref name="plan"/> that belong to <paramref name="shard"/>: plan index <c>k</c> with
    /// <c>k mod n = i</c>. Striding over the point-major plan deals every load's trials round the shards, so shards are
    /// balanced even though high loads cost more. A shard may be empty when there are more shards than cells.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="shard"/> is the default value (count 0).</exception>
    public static IReadOnlyList<CapacityCell> ShardCells(CapacityStudyPlan plan, ShardId shard)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (shard.Count < 1) throw new ArgumentException("The shard is uninitialised (count 0); create it with new ShardId(i, n).", nameof(shard));
        var cells = new List<CapacityCell>(plan.Cells.Count / shard.Count + 1);
        for (int k = shard.Index; k < plan.Cells.Count; k += shard.Count) cells.Add(plan.Cells[k]);
        return cells;
    }

    /// <summary>Plans the study and runs only the cells of <paramref name="shard"/> (see <see cref="ShardCells"/>).</summary>
    /// <param name="options">The whole study's options; every shard must be given the same.</param>
    /// <param name="shard">Which shard to run.</param>
    /// <param name="progress">Receives a report after each cell; null for none.</param>
    /// <param name="cancellationToken">Stops the shard between cells.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="shard"/> is the default value, or the rule cannot store a trial's random patterns (see <see cref="RunCells"/>).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; nothing has run.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static CapacityShard RunShard(CapacityStudyOptions options, ShardId shard, IProgress<AnalysisProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var plan = Plan(options);
        var cells = ShardCells(plan, shard);
        return new CapacityShard(shard, plan.Options.Clone(), RunCells(plan, cells, progress, cancellationToken));
    }

    /// <summary>
    /// Merges the shards of one study into the result the unsharded run gives (same points, same trials, bit for bit).
    /// Checks that every shard is of the same study (equal options and seed, equal shard count), that each shard is
    /// given once and none is missing, and that each holds exactly its own cells, each once.
    /// </summary>
    /// <param name="shards">Every shard of the study, in any order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="shards"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">The shards do not make up one whole study; the message names the problem.</exception>
    public static CapacityStudyResult Merge(IEnumerable<CapacityShard> shards)
    {
        var list = ShardSet.CheckWhole(shards, s => s.Shard, s => s.Producer, s => [s.Options, s.Results],
            (a, b) => CapacityStudyOptions.Difference(a.Options, b.Options), "study");
        var first = list[0];
        int count = first.Shard.Count;

        // The merge runs no cell, so the memory check for running them does not apply here.
        var options = first.Options.Clone();
        options.MemoryBudgetBytes = long.MaxValue;
        options.MaxDegreeOfParallelism = 1;
        var plan = Plan(options);
        int trials = options.Trials;
        var owner = new ShardId?[plan.Cells.Count];
        foreach (var s in list)
        {
            foreach (var r in s.Results)
            {
                ArgumentNullException.ThrowIfNull(r, nameof(shards));
                bool inPlan = (uint)r.PointIndex < (uint)plan.Points.Count && (uint)r.Trial < (uint)trials;
                int k = inPlan ? r.PointIndex * trials + r.Trial : 0;
                if (!inPlan || plan.Cells[k].Seed != r.Seed)
                {
                    throw new ArgumentException($"Shard {s.Shard} holds a cell (point {r.PointIndex}, trial {r.Trial}, seed {r.Seed}) that is not in the study.", nameof(shards));
                }
                if (r.Patterns != plan.Points[r.PointIndex].Patterns)
                {
                    throw new ArgumentException($"Shard {s.Shard} holds cell (point {r.PointIndex}, trial {r.Trial}) with {r.Patterns} patterns; the study stores " +
                                                $"{plan.Points[r.PointIndex].Patterns} at that point.", nameof(shards));
                }
                if (!s.Shard.Owns(k))
                {
                    throw new ArgumentException($"Shard {s.Shard} holds cell (point {r.PointIndex}, trial {r.Trial}), which belongs to shard {k % count}/{count}.", nameof(shards));
                }
                if (owner[k] is not null) throw new ArgumentException($"Duplicate cell (point {r.PointIndex}, trial {r.Trial}) in shard {s.Shard}.", nameof(shards));
                owner[k] = s.Shard;
            }
        }
        int gap = Array.FindIndex(owner, o => o is null);
        if (gap >= 0)
        {
            throw new ArgumentException($"Shard {gap % count}/{count} lacks cell (point {gap / trials}, trial {gap % trials}); {owner.Count(o => o is null)} cell(s) missing in all.", nameof(shards));
        }
        var merged = Summarize(plan, list.SelectMany(s => s.Results));
        // Report the study's own options, not the merge's relaxed copy.
        var own = first.Options.Clone();
        return merged with { Plan = merged.Plan with { Options = own } };
    }
}
