// StdpTemporalLearning: input group A fires, then 3 steps later group B, over and over. At first only B is strong
// enough to make the neurons spike. STDP (on the event-driven compiled path) potentiates A's synapses, which fire
// before those spikes, until A alone makes the neurons fire: the sequence A → B is learned into the weights, and the
// response moves earlier, to the predicting group. (A₊ > A₋ here: a spike in the same step as its input counts
// A₊ − A₋, and this example wants that causal coincidence to potentiate.)
using Canns.Models;
using Canns.Trainers;

const int groupSize = 20, inputs = 3 * groupSize, outputs = 4, steps = 5000;
var random = new Random(5);
var raster = new Matrix(steps, inputs);
for (int t = 0; t + 3 < steps; t += 25)
{
    for (int j = 0; j < groupSize; j++) raster[t, j] = 1f;                       // A
    for (int j = groupSize; j < 2 * groupSize; j++) raster[t + 3, j] = 1f;      // B, 3 steps later
}
for (int t = 0; t < steps; t++)
for (int j = 2 * groupSize; j < inputs; j++)
{
    if (random.NextDouble() < 0.02) raster[t, j] = 1f;                           // C: background noise
}

var layer = new SpikingLayer(inputs, outputs, new SpikingLayerOptions { Seed = 1, InitialWeightScale = 0f });
const float weakA = 0.02f, strongB = 0.1f, noiseC = 0.02f;
for (int i = 0; i < outputs; i++)
{
    var row = layer.W.Row(i);
    row[..groupSize].Fill(weakA);
    row[groupSize..(2 * groupSize)].Fill(strongB);
    row[(2 * groupSize)..].Fill(noiseC);
}
var onlyA = new Matrix(1, inputs);
onlyA.Row(0)[..groupSize].Fill(1f);
var trainer = new StdpTrainer(layer, new StdpOptions { APlus = 0.01f, AMinus = 0.008f, Bounds = StdpBounds.Hard });
bool firedToABefore = trainer.Predict(onlyA.Row(0)).Sum() > 0;
var clock = System.Diagnostics.Stopwatch.StartNew();
trainer.Train(raster);
clock.Stop();
Console.WriteLine($"STDP: {steps} steps, {inputs} → {outputs}, {trainer.LastPostSpikeCount} output spikes, " +
    $"{clock.Elapsed.TotalMicroseconds / steps:F2} µs/step (compiled path: {trainer.IsCompiledPathActive}).");
Console.WriteLine($"mean weight from group      A (first)   B (3 steps later)   C (noise)     (started at {weakA:F3}, {strongB:F3}, {noiseC:F3})");
bool ok = true;
for (int i = 0; i < outputs; i++)
{
    var row = layer.W.ReadOnlyRow(i).ToArray();
    double a = row[..groupSize].Average(), b = row[groupSize..(2 * groupSize)].Average(), c = row[(2 * groupSize)..].Average();
    Console.WriteLine($"neuron {i}                    {a,8:F3}   {b,8:F3}            {c,8:F3}");
    ok &= a > weakA && a > c;
}
layer.Reset();
int firedToAAfter = (int)trainer.Predict(onlyA.Row(0)).Sum();
Console.WriteLine($"group A alone from rest makes {(firedToABefore ? "some" : "no")} neuron fire before training and {firedToAAfter} of {outputs} after.");
ok &= !firedToABefore && firedToAAfter == outputs;
Console.WriteLine(ok ? "VALIDATED: the earlier group was potentiated until it drives the neurons alone: the order A → B is in the weights." : "NOT VALIDATED");
return ok ? 0 : 1;
