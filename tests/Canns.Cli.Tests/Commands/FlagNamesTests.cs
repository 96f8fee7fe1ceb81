using Canns.Cli.Commands;

namespace Canns.Cli.Tests.Commands;

public class FlagNamesTests
{
    [Test]
    public void Rename_WholePropertyNames_BecomeFlags()
    {
        string message = FlagNames.Rename("MinWeight (2) must be ≤ MaxWeight (1).", [("MinWeight", "w-min"), ("MaxWeight", "w-max")]);
        Assert.That(message, Is.EqualTo("--w-min (2) must be ≤ --w-max (1)."));
    }

    [Test]
    public void Rename_PropertyEndingALongerName_IsLeftAlone()
    {
        // LearningRate is the flag --learning-rate; Metaplasticity.LearningRate is another option with no flag.
        string message = FlagNames.Rename("LearningRate (-1) must be ≥ 0. Metaplasticity.LearningRate (-2) must be ≥ 0. MaxLearningRate (3) too.",
            [("LearningRate", "learning-rate")]);
        Assert.That(message, Is.EqualTo("--learning-rate (-1) must be ≥ 0. Metaplasticity.LearningRate (-2) must be ≥ 0. MaxLearningRate (3) too."));
    }

    [Test]
    public void Rename_WholeWords_RenamesEveryMentionButNotLongerNames()
    {
        string message = FlagNames.Rename("Loads lists a value twice. 200 trials (Trials × the points of Loads, NoiseLevels); lower Trials. MaxTrials and Trials.Count stay.",
            [("Loads", "loads"), ("Trials", "trials"), ("NoiseLevels", "noise")], wholeWords: true);
        Assert.That(message, Is.EqualTo("--loads lists a value twice. 200 trials (--trials × the points of --loads, --noise); lower --trials. MaxTrials and Trials.Count stay."));
    }

    [Test]
    public void Checked_ArgumentException_BecomesAUsageErrorWithFlags()
    {
        var e = Assert.Throws<CliUsageException>(() => FlagNames.Checked(() => throw new ArgumentOutOfRangeException("options", "Epochs (0) must be ≥ 1."), ("Epochs", "epochs")));
        Assert.That(e!.Message, Is.EqualTo("--epochs (0) must be ≥ 1."));
    }
}
