using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Training;

public class PlasticitySweepTests
{
    private static RecurrentSpikingNetwork Network() => new(40, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.3f, Seed = 9 });

    private static Matrix Patterns()
    {
        var m = new Matrix(2, 40);
        for (int i = 0; i < 40; i++)
        {
            m[0, i] = i < 10 ? 0.3f : 0.02f;
            m[1, i] = i is >= 10 and < 20 ? 0.3f : 0.02f;
        }
        return m;
    }

    private static PlasticityOptions Variant(float rate, float decay) => new() { LearningRate = rate, WeightDecay = decay, StepsPerPattern = 100 };

    [Test]
    public void Run_EachVariantAsTrainedAlone_InOrder()
    {
        PlasticityOptions[] variants = [Variant(0.001f, 0.0001f), Variant(0.01f, 0.001f), Variant(0.1f, 0.01f)];
        var results = PlasticitySweep.Run(Network, variants, Patterns());
        Assert.That(results, Has.Count.EqualTo(3));
        for (int v = 0; v < 3; v++)
        {
            var alone = new PlasticityTrainer(Network(), variants[v]);
            alone.ConfigureProgress(false);
            var before = alone.Snapshot();
            alone.Train(Patterns());
            Assert.That(results[v].Options.LearningRate, Is.EqualTo(variants[v].LearningRate));
            Assert.That((results[v].Before, results[v].After), Is.EqualTo((before, alone.Snapshot())), $"variant {v}");
            Assert.That(results[v].WeightChange, Is.EqualTo(alone.Snapshot().MeanWeight - before.MeanWeight));
            Assert.That(results[v].WeightVariance, Is.EqualTo(alone.Snapshot().WeightStandardDeviation * alone.Snapshot().WeightStandardDeviation));
        }
        Assert.That(results.Select(r => r.WeightChange).Distinct().Count(), Is.EqualTo(3), "the variants differ");
    }

    [Test]
    public void Run_BadInput_ThrowsNamingIt()
    {
        Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(Network, [], Patterns()));
        Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0)], new Matrix(2, 39)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0), Variant(-1f, 0)], Patterns()));
        Assert.That(e!.Message, Does.Contain("Variant 1").And.Contain("LearningRate"));
        var nan = Patterns();
        nan[0, 0] = float.NaN;
        Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0)], nan));
        var shared = Network();
        var e2 = Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(() => shared, [Variant(0.01f, 0), Variant(0.1f, 0)], Patterns()));
        Assert.That(e2!.Message, Does.Contain("same network"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0)], Patterns(), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>Options with every nested part set, so every option of every part can be changed.</summary>
    private static PlasticityOptions Full() => new()
    {
        LearningRate = 0.02f, StepsPerPattern = 40,
        Homeostasis = new HomeostasisOptions { InhibitoryTargetRateHz = 4f },
        Selective = new SelectivePlasticityOptions { ThresholdPercentile = 50f },
        Metaplasticity = new MetaplasticityOptions { TargetRateHz = 6f },
    };

    /// <summary>
    /// Two results of the same variant are equal and hash alike, options compared by value; and changing any one
    /// option, found by reflection over every public settable property of the options and of their nested parts (so an
    /// option added later and left out of the comparison fails here), or removing a nested part, makes them unequal.
    /// </summary>
    [Test]
    public void Result_Equality_ComparesEveryOptionByValue()
    {
        var results = PlasticitySweep.Run(Network, [Full(), Full()], Patterns());
        Assert.That(results[0].Options, Is.Not.SameAs(results[1].Options));
        Assert.That(results[0], Is.EqualTo(results[1]));
        Assert.That(results[0].GetHashCode(), Is.EqualTo(results[1].GetHashCode()));

        var baseline = results[0];
        int changed = 0;
        foreach (var (owner, property) in SettableOptions())
        {
            var options = Full();
            object target = owner is null ? options : owner.GetValue(options)!;
            property.SetValue(target, Different(property.GetValue(target), property.PropertyType));
            Assert.That(baseline with { Options = options }, Is.Not.EqualTo(baseline), $"{owner?.Name ?? "PlasticityOptions"}.{property.Name}");
            changed++;
        }
        Assert.That(changed, Is.GreaterThanOrEqualTo(29), "every option of the four option classes (15 + 6 + 4 + 4 today)");
        foreach (string part in new[] { "Homeostasis", "Selective", "Metaplasticity" })
        {
            var options = Full();
            typeof(PlasticityOptions).GetProperty(part)!.SetValue(options, null);
            Assert.That(baseline with { Options = options }, Is.Not.EqualTo(baseline), $"{part} removed");
        }
        // NaN equals NaN, as records compare floats.
        var a = Full();
        var b = Full();
        a.LtdRatio = b.LtdRatio = float.NaN;
        Assert.That(baseline with { Options = a }, Is.EqualTo(baseline with { Options = b }));
    }

    /// <summary>Every public settable value property of the options (owner null) and of their nested option parts (owner the property holding the part).</summary>
    private static IEnumerable<(System.Reflection.PropertyInfo? Owner, System.Reflection.PropertyInfo Property)> SettableOptions()
    {
        foreach (var p in typeof(PlasticityOptions).GetProperties().Where(p => p.CanWrite))
        {
            if (p.PropertyType.IsClass)
            {
                foreach (var q in p.PropertyType.GetProperties().Where(q => q.CanWrite)) yield return (p, q);
            }
            else
            {
                yield return (null, p);
            }
        }
    }

    private static object Different(object? value, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null) return Convert.ChangeType(3, t, System.Globalization.CultureInfo.InvariantCulture);
        if (t == typeof(bool)) return !(bool)value;
        if (t == typeof(float)) return (float)value + 1.5f;
        if (t == typeof(int)) return (int)value + 1;
        if (t.IsEnum)
        {
            var values = Enum.GetValues(t);
            return values.GetValue((Array.IndexOf(values, value) + 1) % values.Length)!;
        }
        throw new NotSupportedException($"No different value for {t}.");
    }
}
