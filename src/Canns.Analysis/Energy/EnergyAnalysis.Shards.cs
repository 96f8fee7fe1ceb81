using System.Globalization;

namespace Canns.Analysis;

public static partial class EnergyAnalysis
{
    /// <summary>
    /// Stores the network <see cref="Run"/> would and measures only the items of <paramref name="shard"/>. The items
    /// are the basin cells (P patterns × the flip fractions, <see cref="BasinCellResult"/>) and the census starts
    /// (<see cref="CensusStartResult"/>), numbered fraction-major: basin cell (pattern q, fraction k) is item
    /// <c>k·P + q</c>, census start s is item <c>P·fractions + s</c>; shard i of n takes the items j with
    /// <c>j mod n = i</c>. Dealing the items round-robin gives every shard cells of every flip fraction (high
    /// fractions cost more) and its share of the census, so shards take about the same time. A shard may be empty
    /// when there are more shards than items; it then stores no network.
    /// </summary>
    /// <remarks>
    /// The cheap global stages (weights, pattern energies, trajectories, state energies, heatmap) run in
    /// <see cref="Merge"/>, which rebuilds the network from the options. Only <see cref="Run"/>'s own random network
    /// can be sharded, not one given to <see cref="Analyze"/>.
    /// </remarks>
    /// <param name="options">The whole analysis's options; every shard must be given the same.</param>
    /// <param name="shard">Which shard to run.</param>
    /// <param name="progress">Receives a report per stage and per pattern with basin cells in the shard; null for none.</param>
    /// <param name="cancellationToken">Stops the shard between batches.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="shard"/> is the default value (count 0).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (every problem is listed); nothing has run.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EnergyShard RunShard(EnergyAnalysisOptions options, ShardId shard, IProgress<AnalysisProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (shard.Count < 1) throw new ArgumentException("The shard is uninitialised (count 0); create it with new ShardId(i, n).", nameof(shard));
        var o = options.Clone();
        o.Validate();
        long basinItems = (long)o.Patterns * o.BasinFractions, items = basinItems + o.CensusStarts;
        var cells = new List<(int Pattern, int Fraction)>();
        var starts = new List<int>();
        for (long j = shard.Index; j < items; j += shard.Count)
        {
            if (j < basinItems) cells.Add(((int)(j % o.Patterns), (int)(j / o.Patterns)));
            else starts.Add((int)(j - basinItems));
        }
        if (cells.Count == 0 && starts.Count == 0) return new EnergyShard(shard, o, [], []);
        cells.Sort();
        var (trainer, patterns) = Store(o, progress, cancellationToken);
        return WithRecall(trainer, o, () =>
        {
            var basins = MeasureBasinCells(trainer, patterns, o, cells, progress, cancellationToken);
            var census = RunCensusStarts(trainer, patterns, o, starts, cancellationToken);
            progress?.Report(new AnalysisProgress("census", 1, 1));
            return new EnergyShard(shard, o, basins, census);
        });
    }

    /// <summary>
    /// Merges the shards of one analysis into the result the unsharded <see cref="Run"/> gives (bit for bit, so the
    /// reports are byte-identical). Checks that every shard is of the same analysis (equal options, equal shard count),
    /// that each shard is given once and none is missing, and that each holds exactly its own items (see
    /// <see cref="RunShard"/>), each once. Then rebuilds the network from the options and runs the cheap global stages
    /// (weights, pattern energies, trajectories, state energies, heatmap) itself.
    /// </summary>
    /// <param name="shards">Every shard of the analysis, in any order.</param>
    /// <param name="progress">Receives a report per stage; null for none.</param>
    /// <param name="cancellationToken">Stops the merge between stages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="shards"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">The shards do not make up one whole analysis; the message names the problem.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The shards' options are out of range, or the network, trajectories and random states they name need more memory than this machine has.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EnergyAnalysisResult Merge(IEnumerable<EnergyShard> shards, IProgress<AnalysisProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var list = ShardSet.CheckWhole(shards, s => s.Shard, s => s.Producer, s => [s.Options, s.Basins, s.Census],
            (a, b) => EnergyAnalysisOptions.Difference(a.Options, b.Options), "analysis");
        var first = list[0];

        // The merge measures no basin probe or census start, but it stores W and runs the trajectories and random
        // states itself: their memory is checked before anything is assembled.
        var o = first.Options.Clone();
        o.Validate(checkMemory: true, mergeOnly: true);
        if ((long)o.Patterns * o.BasinFractions > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), $"The shards' analysis has {o.Patterns} patterns × {o.BasinFractions} flip fractions, too many basin cells to merge.");
        }
        var (cells, starts) = Collect(list, o);
        var basins = AssembleBasins(o, cells);
        var census = AssembleCensus(starts);
        var (trainer, patterns) = Store(o, progress, cancellationToken);
        return WithRecall(trainer, o, () => AnalyzeStages(trainer, patterns, o, (basins, census), progress, cancellationToken));
    }

    /// <summary>Every shard's items, checked to be the analysis's, each in its own shard and each exactly once; census starts in order.</summary>
    private static (BasinCellResult[] Cells, CensusStartResult[] Starts) Collect(List<EnergyShard> shards, EnergyAnalysisOptions o)
    {
        int p = o.Patterns, fractions = o.BasinFractions, trials = o.BasinTrials, count = shards[0].Shard.Count;
        long basinItems = (long)p * fractions;
        var cells = new BasinCellResult?[p * fractions];
        var starts = new CensusStartResult?[o.CensusStarts];
        foreach (var s in shards)
        {
            foreach (var c in s.Basins)
            {
                ArgumentNullException.ThrowIfNull(c, nameof(shards));
                if ((uint)c.Pattern >= (uint)p || (uint)c.FractionIndex >= (uint)fractions)
                {
                    throw new ArgumentException($"Shard {s.Shard} holds a basin cell (pattern {c.Pattern}, fraction {c.FractionIndex}) that is not in the analysis " +
                                                $"({p} patterns × {fractions} fractions).", nameof(shards));
                }
                if ((uint)c.Successes > (uint)trials)
                {
                    throw new ArgumentException($"Shard {s.Shard} holds basin cell (pattern {c.Pattern}, fraction {c.FractionIndex}) with {c.Successes} successes " +
                                                $"out of {trials} trials.", nameof(shards));
                }
                long item = (long)c.FractionIndex * p + c.Pattern;
                CheckOwner(s.Shard, item, count, $"basin cell (pattern {c.Pattern}, fraction {c.FractionIndex})");
                ref var slot = ref cells[c.Pattern * fractions + c.FractionIndex];
                if (slot is not null) throw new ArgumentException($"Duplicate basin cell (pattern {c.Pattern}, fraction {c.FractionIndex}) in shard {s.Shard}.", nameof(shards));
                slot = c;
            }
            foreach (var c in s.Census)
            {
                ArgumentNullException.ThrowIfNull(c, nameof(shards));
                if ((uint)c.Start >= (uint)o.CensusStarts)
                {
                    throw new ArgumentException($"Shard {s.Shard} holds a census start ({c.Start}) that is not in the analysis ({o.CensusStarts} starts).", nameof(shards));
                }
                if (!Enum.IsDefined(c.Kind) || (!c.Converged && c.Kind != AttractorKind.Other))
                {
                    throw new ArgumentException($"Shard {s.Shard} holds census start {c.Start} with kind {c.Kind} though it " +
                                                $"{(c.Converged ? "converged" : "did not converge (which counts as other)")}.", nameof(shards));
                }
                CheckOwner(s.Shard, basinItems + c.Start, count, $"census start {c.Start}");
                if (starts[c.Start] is not null) throw new ArgumentException($"Duplicate census start {c.Start} in shard {s.Shard}.", nameof(shards));
                starts[c.Start] = c;
            }
        }
        int missingCells = cells.Count(c => c is null), missingStarts = starts.Count(c => c is null);
        if (missingCells + missingStarts > 0)
        {
            int gap = Array.FindIndex(cells, c => c is null);
            (long item, string what) = gap >= 0
                ? ((long)(gap % fractions) * p + gap / fractions, $"basin cell (pattern {gap / fractions}, fraction {gap % fractions})")
                : (basinItems + Array.FindIndex(starts, c => c is null), $"census start {Array.FindIndex(starts, c => c is null)}");
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Shard {item % count}/{count} lacks {what}; {missingCells + missingStarts} item(s) missing in all."), "shards");
        }
        return (cells.Select(c => c!).ToArray(), starts.Select(c => c!).ToArray());
    }

    private static void CheckOwner(ShardId shard, long item, int count, string what)
    {
        if (item % count != shard.Index)
        {
            throw new ArgumentException($"Shard {shard} holds {what}, which belongs to shard {item % count}/{count}.", "shards");
        }
    }
}
