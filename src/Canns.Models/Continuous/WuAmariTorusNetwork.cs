namespace Canns.Models;

/// <summary>
/// The two-dimensional Wu–Amari network (CANN2D of the canns library): side × side units on a torus of side 2π
/// (unit (row, column) prefers the point <c>(−π + 2π·column/side, −π + 2π·row/side)</c>), Gaussian couplings
/// <c>W = J0/(2π a²) exp(−|d|²/(2a²))</c> of the distance on the torus, global divisive inhibition and the dynamics of
/// <see cref="WuAmariNetwork"/>. Its stationary bump is <c>u = U0 exp(−|x − z|²/(4a²))</c> for k below
/// <c>k_c = ρJ0²/(32π a²)</c>, ρ = N/(4π²) (<c>Canns.Analysis.TheoreticalBump.WuAmariTorus</c>). No known Lyapunov function:
/// no <see cref="IEnergyModel"/>. Units, state and input are row-major. Not thread-safe: lock <see cref="WuAmariModel.SyncRoot"/>.
/// </summary>
/// <remarks>
/// <b>Against canns' CANN2D.</b> CANN2D divides its two-dimensional Gaussian by the one-dimensional
/// <c>√(2π) a</c>, not by <c>2π a²</c>, so its couplings are <c>√(2π) a</c> times these (1.25 times at a = 0.5) and
/// its bump and k_c are not the ones above: the couplings of a CANN2D with coupling J0 are those of this network with
/// <see cref="WuAmariOptions.Coupling"/> = <c>J0·√(2π)·a</c>. As on the ring (<see cref="WuAmariNetwork"/>), rates use
/// <c>[u]₊²</c> where CANN2D uses u², and each axis has <c>side</c> distinct angles where CANN2D's
/// <c>linspace(−π, π, side)</c> repeats its first one at the end.
/// </remarks>
public sealed class WuAmariTorusNetwork : WuAmariModel
{
    private readonly RingGeometry _axis;

    /// <summary>Creates a torus of <paramref name="side"/> × <paramref name="side"/> units.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> &lt; 1, N × N cannot be allocated, or an option is out of range
    /// (including J0 and a whose peak coupling J0/(2π a²) is beyond the float32 range).</exception>
    public WuAmariTorusNetwork(int side, WuAmariOptions? options = null)
        : base(Units(side), options)
    {
        Side = side;
        int n = Size;
        _axis = new RingGeometry(side);
        // One value per pair of axis offsets, mirrored (k and side − k are the same distance): W exactly symmetric.
        double a = Width, scale = Coupling / (2 * Math.PI * a * a);
        ThrowIfCouplingOverflows(scale);
        var squared = new double[side];
        for (int k = 0; k <= side / 2; k++) squared[k] = squared[(side - k) % side] = Math.Pow(2 * Math.PI * k / side, 2);
        var w = W.AsSpan();
        for (int i = 0; i < n; i++)
        {
            int ri = i / side, ci = i % side;
            var row = w.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                int dr = ((ri - j / side) % side + side) % side, dc = ((ci - j % side) % side + side) % side;
                row[j] = (float)(scale * Math.Exp(-(squared[dr] + squared[dc]) / (2 * a * a)));
            }
        }
    }

    /// <summary>Units along each side.</summary>
    public int Side { get; }

    /// <summary>ρ = N/(4π²), the density of units on the torus.</summary>
    public double Density => Size / (4 * Math.PI * Math.PI);

    /// <summary>k_c = ρJ0²/(32π a²): above it no bump can hold itself up.</summary>
    public double CriticalInhibition => Density * Coupling * Coupling / (32 * Math.PI * Width * Width);

    /// <summary>The preferred point (x, y) of unit <paramref name="index"/> (row-major: x from the column, y from the row).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, N).</exception>
    public (double X, double Y) PreferredPosition(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return (_axis.PreferredAngle(index % Side), _axis.PreferredAngle(index / Side));
    }

    /// <summary>The bump's centre: on each axis, the angle of the population vector of the rates summed over the other; NaN when silent.</summary>
    public (double X, double Y) BumpCenter
    {
        get
        {
            var r = Rates;
            var columns = new float[Side];
            var rows = new float[Side];
            for (int i = 0; i < r.Length; i++)
            {
                columns[i % Side] += r[i];
                rows[i / Side] += r[i];
            }
            return (_axis.Decode(columns), _axis.Decode(rows));
        }
    }

    /// <summary>Sets I to the cue <c>A exp(−|d|²/(4a²))</c>, d the distance on the torus to (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or ∞; the input is unchanged.</exception>
    public void SetBumpInput(double x, double y, float amplitude)
    {
        Guard.ThrowIfNotFinite(x, nameof(x));
        Guard.ThrowIfNotFinite(y, nameof(y));
        SetCue(amplitude, i =>
        {
            var (px, py) = PreferredPosition(i);
            double dx = RingAttractorNetwork.Wrap(px - x), dy = RingAttractorNetwork.Wrap(py - y);
            return dx * dx + dy * dy;
        });
    }

    /// <summary>side², checked before anything is allocated.</summary>
    private static int Units(int side)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        long units = (long)side * side;
        if (units > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(side), side, $"A torus of side {side} has {units} units, more than a network can hold.");
        }
        return (int)units;
    }
}
