// OjaVsSanger: three Oja outputs all find the same (first) component; three Sanger outputs find the first three
// components in order, and their rows are orthonormal.
using static Canns.Examples.GaussianData;
using Canns.Models;
using Canns.Trainers;

const int n = 16, samples = 6000;
var random = new Random(11);
var basis = Orthonormal(n, random);
double[] variances = [8, 4, 2, .. Enumerable.Repeat(0.3, n - 3)];
var data = new Matrix(samples, n);
for (int s = 0; s < samples; s++)
{
    var z = variances.Select(v => Math.Sqrt(v) * Gaussian(random)).ToArray();
    for (int i = 0; i < n; i++) data[s, i] = (float)Enumerable.Range(0, n).Sum(k => basis[k][i] * z[k]);
}

var schedule = new StepSchedule(0.002f, 12_000, 0.5f);
var oja = new LinearLayer(n, 3, new LinearLayerOptions { Seed = 1 });
new OjaTrainer(oja, new OjaOptions { Schedule = schedule, Epochs = 8 }).Train(data);
var sanger = new LinearLayer(n, 3, new LinearLayerOptions { Seed = 1 });
new SangerTrainer(sanger, new SangerOptions { Schedule = schedule, Epochs = 8 }).Train(data);

Console.WriteLine("|cos(row i, eigenvector k)|      k=1     k=2     k=3");
bool ok = true;
foreach (var (name, layer) in new[] { ("Oja", oja), ("Sanger", sanger) })
{
    for (int i = 0; i < 3; i++)
    {
        var cos = Enumerable.Range(0, 3).Select(k => AbsCos(layer.W.ReadOnlyRow(i).ToArray(), basis[k])).ToArray();
        Console.WriteLine($"{name,-7} row {i + 1}                  {string.Join("  ", cos.Select(c => c.ToString("F3")))}");
        if (name == "Oja") ok &= cos[0] >= 0.95;
        else ok &= cos[i] >= 0.95;
    }
}
double worst = 0;
for (int a = 0; a < 3; a++)
for (int b = 0; b < 3; b++)
{
    double d = Enumerable.Range(0, n).Sum(j => (double)sanger.W.ReadOnlyRow(a)[j] * sanger.W.ReadOnlyRow(b)[j]);
    worst = Math.Max(worst, Math.Abs(d - (a == b ? 1 : 0)));
}
Console.WriteLine($"Sanger rows: max |WWᵀ − I| = {worst:F4} (want ≤ 0.05)");
ok &= worst <= 0.05;
Console.WriteLine(ok
    ? "VALIDATED: Oja's rows all align with the first component; Sanger's rows are the first three components, in order, orthonormal."
    : "NOT VALIDATED");
return ok ? 0 : 1;

static double AbsCos(float[] w, double[] v) =>
    Math.Abs(w.Select((x, i) => x * v[i]).Sum()) / Math.Sqrt(w.Sum(x => (double)x * x));

