namespace Canns.Trainers;

/// <summary>
/// The operands of one rule evaluation over a block of synapses: P samples of presynaptic activity (P × M,
/// row-major), the postsynaptic activities transposed (Rows × P, so row i's are contiguous), optional traces laid
/// out the same way, thresholds, the modulator, the weights (Rows × M) and the output
/// <c>Delta[i, j] = Σ_p f(Pre[p, j], PostT[i, p], W[i, j], PreTrace[p, j], PostTraceT[i, p], Theta[i], Modulator)</c>,
/// summed in the order p = 0, 1, … on every path.
/// </summary>
internal sealed class RuleBatch
{
    public required float[] Pre { get; init; }
    public required float[] PostT { get; init; }
    public required float[] PreTrace { get; init; }
    public required float[] PostTraceT { get; init; }
    public required float[] Theta { get; init; }
    public required float Modulator { get; init; }
    public required float[] W { get; init; }
    public required float[] Delta { get; init; }
    public required int Rows { get; init; }
    public required int Columns { get; init; }
    public required int Patterns { get; init; }

    /// <summary>The synapse (i, j) as sample p shows it.</summary>
    public Synapse At(int i, int j, int p)
    {
        int m = Columns, pp = Patterns;
        return new Synapse(
            Pre[(long)p * m + j], PostT[(long)i * pp + p], W[(long)i * m + j],
            PreTrace.Length == 0 ? 0f : PreTrace[(long)p * m + j],
            PostTraceT.Length == 0 ? 0f : PostTraceT[(long)i * pp + p],
            Theta[i], Modulator);
    }
}
