// One rule — covariance Hebbian with multiplicative soft bounds and weight decay,
// w ← w + η((1/P) Σ_p (x_i − ρ)(x_j − ρ)(1 − w²) − λw) — written three ways: a subclass, a struct rule and an
// expression. Prints that they give the same W, and how long each takes.
using System.Diagnostics;
using Canns.Examples.CustomTrainer;
using Canns.Models;
using Canns.Trainers;

const int N = 1024, P = 100, Calls = 3;
const float Eta = 0.5f;
var random = new Random(42);
var patterns = new Matrix(P, N);
foreach (ref float v in patterns.AsSpan()) v = random.Next(2) == 0 ? -1f : 1f;

var options = new LocalRuleOptions { LearningRate = Eta, Centering = RuleCentering.GlobalMean };
var expressionRule = LocalRule.FromExpression(s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W, "soft-bound covariance");

var subclass = Run("subclass (HopfieldTrainer)", net => new SoftBoundHebbianTrainer(net, Eta, decay: 0.01f));
var fromStruct = Run("struct rule (ILocalRule)", net => new LocalRuleTrainer(net, LocalRule.FromStruct<SoftBoundRule>(), options));
var fromExpression = Run("expression (compiled)", net => new LocalRuleTrainer(net, expressionRule, options));
Run("expression (step path)", net => new LocalRuleTrainer(net, expressionRule, options), compiled: false);

Console.WriteLine();
Console.WriteLine($"max |W_subclass − W_struct|     = {MaxDiff(subclass, fromStruct):E2}");
Console.WriteLine($"max |W_subclass − W_expression| = {MaxDiff(subclass, fromExpression):E2}");
Console.WriteLine($"max |W_struct − W_expression|   = {MaxDiff(fromStruct, fromExpression):E2}");
Console.WriteLine($"expression kernels compiled in {expressionRule.CompileTime?.TotalMilliseconds:F1} ms");
bool same = MaxDiff(subclass, fromStruct) < 1e-4 && MaxDiff(subclass, fromExpression) < 1e-4;
Console.WriteLine(same ? "The three give the same W (within 1e-4)." : "MISMATCH: the three disagree.");
return same ? 0 : 1;

float[] Run(string label, Func<AmariHopfieldNetwork, Trainer> create, bool compiled = true)
{
    // One warm-up call on a small network (JIT, kernel compilation), then the timed calls at N.
    create(new AmariHopfieldNetwork(N)).ConfigureProgress(false, compiled).Train(new Matrix(2, N, patterns.Data[..(2 * N)]));
    var net = new AmariHopfieldNetwork(N);
    var trainer = create(net).ConfigureProgress(showProgress: false, useCompile: compiled);
    var watch = Stopwatch.StartNew();
    for (int c = 0; c < Calls; c++) trainer.Train(patterns);
    Console.WriteLine($"{label,-28} {watch.Elapsed.TotalMilliseconds / Calls,9:F1} ms per Train (N = {N}, P = {P})");
    return net.W.ToArray();
}

static double MaxDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
