// OjaPca: Oja's rule on zero-mean Gaussian data with a known covariance learns the first principal component.
// Validates |cos(w, v₁)| ≥ 0.99 and ‖w‖ = 1 ± 0.02 against the exact leading eigenvector.
using static Canns.Examples.GaussianData;
using System.Diagnostics;
using Canns.Models;
using Canns.Trainers;

const int n = 32, samples = 5000;
var random = new Random(7);
var basis = Orthonormal(n, random);
var variances = Enumerable.Range(0, n).Select(k => 6.0 / (1 + k)).ToArray(); // λ = 6, 3, 2, 1.5, …
var data = new Matrix(samples, n);
for (int s = 0; s < samples; s++)
{
    var z = variances.Select(v => Math.Sqrt(v) * Gaussian(random)).ToArray();
    for (int i = 0; i < n; i++) data[s, i] = (float)Enumerable.Range(0, n).Sum(k => basis[k][i] * z[k]);
}

var layer = new LinearLayer(n, 1, new LinearLayerOptions { Seed = 1 });
var trainer = new OjaTrainer(layer, new OjaOptions { Schedule = new ExponentialDecaySchedule(0.01f, 0.9998, 0.001f), Epochs = 4, Seed = 2 });
var clock = Stopwatch.StartNew();
trainer.Train(data);
clock.Stop();

var w = layer.W.ReadOnlyRow(0).ToArray();
double norm = Math.Sqrt(w.Sum(x => (double)x * x));
double cos = Math.Abs(w.Select((x, i) => x * basis[0][i]).Sum()) / norm;
Console.WriteLine($"Oja on {samples} × {n} samples, {trainer.StepCount} updates in {clock.Elapsed.TotalMilliseconds:F1} ms " +
    $"({clock.Elapsed.TotalMicroseconds / trainer.StepCount:F2} µs/sample, compiled path: {trainer.IsCompiledPathActive})");
Console.WriteLine($"|cos(w, exact leading eigenvector)| = {cos:F5}   (want ≥ 0.99)");
Console.WriteLine($"‖w‖ = {norm:F5}   (want 1 ± 0.02)");
bool ok = cos >= 0.99 && Math.Abs(norm - 1) <= 0.02;
Console.WriteLine(ok ? "VALIDATED: the weight vector is the unit-norm first principal component." : "NOT VALIDATED");
return ok ? 0 : 1;

