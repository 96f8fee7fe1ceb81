using System.Text.RegularExpressions;
using Canns.Examples.CustomTrainer;
using Canns.Models;

namespace Canns.Trainers.Tests.Core;

public class CustomTrainerGuideTests
{
    private static string RepositoryFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Canns.slnx"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "repository root (Canns.slnx) not found above the test output");
        return File.ReadAllText(Path.Combine(dir!.FullName, relative));
    }

    private static string Normalize(string code) => Regex.Replace(code, @"\s+", " ").Trim();

    [Test]
    public void Guide_SubclassCodeBlock_IsTheCompiledExample()
    {
        string doc = RepositoryFile("docs/custom-trainers.md");
        var block = Regex.Match(doc, "```csharp\\n(// examples/CustomTrainer/SoftBoundHebbianTrainer.cs\\n)(?<code>.*?)```", RegexOptions.Singleline);
        Assert.That(block.Success, Is.True, "the guide's first code block is the subclass example");
        Assert.That(Normalize(block.Groups["code"].Value), Is.EqualTo(Normalize(RepositoryFile("examples/CustomTrainer/SoftBoundHebbianTrainer.cs"))));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_GuideSubclass_EqualsSameRuleAsExpression(bool compiled)
    {
        var x = TestData.RandomBipolar(30, 48, seed: 31);
        var a = new AmariHopfieldNetwork(48);
        var subclass = new SoftBoundHebbianTrainer(a, learningRate: 0.5f, decay: 0.01f);
        subclass.ConfigureProgress(false, compiled);
        var b = new AmariHopfieldNetwork(48);
        var rule = new LocalRuleTrainer(b, s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W,
            new LocalRuleOptions { LearningRate = 0.5f, Centering = RuleCentering.GlobalMean });
        for (int call = 0; call < 3; call++)
        {
            subclass.Train(x);
            rule.Train(x);
        }
        Assert.That(a.W.ToArray(), Is.EqualTo(b.W.ToArray()).Within(1e-5f));
    }

    [Test]
    public void Train_GuideSubclassStepPath_ReportsEveryPattern()
    {
        var reports = new List<TrainingProgress>();
        var trainer = new SoftBoundHebbianTrainer(new AmariHopfieldNetwork(10));
        trainer.ConfigureProgress(showProgress: true, useCompile: false);
        trainer.Progress = new Collect(reports);
        trainer.Train(TestData.RandomBipolar(4, 10, seed: 32));
        Assert.That(reports.Select(r => r.Item), Is.EqualTo(new long[] { 1, 2, 3, 4 }), "one report per pattern");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_GuideSubclassProgressHandlerThrowsOnLastReport_LeavesWeightsUnchanged(bool compiled)
    {
        // The guide promises: if anything throws, the model is as it was.
        var net = new AmariHopfieldNetwork(10);
        var trainer = new SoftBoundHebbianTrainer(net);
        trainer.ConfigureProgress(showProgress: true, useCompile: compiled);
        trainer.Progress = new Throwing(onItem: 4);
        Assert.Throws<InvalidOperationException>(() => trainer.Train(TestData.RandomBipolar(4, 10, seed: 32)));
        Assert.That(net.W.ToArray(), Is.All.EqualTo(0f));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_GuideSubclassCancelled_ThrowsAndLeavesWeightsUnchanged(bool compiled)
    {
        var net = new AmariHopfieldNetwork(10);
        var trainer = new SoftBoundHebbianTrainer(net);
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        Assert.Throws(Is.InstanceOf<OperationCanceledException>(), () => trainer.Train(TestData.RandomBipolar(4, 10, seed: 32), new CancellationToken(true)));
        Assert.That(net.W.ToArray(), Is.All.EqualTo(0f));
    }

    [Test]
    public void Train_GuideSubclassDiverges_LeavesWeightsUnchanged()
    {
        var net = new AmariHopfieldNetwork(10);
        var trainer = new SoftBoundHebbianTrainer(net, learningRate: 3e38f, decay: 0f);
        var x = TestData.RandomReal(4, 10, seed: 33);
        x[0, 0] = 1e19f;
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(x));
        Assert.That(e!.Message, Does.Contain("learning rate too large"));
        Assert.That(net.W.ToArray(), Is.All.EqualTo(0f));
    }

    private sealed class Collect(List<TrainingProgress> into) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => into.Add(value);
    }

    private sealed class Throwing(long onItem) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Item == onItem) throw new InvalidOperationException("handler failed");
        }
    }
}
