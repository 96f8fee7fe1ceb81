namespace Canns.Trainers;

/// <summary>
/// A compiled rule over one row i: for every column j,
/// <c>delta[rowW + j] = Σ_{p &lt; patterns} f(pre[p·m + j], postT[rowPost + p], w[rowW + j], preTrace[p·m + j], postTraceT[rowPost + p], θ, m)</c>,
/// each lane summing its samples in order.
/// </summary>
internal delegate void RowKernel(float[] pre, float[] postT, float[] preTrace, float[] postTraceT, float[] w, float[] delta,
    int rowW, int rowPost, int columns, int patterns, float theta, float modulator);

/// <summary>
/// A compiled <see cref="AffineForm"/> over one row: <c>delta[row + j] = c₁·P + c_pre·S[j] + c_post·S_i + c_pp·G[row + j]</c>,
/// the coefficients evaluated at <c>w[row + j]</c>, θ and m.
/// </summary>
internal delegate void GramRowKernel(float[] gram, float[] columnSums, float[] w, float[] delta, int row, int columns,
    float rowSum, float patterns, float theta, float modulator);
