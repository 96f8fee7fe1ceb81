using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Canns.Analysis.Reports;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>
/// What a <see cref="TrainingRun"/> depends on besides its own options: the trainer's options, the network's dynamics and
/// the patterns, each as one line of <c>name=value</c> pairs. They are stored with every checkpoint, so a resume with a
/// different trainer, network or patterns (which could not continue the run exactly) is refused, and written to
/// <c>parameters.json</c> in the run's folder for people.
/// </summary>
internal static class RunParameters
{
    public const string FileName = "parameters.json";

    /// <summary>
    /// The trainer's options that shape training (the monitor's interval does not). Options added later appear only when
    /// they are not their default, so a run started before they existed still resumes.
    /// </summary>
    public static string Trainer(PlasticityTrainer trainer)
    {
        var o = trainer.Options;
        var pairs = new List<(string, object?)>
        {
            ("LearningRate", o.LearningRate), ("WeightDecay", o.WeightDecay), ("LtdRatio", o.LtdRatio), ("MinWeight", o.MinWeight),
            ("MaxWeight", o.MaxWeight), ("SoftBounds", o.SoftBounds), ("Schedule", o.Schedule), ("Interval", o.Interval),
            ("StepsPerPattern", o.StepsPerPattern), ("Epochs", o.Epochs), ("MinimumActiveFraction", o.MinimumActiveFraction),
        };
        if (o.TrackCoactivations) pairs.Add(("TrackCoactivations", true));
        if (o.TrainInputWeights) pairs.AddRange([("TrainInputWeights", true), ("InputActivityThreshold", o.InputActivityThreshold)]);
        if (o.Homeostasis is { } h)
        {
            pairs.AddRange([("Homeostasis.TargetRateHz", h.TargetRateHz), ("Homeostasis.Interval", h.Interval), ("Homeostasis.ScalingRate", h.ScalingRate)]);
            if (h.InhibitoryTargetRateHz is { } inhibitory) pairs.Add(("Homeostasis.InhibitoryTargetRateHz", inhibitory));
            if (h.UseRunningRates) pairs.Add(("Homeostasis.UseRunningRates", true));
            // Scaling W_in came after input weights did: a run of input weights checkpointed before it does not resume into it.
            if (o.TrainInputWeights && h.ScaleInputWeights) pairs.Add(("Homeostasis.ScaleInputWeights", true));
        }
        else pairs.Add(("Homeostasis", null));
        if (o.Selective is { } s)
        {
            pairs.AddRange([("Selective.TraceDecay", s.TraceDecay), ("Selective.Protection", s.Protection), ("Selective.WarmupApplications", s.WarmupApplications)]);
            if (s.ThresholdPercentile is { } percentile) pairs.Add(("Selective.ThresholdPercentile", percentile));
        }
        else pairs.Add(("Selective", null));
        if (o.Metaplasticity is { } m)
        {
            pairs.AddRange([("Metaplasticity.LearningRate", m.LearningRate), ("Metaplasticity.ThresholdTimeConstant", m.ThresholdTimeConstant), ("Metaplasticity.InitialThreshold", m.InitialThreshold)]);
            if (m.TargetRateHz is { } target) pairs.Add(("Metaplasticity.TargetRateHz", target));
            // BCM reached W_in later: a run checkpointed before does not resume into it (the message names this, not a file).
            if (o.TrainInputWeights) pairs.Add(("Metaplasticity.InputWeights", true));
        }
        else pairs.Add(("Metaplasticity", null));
        return Line(pairs);
    }

    /// <summary>The network's size, seed and dynamics (its synapses are checked by the checkpoint itself).</summary>
    public static string Network(RecurrentSpikingNetwork net)
    {
        var pairs = new List<(string, object?)>
        {
            ("Size", net.Size), ("Seed", net.Seed), ("InhibitoryCount", net.InhibitoryCount), ("InhibitoryGain", net.InhibitoryGain), ("Leak", net.Leak),
            ("Threshold", net.Threshold), ("ResetPotential", net.ResetPotential), ("RefractorySteps", net.RefractorySteps),
            ("TimeStepMilliseconds", net.TimeStepMilliseconds), ("RateTimeConstant", net.RateTimeConstant),
        };
        void ShortTerm(string name, ShortTermPlasticityOptions? stp)
        {
            if (stp is null) pairs.Add((name, null));
            else pairs.AddRange([($"{name}.BaselineRelease", stp.BaselineRelease), ($"{name}.FacilitationTimeConstant", stp.FacilitationTimeConstant),
                ($"{name}.DepressionTimeConstant", stp.DepressionTimeConstant)]);
        }
        ShortTerm("ShortTermPlasticity", net.ShortTermPlasticity);
        // Only when set, so runs started before it existed still resume.
        if (net.InhibitoryShortTermPlasticity is { } inhibitory) ShortTerm("InhibitoryShortTermPlasticity", inhibitory);
        if (net.InputWeights is not null) pairs.AddRange([("InputCount", net.InputSize), ("InputWeightScale", net.InputWeightScale)]);
        return Line(pairs);
    }

    /// <summary>The patterns' shape and the SHA-256 of their values.</summary>
    public static string Patterns(Matrix patterns) => Line([
        ("Rows", patterns.Rows), ("Columns", patterns.Columns),
        ("Sha256", Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(patterns.AsSpan())))),
    ]);

    /// <summary>
    /// The pairs whose values differ between two lines (or that only one has), as "name: was → now"; empty when they agree.
    /// </summary>
    public static IReadOnlyList<string> Differences(string stored, string current)
    {
        var a = Parse(stored);
        var b = Parse(current);
        return a.Keys.Union(b.Keys)
            .Where(k => !a.TryGetValue(k, out string? x) || !b.TryGetValue(k, out string? y) || x != y)
            .Select(k => $"{k}: {(a.TryGetValue(k, out string? x) ? x : "(absent)")} → {(b.TryGetValue(k, out string? y) ? y : "(absent)")}")
            .ToArray();
    }

    /// <summary>Writes <c>parameters.json</c>: every group's pairs as strings, for people (the checkpoints carry the same lines).</summary>
    public static void Write(string directory, IReadOnlyList<(string Group, string Line)> groups)
    {
        string text = Json.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", "training-run-parameters");
            foreach (var (group, line) in groups)
            {
                w.WriteStartObject(group);
                foreach (var (key, value) in Parse(line)) w.WriteString(key, value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
        ReportOutput.WriteAll(directory, [(FileName, text)]);
    }

    /// <summary>The pairs as one line, <c>name=value;…</c>, every number in the invariant culture (floats round-trip).</summary>
    internal static string Line(IEnumerable<(string Name, object? Value)> pairs) =>
        string.Join(";", pairs.Select(p => $"{p.Name}={Format(p.Value)}"));

    private static string Format(object? value) => value switch
    {
        null => "null",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static Dictionary<string, string> Parse(string line)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in line.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq > 0) pairs[part[..eq]] = part[(eq + 1)..];
        }
        return pairs;
    }
}
