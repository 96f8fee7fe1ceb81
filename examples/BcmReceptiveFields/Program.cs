// BcmReceptiveFields: BCM with a sliding threshold on 12 × 12 oriented bars (8 orientations): each output becomes
// selective to one orientation, and the 8 outputs spread over at least 4 orientations (some settle on the same one).
using Canns.Models;
using Canns.Trainers;

const int size = 12, orientations = 8, outputs = 8;
var stimuli = new Matrix(orientations, size * size);
double c = (size - 1) / 2.0;
for (int k = 0; k < orientations; k++)
{
    double angle = Math.PI * k / orientations;
    for (int r = 0; r < size; r++)
    for (int col = 0; col < size; col++)
    {
        double d = -(col - c) * Math.Sin(angle) + (r - c) * Math.Cos(angle);
        stimuli[k, r * size + col] = (float)Math.Exp(-d * d / 2);
    }
}
var random = new Random(40);
var stream = new Matrix(40_000, size * size);
for (int s = 0; s < stream.Rows; s++) stimuli.Row(random.Next(orientations)).CopyTo(stream.Row(s));

var layer = new LinearLayer(size * size, outputs, new LinearLayerOptions { Seed = 41, SlidingThreshold = true, ThresholdTimeConstant = 50, InitialWeightScale = 0.1f });
var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 2e-4f, Shuffle = false });
var clock = System.Diagnostics.Stopwatch.StartNew();
trainer.Train(stream);
Console.WriteLine($"BCM: {stream.Rows} samples in {clock.Elapsed.TotalMilliseconds:F0} ms; weights unbounded (none by default).");

var responses = trainer.PredictBatch(stimuli);
Console.WriteLine("response to orientation (degrees):  " + string.Join(" ", Enumerable.Range(0, orientations).Select(k => $"{180.0 * k / orientations,6:F1}")) + "   preferred  selectivity");
var preferred = new HashSet<int>();
bool ok = true;
for (int i = 0; i < outputs; i++)
{
    var r = Enumerable.Range(0, orientations).Select(k => (double)responses[k][i]).ToArray();
    int best = Array.IndexOf(r, r.Max());
    double second = r.Where((_, k) => k != best).Select(Math.Abs).Max();
    double ratio = r[best] / Math.Max(second, 1e-9);
    ok &= ratio >= 3;
    preferred.Add(best);
    Console.WriteLine($"output {i} (θ = {trainer.Theta[i],5:F2})              {string.Join(" ", r.Select(v => $"{v,6:F2}"))}   {180.0 * best / orientations,6:F1}°  {ratio,8:F1}×");
}
Console.WriteLine($"{preferred.Count} distinct preferred orientations among {outputs} outputs.");
ok &= preferred.Count >= 4;
Console.WriteLine(ok ? "VALIDATED: every output is orientation-selective (≥ 3× its next response) and the outputs prefer at least 4 different orientations." : "NOT VALIDATED");
return ok ? 0 : 1;
