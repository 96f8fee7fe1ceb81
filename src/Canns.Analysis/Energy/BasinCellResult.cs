namespace Canns.Analysis;

/// <summary>
/// One cell of the basin measurement: the <see cref="EnergyAnalysisOptions.BasinTrials"/> probes of one pattern at one
/// flip fraction, each seeded from (seed, pattern, fraction, trial) alone, so a cell can run on any shard.
/// </summary>
/// <param name="Pattern">The pattern's index, in [0, P).</param>
/// <param name="FractionIndex">The flip fraction's index k, in [0, fractions); the fraction is <c>k · BasinStep</c>.</param>
/// <param name="Successes">How many of the cell's probes were recalled exactly, in [0, BasinTrials].</param>
public sealed record BasinCellResult(int Pattern, int FractionIndex, int Successes);
