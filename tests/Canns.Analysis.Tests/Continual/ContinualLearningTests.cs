using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Continual;

public class ContinualLearningTests
{
    [Test]
    public void Summaries_OfAHandWrittenMatrix()
    {
        // R after tasks 0, 1, 2 (rows) on tasks 0, 1, 2 (columns).
        var r = new ContinualLearningResult([0.9, 0.1, 0.0, 0.6, 0.8, 0.2, 0.5, 0.7, 0.9], 3);
        Assert.That(r.AverageScore, Is.EqualTo((0.5 + 0.7 + 0.9) / 3).Within(1e-15));
        Assert.That(r.BackwardTransfer, Is.EqualTo(((0.5 - 0.9) + (0.7 - 0.8)) / 2).Within(1e-15));
        Assert.That(r.Forgetting, Is.EqualTo(((0.9 - 0.5) + (0.8 - 0.7)) / 2).Within(1e-15));
        Assert.That(r.ToCsv(), Is.EqualTo("after_task,task_0,task_1,task_2\n0,0.9,0.1,0\n1,0.6,0.8,0.2\n2,0.5,0.7,0.9\n"));
        var one = new ContinualLearningResult([0.4], 1);
        Assert.That((one.AverageScore, one.BackwardTransfer, one.Forgetting), Is.EqualTo((0.4, 0.0, 0.0)));
    }

    [Test]
    public void Result_BadMatrixOrIndex_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ContinualLearningResult([1, 2, 3], 2), "not T² long");
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContinualLearningResult([], 0));
        Assert.Throws<ArgumentException>(() => new ContinualLearningResult([1, double.NaN, 3, 4], 2));
        var r = new ContinualLearningResult([1, 2, 3, 4], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Score(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Score(-1, 0));
        r.Scores[0] = 99;
        Assert.That(r.Score(0, 0), Is.EqualTo(1), "Scores is a copy");
    }

    [Test]
    public void Run_OptionsChangedByACallback_DoNotChangeTheStudy()
    {
        var tasks = new[] { Task(0), Task(1) };
        var options = new ContinualLearningOptions { EpochsPerTask = 2 };
        var expected = ContinualLearning.Run(Trainer(null), tasks, Within, new ContinualLearningOptions { EpochsPerTask = 2 });
        var changed = ContinualLearning.Run(Trainer(null), tasks, Within, options, new SyncProgress<AnalysisProgress>(_ => options.EpochsPerTask = 0));
        Assert.That(changed, Is.EqualTo(expected));
    }

    private const int N = 200, Group = 30;

    private static PlasticityTrainer Trainer(SelectivePlasticityOptions? selective)
    {
        var net = new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.2f, InitialWeightScale = 0.1f, Seed = 42, ShortTermPlasticity = ShortTermPlasticityOptions.Depressing(),
        });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            LearningRate = 0.05f, WeightDecay = 0.002f, MaxWeight = 0.5f, Interval = 10, StepsPerPattern = 200, Selective = selective,
        });
        trainer.ConfigureProgress(false);
        return trainer;
    }

    /// <summary>Task t drives assemblies 2t and 2t + 1 (30 neurons each) over a weak background.</summary>
    private static Matrix Task(int t)
    {
        var m = new Matrix(2, N);
        m.AsSpan().Fill(0.02f);
        for (int p = 0; p < 2; p++)
        {
            for (int i = (2 * t + p) * Group; i < (2 * t + p + 1) * Group; i++) m[p, i] = 0.15f;
        }
        return m;
    }

    /// <summary>The score of a task: the mean weight inside its two assemblies (what the network keeps of it).</summary>
    private static double Within(PlasticityTrainer trainer, Matrix task)
    {
        var net = trainer.Model;
        var w = net.W.AsReadOnlySpan();
        double sum = 0;
        int count = 0;
        for (int p = 0; p < task.Rows; p++)
        {
            var driven = Enumerable.Range(0, N).Where(i => task[p, i] > 0.1f).ToArray();
            foreach (int i in driven)
            {
                foreach (int j in driven)
                {
                    if (!net.IsConnected(i, j)) continue;
                    sum += w[i * N + j];
                    count++;
                }
            }
        }
        return sum / count;
    }

    [Test]
    public void Run_ScoresEachTaskAfterEachTask_AsTrainingByHandWould()
    {
        var tasks = new[] { Task(0), Task(1) };
        var options = new ContinualLearningOptions { EpochsPerTask = 3 };
        var learned = new List<AnalysisProgress>();
        var result = ContinualLearning.Run(Trainer(null), tasks, Within, options, new SyncProgress<AnalysisProgress>(learned.Add));
        Assert.That(learned, Is.EqualTo(new[] { new AnalysisProgress("tasks", 1, 2), new AnalysisProgress("tasks", 2, 2) }));
        // By hand: the same trainer, three epochs of task 0, scores; three of task 1, scores.
        var byHand = Trainer(null);
        for (int e = 0; e < 3; e++) byHand.Train(tasks[0]);
        Assert.That((result.Score(0, 0), result.Score(0, 1)), Is.EqualTo((Within(byHand, tasks[0]), Within(byHand, tasks[1]))));
        for (int e = 0; e < 3; e++) byHand.Train(tasks[1]);
        Assert.That((result.Score(1, 0), result.Score(1, 1)), Is.EqualTo((Within(byHand, tasks[0]), Within(byHand, tasks[1]))));
    }

    [Test]
    public void Run_SelectivePlasticityAndReplay_ForgetLessThanPlainTraining()
    {
        var tasks = new[] { Task(0), Task(1), Task(2) };
        var options = new ContinualLearningOptions { EpochsPerTask = 6 };
        var plain = ContinualLearning.Run(Trainer(null), tasks, Within, options);
        var both = ContinualLearning.Run(Trainer(new SelectivePlasticityOptions { TraceDecay = 0.99f, Protection = 5, WarmupApplications = 50 }), tasks, Within,
            new ContinualLearningOptions { EpochsPerTask = 6, ReplayCapacity = 16, Seed = 1 });
        // Measured: plain forgetting 0.224 (BWT −0.224), with selective plasticity and replay 0.015.
        Assert.That(plain.BackwardTransfer, Is.LessThan(0), "plain training forgets the earlier tasks");
        Assert.That(both.Forgetting, Is.LessThan(0.5 * plain.Forgetting), "the remedies keep more than half of what plain training loses");
        Assert.That(both.Score(2, 2), Is.GreaterThan(0.8 * plain.Score(2, 2)), "and the last task is still learned");
    }

    [Test]
    public void Run_BadInput_Throws()
    {
        var trainer = Trainer(null);
        Assert.Throws<ArgumentException>(() => ContinualLearning.Run(trainer, [], Within));
        Assert.Throws<ArgumentException>(() => ContinualLearning.Run(trainer, [new Matrix(2, N - 1)], Within));
        Assert.Throws<ArgumentException>(() => ContinualLearning.Run(trainer, [new Matrix(0, N)], Within));
        var nan = Task(0);
        nan[1, 3] = float.NaN;
        Assert.Throws<ArgumentException>(() => ContinualLearning.Run(trainer, [nan], Within));
        var e = Assert.Throws<InvalidOperationException>(() => ContinualLearning.Run(trainer, [Task(0), Task(1)], (_, _) => double.NaN));
        Assert.That(e!.Message, Does.Contain("task 0").And.Contain("NaN"));
        var o = Assert.Throws<ArgumentOutOfRangeException>(() => new ContinualLearningOptions { EpochsPerTask = 0, ReplayCapacity = -1, ReplayPerPattern = 0, BatchSize = -1 }.Validate());
        Assert.That(o!.Message, Does.Contain("EpochsPerTask").And.Contain("ReplayCapacity").And.Contain("ReplayPerPattern").And.Contain("BatchSize"));
    }

    /// <summary>Records the rows of every <c>Train</c> call; its one weight counts them.</summary>
    private sealed class RecordingTrainer : Trainer<IFeedforwardModel, float[]>
    {
        public RecordingTrainer(IFeedforwardModel model)
            : base(model) => model.W.AsSpan().Clear();

        public List<float[][]> Calls { get; } = [];

        public override void Train(Matrix data, CancellationToken cancellationToken = default)
        {
            ValidateData(data, Model.Inputs, "inputs");
            Calls.Add(Enumerable.Range(0, data.Rows).Select(r => data.Row(r).ToArray()).ToArray());
            Model.W.AsSpan()[0] += 1;
        }

        public override float[] Predict(ReadOnlySpan<float> input) => [];
    }

    private static Matrix Numbered(int rows, float offset)
    {
        var m = new Matrix(rows, 2);
        for (int r = 0; r < rows; r++) m[r, 0] = m[r, 1] = offset + r;
        return m;
    }

    [Test]
    public void Run_AnyTrainer_InBatches_TrainsEachPassBatchByBatchInRowOrder()
    {
        var trainer = new RecordingTrainer(new LinearLayer(2, 1));
        var tasks = new[] { Numbered(5, 0), Numbered(3, 100) };
        var result = ContinualLearning.Run(trainer, tasks, (t, _) => t.Model.W.AsReadOnlySpan()[0], new ContinualLearningOptions { EpochsPerTask = 2, BatchSize = 2 });
        // Task 0: two passes of batches of 2, 2 and 1 rows; task 1: two passes of 2 and 1.
        Assert.That(trainer.Calls.Select(c => c.Length), Is.EqualTo(new[] { 2, 2, 1, 2, 2, 1, 2, 1, 2, 1 }));
        Assert.That(trainer.Calls.Take(3).SelectMany(c => c).Select(row => row[0]), Is.EqualTo(new[] { 0f, 1, 2, 3, 4 }));
        Assert.That(trainer.Calls[^2].Concat(trainer.Calls[^1]).Select(row => row[0]), Is.EqualTo(new[] { 100f, 101, 102 }));
        Assert.That(result.Scores, Is.EqualTo(new double[] { 6, 6, 10, 10 }), "the score sees the trainer after each task's calls");

        // One call a pass without a batch size, and a batch size past the task's rows.
        foreach (int batch in new[] { 0, 50 })
        {
            var whole = new RecordingTrainer(new LinearLayer(2, 1));
            ContinualLearning.Run(whole, tasks, (_, _) => 0, new ContinualLearningOptions { BatchSize = batch });
            Assert.That(whole.Calls.Select(c => c.Length), Is.EqualTo(new[] { 5, 3 }), $"batch size {batch}");
        }
    }

    /// <summary>Counts the rows of every <c>Train</c> call, for any width.</summary>
    private sealed class RowCountingTrainer(IFeedforwardModel model) : Trainer<IFeedforwardModel, float[]>(model)
    {
        public List<int> Rows { get; } = [];

        public override void Train(Matrix data, CancellationToken cancellationToken = default) => Rows.Add(data.Rows);

        public override float[] Predict(ReadOnlySpan<float> input) => [];
    }

    [Test]
    public void Run_AnyTrainer_BatchesOfAPassNearIntMaxRows_DoNotOverflow()
    {
        // int.MaxValue rows (no columns, so nothing is allocated) in batches of 1.5e9: two batches, then the next batch's
        // first row, 3e9, is past int.MaxValue and must end the pass rather than wrap around to a negative row.
        var trainer = new RowCountingTrainer(new LinearLayer(2, 1));
        var task = new Matrix(int.MaxValue, 0);
        ContinualLearning.Run(trainer, [task], (_, _) => 0, new ContinualLearningOptions { BatchSize = 1_500_000_000 });
        Assert.That(trainer.Rows, Is.EqualTo(new[] { 1_500_000_000, int.MaxValue - 1_500_000_000 }));
    }

    [Test]
    public void Run_AnyTrainer_TasksOfAnotherWidth_AreRefusedBeforeAnythingIsLearned()
    {
        var layer = new LinearLayer(2, 1);
        var trainer = new RecordingTrainer(layer);
        var e = Assert.Throws<ArgumentException>(() => ContinualLearning.Run(trainer, [Numbered(2, 0), new Matrix(2, 3)], (_, _) => 0));
        Assert.That(e!.Message, Does.Contain("Task 1 has 3 columns but task 0 has 2"));
        Assert.Throws<ArgumentException>(() => ContinualLearning.Run(trainer, [new Matrix(2, 3)], (_, _) => 0), "the model has 2 inputs");
        Assert.That(trainer.Calls, Is.Empty);
        Assert.That(layer.W.AsReadOnlySpan()[0], Is.Zero);
    }

    [Test]
    public void Run_LocalRuleInSelectivePlasticity_ForgetsLessThanPlainTraining()
    {
        // Two tasks on disjoint inputs (0–3, then 4–7) for a bounded Hebbian rule with decay; a task's score is the layer's
        // mean response to its samples. Plain training lets the first task's weights decay while the second is learned;
        // selective plasticity, stepping batch by batch, holds them.
        var tasks = new[] { Inputs(0, seed: 1), Inputs(4, seed: 2) };
        var options = new ContinualLearningOptions { BatchSize = 20 };
        var plain = ContinualLearning.Run(Rule(), tasks, Response, options);
        var selective = ContinualLearning.Run(Rule().WithSelectivePlasticity(new SelectiveTrainerOptions
        {
            Selective = new SelectivePlasticityOptions { TraceDecay = 0.95f, Protection = 10f, WarmupApplications = 10 },
        }), tasks, Response, options);
        TestContext.Out.WriteLine($"forgetting: plain {plain.Forgetting:F3}, selective {selective.Forgetting:F3}; last task {plain.Score(1, 1):F3}, {selective.Score(1, 1):F3}");
        // Both learn each task to the bound (response 2·Σx ≈ 6 for two outputs); plain keeps e^(−2) ≈ 0.135 of the first.
        Assert.That(plain.Forgetting, Is.GreaterThan(0.5 * plain.Score(0, 0)), "plain training forgets most of task 0");
        Assert.That(selective.Forgetting, Is.LessThan(0.8 * plain.Forgetting), "selective plasticity forgets less (3.4 against 5.2 here)");
        Assert.That(selective.Score(1, 1), Is.EqualTo(plain.Score(1, 1)).Within(0.05 * plain.Score(1, 1)), "and learns the second task as well");

        static LocalRuleLayerTrainer Rule()
        {
            var layer = new LinearLayer(8, 2);
            layer.W.AsSpan().Fill(0.1f);
            return new LocalRuleLayerTrainer(layer, s => s.Post * s.Pre,
                new LocalRuleOptions { LearningRate = 0.05f, WeightDecay = 0.02f, MinWeight = 0f, MaxWeight = 1f });
        }

        static double Response(Trainer<IFeedforwardModel, float[]> trainer, Matrix task)
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

        static Matrix Inputs(int first, int seed)
        {
            var random = new Random(seed);
            var m = new Matrix(2000, 8);
            for (int r = 0; r < m.Rows; r++)
            {
                for (int j = first; j < first + 4; j++) m[r, j] = (float)(0.5 + 0.5 * random.NextDouble());
            }
            return m;
        }
    }
}
