// PlasticityToolkit: a recurrent network of 200 spiking neurons with depressing short-term synapses learns cell
// assemblies. Four groups of 40 neurons are driven in turn; bounded Hebbian potentiation and depression (LTD ratio 0.5),
// decay, BCM metaplasticity and homeostatic scaling toward 10 Hz run on their own schedules, and a reward gates which
// groups are learned (curriculum: groups A and B rewarded, then C and D without reward). The monitor prints the weights'
// distribution after each epoch; the learned assemblies then complete a half cue. A second network learns its
// feed-forward input weights: 40 neurons (a quarter inhibitory) see two groups of 8 input channels in turn, and
// competition through the inhibitory neurons turns random input weights into neurons that answer one group only.
using Canns.Models;
using Canns.Trainers;
using Spectre.Console;

const int N = 200, Group = 40;
RecurrentSpikingNetwork NewNetwork() => new(N, new RecurrentSpikingOptions
{
    ConnectionProbability = 0.2f, InitialWeightScale = 0.1f, Seed = 42, ShortTermPlasticity = ShortTermPlasticityOptions.Depressing(),
});

float[] Drive(int group, int cued = Group)
{
    var input = Enumerable.Repeat(0.02f, N).ToArray();
    for (int i = group * Group; i < group * Group + cued; i++) input[i] = 0.15f;
    return input;
}
Matrix Groups(params int[] groups) => Matrix.FromRows(groups.Select(g => Drive(g)).ToArray());

var network = NewNetwork();
var trainer = new PlasticityTrainer(network, new PlasticityOptions
{
    LearningRate = 0.05f, LtdRatio = 0.5f, WeightDecay = 0.0005f, MinWeight = 0f, MaxWeight = 0.5f,
    Schedule = PlasticitySchedule.Periodic, Interval = 10, StepsPerPattern = 200,
    Homeostasis = new HomeostasisOptions { TargetRateHz = 10, Interval = 500, ScalingRate = 0.01f },
    Metaplasticity = new MetaplasticityOptions { LearningRate = 0.01f, ThresholdTimeConstant = 50 },
});
var table = new Table().Title($"Weights of the {network.ConnectionCount:N0} synapses after each epoch").AddColumns("stage", "epoch", "mean w", "std", "at w_max", "mean rate (Hz)", "LTP / LTD updates");
trainer.Monitor = new Sink(s => table.AddRow(s.Stage, $"{s.Epoch}", $"{s.MeanWeight:F4}", $"{s.WeightStandardDeviation:F4}", $"{s.FractionAtUpperBound:P1}",
    $"{s.MeanRateHz:F1}", $"{s.Potentiated:N0} / {s.Depressed:N0}"));
trainer.ConfigureProgress(showProgress: false);
trainer.TrainCurriculum(
[
    new CurriculumStage("A, B rewarded", Groups(0, 1), epochs: 4, rewards: [1f, 1f]),
    new CurriculumStage("C, D unrewarded", Groups(2, 3), epochs: 4, rewards: [0f, 0f]),
]);
AnsiConsole.Write(table);

// Mean weight of the synapses inside a group and of those between groups.
double Mean(RecurrentSpikingNetwork net, Func<int, int, bool> which)
{
    double sum = 0;
    long count = 0;
    var w = net.W.AsReadOnlySpan();
    for (int i = 0; i < N; i++)
    {
        for (int j = 0; j < N; j++)
        {
            if (!net.IsConnected(i, j) || !which(i, j)) continue;
            sum += w[i * N + j];
            count++;
        }
    }
    return sum / count;
}
double Within(int g) => Mean(network, (i, j) => i / Group == g && j / Group == g);
double between = Mean(network, (i, j) => i / Group != j / Group);

// Pattern completion: drive half of group A; how fast does the other half fire, trained against untrained?
var cue = Drive(0, cued: Group / 2);
double Uncued(SpikeResponse r) => r.RatesHz.Skip(Group / 2).Take(Group / 2).Average();
double trained = Uncued(trainer.Predict(cue));
double untrained = Uncued(new PlasticityTrainer(NewNetwork(), new PlasticityOptions { StepsPerPattern = 200 }).Predict(cue));

var summary = new Table().Title("What was learned").AddColumns("quantity", "value");
summary.AddRow("mean w inside A / B (rewarded)", $"{Within(0):F4} / {Within(1):F4}");
summary.AddRow("mean w inside C / D (reward 0)", $"{Within(2):F4} / {Within(3):F4}");
summary.AddRow("mean w between groups", $"{between:F4}");
summary.AddRow("uncued half of A, half cue: trained / untrained (Hz)", $"{trained:F1} / {untrained:F1}");
AnsiConsole.Write(summary);

// Feed-forward input weights (RecurrentSpikingOptions.InputCount, PlasticityOptions.TrainInputWeights).
const int Neurons = 40, Channels = 16, Excitatory = 30;
var fed = new RecurrentSpikingNetwork(Neurons, new RecurrentSpikingOptions
{
    ConnectionProbability = 0.5f, InitialWeightScale = 0.3f, Leak = 0.8f, InhibitoryFraction = 0.25f, InhibitoryGain = 8f, Seed = 7,
    InputCount = Channels, InputWeightScale = 0.1f,
});
var fedTrainer = new PlasticityTrainer(fed, new PlasticityOptions
{
    LearningRate = 0.02f, LtdRatio = 1f, MaxWeight = 0.3f, StepsPerPattern = 50, Interval = 10, Epochs = 30, TrainInputWeights = true,
});
fedTrainer.ConfigureProgress(showProgress: false);
var channels = new Matrix(2, Channels);
for (int j = 0; j < Channels / 2; j++) (channels[0, j], channels[1, Channels / 2 + j]) = (1f, 1f);
// Selectivity of a neuron's input weights: |Σ_A w − Σ_B w| / (Σ_A w + Σ_B w), 0 for no preference, 1 for one group only.
double Selectivity()
{
    var w = fed.InputWeights!.ToArray();
    return Enumerable.Range(0, Neurons).Average(i =>
    {
        double a = w.AsSpan(i * Channels, Channels / 2).ToArray().Sum(), b = w.AsSpan(i * Channels + Channels / 2, Channels / 2).ToArray().Sum();
        return a + b == 0 ? 0 : Math.Abs(a - b) / (a + b);
    });
}
(int OneGroup, int Both) Responders()
{
    var ra = fedTrainer.Predict(channels.Row(0)).RatesHz;
    var rb = fedTrainer.Predict(channels.Row(1)).RatesHz;
    return (Enumerable.Range(0, Excitatory).Count(i => (ra[i] > 5) != (rb[i] > 5)), Enumerable.Range(0, Excitatory).Count(i => ra[i] > 5 && rb[i] > 5));
}
double selectivityBefore = Selectivity();
var respondersBefore = Responders();
fedTrainer.Train(channels);
double selectivityAfter = Selectivity();
var respondersAfter = Responders();
var feed = new Table().Title("Feed-forward input weights, before and after learning").AddColumns("quantity", "before", "after");
feed.AddRow("mean selectivity of W_in rows", $"{selectivityBefore:F3}", $"{selectivityAfter:F3}");
feed.AddRow("excitatory neurons answering one group only", $"{respondersBefore.OneGroup}", $"{respondersAfter.OneGroup}");
feed.AddRow("excitatory neurons answering both", $"{respondersBefore.Both}", $"{respondersAfter.Both}");
AnsiConsole.Write(feed);

bool ok = Within(0) > 2 * between && Within(1) > 2 * between
          && Within(2) < Within(0) / 2 && Within(3) < Within(0) / 2
          && trained > 2 * untrained + 1
          && selectivityAfter > 3 * selectivityBefore && respondersAfter.OneGroup > respondersBefore.OneGroup && respondersAfter.Both < respondersBefore.Both;
AnsiConsole.MarkupLine(ok ? "[green]VALIDATED[/]: rewarded groups became assemblies, unrewarded ones did not, a half cue recalls the rest, and the input weights became selective."
                          : "[red]NOT VALIDATED[/]: see the tables.");
return ok ? 0 : 1;

sealed class Sink(Action<PlasticitySnapshot> report) : IProgress<PlasticitySnapshot>
{
    public void Report(PlasticitySnapshot value) => report(value);
}
