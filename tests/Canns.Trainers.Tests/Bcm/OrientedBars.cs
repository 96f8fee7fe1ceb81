using Canns.Models;

namespace Canns.Trainers.Tests.Bcm;

/// <summary>Oriented-bar stimuli: a bar through the centre of a size × size image, intensity exp(−d²/2σ²) with d the distance to the bar's axis.</summary>
internal static class OrientedBars
{
    public static Matrix Create(int size, int orientations, double sigma = 1.0)
    {
        var m = new Matrix(orientations, size * size);
        double c = (size - 1) / 2.0;
        for (int k = 0; k < orientations; k++)
        {
            double angle = Math.PI * k / orientations;
            double nx = -Math.Sin(angle), ny = Math.Cos(angle);
            for (int r = 0; r < size; r++)
            for (int col = 0; col < size; col++)
            {
                double d = (col - c) * nx + (r - c) * ny;
                m[k, r * size + col] = (float)Math.Exp(-d * d / (2 * sigma * sigma));
            }
        }
        return m;
    }

    /// <summary>A training stream: <paramref name="samples"/> rows drawn uniformly from the stimuli.</summary>
    public static Matrix Stream(Matrix stimuli, int samples, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(samples, stimuli.Columns);
        for (int s = 0; s < samples; s++) stimuli.Row(random.Next(stimuli.Rows)).CopyTo(m.Row(s));
        return m;
    }
}
