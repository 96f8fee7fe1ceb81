// ContinualLearning: catastrophic forgetting in a recurrent spiking network, and two remedies. Task A drives two cell
// assemblies (2 × 40 of 200 neurons), then task B drives two others for three times as long while weight decay erodes
// what A left. Plain training loses most of A; selective plasticity (eligibility traces gate the synapses a past task
// used, coincidence reopens them) and replay (old patterns interleaved with the new) keep it, and B is learned either way.
// The last two columns are the selective gate's diagnostics after task A: its mean over the synapses, and the fraction
// it protects (gate below one half). A second table asks the same over three tasks in a row with ContinualLearning.Run
// (backward transfer and forgetting). A third applies the same gate to a rate-based local rule from outside
// (WithSelectivePlasticity wraps any trainer), batch by batch.
using Canns.Analysis;
using Canns.Models;
using Canns.Trainers;
using Spectre.Console;

const int N = 200, Group = 40;

float[] Drive(int group)
{
    var input = Enumerable.Repeat(0.02f, N).ToArray();
    for (int i = group * Group; i < (group + 1) * Group; i++) input[i] = 0.15f;
    return input;
}

double Within(RecurrentSpikingNetwork net, params int[] groups)
{
    double sum = 0;
    int count = 0;
    foreach (int g in groups)
    {
        for (int i = g * Group; i < (g + 1) * Group; i++)
        {
            for (int j = g * Group; j < (g + 1) * Group; j++)
            {
                if (!net.IsConnected(i, j)) continue;
                sum += net.W.AsReadOnlySpan()[i * N + j];
                count++;
            }
        }
    }
    return sum / count;
}

(double AfterA, double AfterB, double TaskB, PlasticitySnapshot AfterTaskA) Run(SelectivePlasticityOptions? selective, bool replay)
{
    var net = new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions
    {
        ConnectionProbability = 0.2f, InitialWeightScale = 0.1f, Seed = 42, ShortTermPlasticity = ShortTermPlasticityOptions.Depressing(),
    });
    var trainer = new PlasticityTrainer(net, new PlasticityOptions
    {
        LearningRate = 0.05f, WeightDecay = 0.002f, MaxWeight = 0.5f, Interval = 10, StepsPerPattern = 200, Selective = selective,
    });
    trainer.ConfigureProgress(showProgress: false);
    var (taskA, taskB) = (Matrix.FromRows(Drive(0), Drive(1)), Matrix.FromRows(Drive(2), Drive(3)));
    var buffer = new ReplayBuffer(capacity: 16, seed: 1);
    for (int epoch = 0; epoch < 4; epoch++) trainer.Train(taskA);
    buffer.Add(taskA);
    double afterA = Within(net, 0, 1);
    var snapshot = trainer.Snapshot();
    for (int epoch = 0; epoch < 12; epoch++) trainer.Train(replay ? buffer.Interleave(taskB) : taskB);
    return (afterA, Within(net, 0, 1), Within(net, 2, 3), snapshot);
}

var variants = new (string Name, SelectivePlasticityOptions? Selective, bool Replay)[]
{
    ("plain", null, false),
    ("selective plasticity", new SelectivePlasticityOptions { TraceDecay = 0.99f, Protection = 5, WarmupApplications = 50 }, false),
    ("replay", null, true),
    ("selective + replay", new SelectivePlasticityOptions { TraceDecay = 0.99f, Protection = 5, WarmupApplications = 50 }, true),
};
var table = new Table().Title("Mean weight inside the assemblies").AddColumns("training", "A after A", "A after B", "A kept", "B after B", "gate", "protected");
var results = new Dictionary<string, (double AfterA, double AfterB, double TaskB, PlasticitySnapshot AfterTaskA)>();
foreach (var (name, selective, replay) in variants)
{
    var r = Run(selective, replay);
    results[name] = r;
    table.AddRow(name, $"{r.AfterA:F4}", $"{r.AfterB:F4}", $"{r.AfterB / r.AfterA:P0}", $"{r.TaskB:F4}",
        $"{r.AfterTaskA.MeanGate:F2}", $"{r.AfterTaskA.ProtectedFraction:P0}");
}
AnsiConsole.Write(table);

// The same question over a sequence of three tasks (two assemblies each, 30 neurons an assembly), with the library's
// study: every task scored (its assemblies' mean weight) after every task learned; backward transfer and forgetting.
const int Assembly = 30;
Matrix Task(int t)
{
    var m = new Matrix(2, N);
    m.AsSpan().Fill(0.02f);
    for (int p = 0; p < 2; p++)
    {
        for (int i = (2 * t + p) * Assembly; i < (2 * t + p + 1) * Assembly; i++) m[p, i] = 0.15f;
    }
    return m;
}
double Score(PlasticityTrainer trainer, Matrix task)
{
    double sum = 0;
    int count = 0;
    for (int p = 0; p < task.Rows; p++)
    {
        var driven = Enumerable.Range(0, N).Where(i => task[p, i] > 0.1f).ToArray();
        foreach (int i in driven)
        {
            foreach (int j in driven)
            {
                if (!trainer.Model.IsConnected(i, j)) continue;
                sum += trainer.Model.W.AsReadOnlySpan()[i * N + j];
                count++;
            }
        }
    }
    return sum / count;
}
PlasticityTrainer Fresh(SelectivePlasticityOptions? selective)
{
    var net = new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions
    {
        ConnectionProbability = 0.2f, InitialWeightScale = 0.1f, Seed = 42, ShortTermPlasticity = ShortTermPlasticityOptions.Depressing(),
    });
    var trainer = new PlasticityTrainer(net, new PlasticityOptions
    {
        LearningRate = 0.05f, WeightDecay = 0.002f, MaxWeight = 0.5f, Interval = 10, StepsPerPattern = 200, Selective = selective,
    });
    trainer.ConfigureProgress(showProgress: false);
    return trainer;
}
Matrix[] tasks = [Task(0), Task(1), Task(2)];
var plainStudy = ContinualLearning.Run(Fresh(null), tasks, Score, new ContinualLearningOptions { EpochsPerTask = 6 });
var bothStudy = ContinualLearning.Run(Fresh(new SelectivePlasticityOptions { TraceDecay = 0.99f, Protection = 5, WarmupApplications = 50 }), tasks, Score,
    new ContinualLearningOptions { EpochsPerTask = 6, ReplayCapacity = 16, Seed = 1 });
var study = new Table().Title("Three tasks in a row (ContinualLearning.Run)").AddColumns("training", "average score", "backward transfer", "forgetting");
study.AddRow("plain", $"{plainStudy.AverageScore:F4}", $"{plainStudy.BackwardTransfer:F4}", $"{plainStudy.Forgetting:F4}");
study.AddRow("selective + replay", $"{bothStudy.AverageScore:F4}", $"{bothStudy.BackwardTransfer:F4}", $"{bothStudy.Forgetting:F4}");
AnsiConsole.Write(study);

// Any trainer: a bounded Hebbian rule with decay on a feedforward layer, two tasks on disjoint inputs, one step a batch.
Matrix Inputs(int first, int seed)
{
    var random = new Random(seed);
    var m = new Matrix(2000, 8);
    for (int r = 0; r < m.Rows; r++)
    {
        for (int j = first; j < first + 4; j++) m[r, j] = (float)(0.5 + 0.5 * random.NextDouble());
    }
    return m;
}
LocalRuleLayerTrainer Rule()
{
    var layer = new LinearLayer(8, 2);
    layer.W.AsSpan().Fill(0.1f);
    return new LocalRuleLayerTrainer(layer, s => s.Post * s.Pre, new LocalRuleOptions { LearningRate = 0.05f, WeightDecay = 0.02f, MinWeight = 0f, MaxWeight = 1f });
}
double Response(Trainer<IFeedforwardModel, float[]> trainer, Matrix task)
{
    var y = new float[trainer.Model.Outputs];
    double sum = 0;
    for (int r = 0; r < task.Rows; r++)
    {
        trainer.Model.Forward(task.Row(r), y);
        sum += y.Sum();
    }
    return sum / task.Rows;
}
Matrix[] rateTasks = [Inputs(0, 1), Inputs(4, 2)];
var batches = new ContinualLearningOptions { BatchSize = 20 };
var ratePlain = ContinualLearning.Run(Rule(), rateTasks, Response, batches);
var rateSelective = ContinualLearning.Run(
    Rule().WithSelectivePlasticity(new SelectiveTrainerOptions { Selective = new() { TraceDecay = 0.95f, Protection = 10f, WarmupApplications = 10 } }),
    rateTasks, Response, batches);
var rate = new Table().Title("A local Hebbian rule, two tasks (WithSelectivePlasticity)").AddColumns("training", "task 0 learned", "task 0 at the end", "task 1", "forgetting");
rate.AddRow("plain", $"{ratePlain.Score(0, 0):F3}", $"{ratePlain.Score(1, 0):F3}", $"{ratePlain.Score(1, 1):F3}", $"{ratePlain.Forgetting:F3}");
rate.AddRow("selective", $"{rateSelective.Score(0, 0):F3}", $"{rateSelective.Score(1, 0):F3}", $"{rateSelective.Score(1, 1):F3}", $"{rateSelective.Forgetting:F3}");
AnsiConsole.Write(rate);

double Retention(string name) => results[name].AfterB / results[name].AfterA;
bool ok = Retention("plain") < 0.5 && Retention("selective plasticity") > 0.7 && Retention("replay") > 0.8
          && results["selective plasticity"].TaskB > 0.9 * results["plain"].TaskB
          && Retention("selective + replay") > Math.Max(0.95, Math.Max(Retention("selective plasticity"), Retention("replay")))
          && bothStudy.Forgetting < 0.5 * plainStudy.Forgetting
          && rateSelective.Forgetting < 0.8 * ratePlain.Forgetting && rateSelective.Score(1, 1) > 0.95 * ratePlain.Score(1, 1);
AnsiConsole.MarkupLine(ok ? "[green]VALIDATED[/]: plain training forgets A; selective plasticity and replay keep it while B is learned, and together keep all of it (and forget far less over three tasks); the gate around a local rule forgets less too."
                          : "[red]NOT VALIDATED[/]: see the table.");
return ok ? 0 : 1;
