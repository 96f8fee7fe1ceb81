using System.Globalization;
using Canns.Cli.Rendering;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns recall</c>: runs Amari–Hopfield dynamics <c>s ← f(W s)</c> from each row of a (B, N) probe file under
/// (N, N) weights, for at most <c>--steps</c> steps or until the state stops changing, and writes the float32 (B, N)
/// final states.
/// </summary>
public sealed class RecallCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "recall";

    /// <inheritdoc />
    public string Summary => "recall from (B, N) probes under (N, N) weights; write the (B, N) float32 final states";

    /// <inheritdoc />
    public string Usage =>
        "--weights W.npy --probes X.npy --out S.npy [--steps 20] [--update sync|async] [--activation sign|tanh|sigmoid] " +
        "[--temperature 1 (tanh, sigmoid)] [--threshold 0] [--seed 0]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string weightsPath = arguments.String("weights");
        string probesPath = arguments.String("probes");
        string outPath = arguments.String("out");
        int steps = arguments.Int("steps", 20);
        var update = arguments.Choice("update", "sync", "sync", "async") == "sync" ? UpdateMode.Synchronous : UpdateMode.Asynchronous;
        var activation = arguments.Choice("activation", "sign", "sign", "tanh", "sigmoid") switch
        {
            "sign" => Activation.Sign,
            "tanh" => Activation.Tanh,
            _ => Activation.Sigmoid,
        };
        bool hasTemperature = arguments.OptionalString("temperature") is not null;
        float temperature = Float32(arguments, "temperature", 1);
        float threshold = Float32(arguments, "threshold", 0);
        int seed = arguments.Int("seed", 0);
        arguments.ThrowIfUnused();
        if (steps < 1) throw new CliUsageException($"option --steps must be at least 1, got {steps}.");
        if (temperature <= 0) throw new CliUsageException($"option --temperature must be > 0, got {temperature.ToString(CultureInfo.InvariantCulture)}.");
        if (hasTemperature && activation == Activation.Sign)
        {
            // sign(h/T) is sign(h): the temperature would be silently ignored.
            throw new CliUsageException("--temperature applies only to --activation tanh or sigmoid (the gain of a smooth unit); sign units do not use it.");
        }
        CliFiles.CheckOutput(outPath);

        var weights = CliFiles.ReadFinite(weightsPath, "weights");
        int n = weights.Rows;
        if (weights.Columns != n || n == 0)
        {
            throw new InvalidDataException($"{weightsPath}: the weights must be a square (N, N) matrix with N ≥ 1, got ({weights.Rows}, {weights.Columns}).");
        }
        var probes = CliFiles.ReadFinite(probesPath, "probes");
        if (probes.Columns != n)
        {
            throw new InvalidDataException($"{probesPath}: the probes have {probes.Columns} columns but the weights are {n} × {n}; each probe needs {n} values.");
        }
        if (probes.Rows == 0) throw new InvalidDataException($"{probesPath}: there are no probes (shape (0, {n})).");
        ThrowIfFieldsCanOverflow(weights, probes, threshold, weightsPath);

        var network = new AmariHopfieldNetwork(n, new AmariHopfieldOptions
        {
            Activation = activation, UpdateMode = update, Threshold = threshold, Temperature = temperature, Seed = seed,
        });
        network.W.CopyFrom(weights.Data);
        var trainer = new HebbianTrainer(network, recall: new RecallOptions { MaxIterations = steps, Seed = seed });
        var results = ConsoleProgress.Run("recall", progress =>
        {
            trainer.Progress = progress;
            return trainer.PredictBatch(probes);
        }, CliConsole.For(stdout));

        var states = new Matrix(probes.Rows, n);
        int converged = 0;
        for (int b = 0; b < results.Count; b++)
        {
            results[b].State.CopyTo(states.Row(b));
            if (results[b].Converged) converged++;
        }
        Npy.Write(outPath, states);
        stdout.WriteLine($"recalled {probes.Rows} probes of {n} neurons ({converged} converged within {steps} steps); wrote float32 ({probes.Rows}, {n}) states to {outPath}");
        return CliApp.Success;
    }

    /// <summary>
    /// Refuses weights whose local fields h_i = Σ_j W_ij x_j − θ can leave the float32 range: a field of ±∞ or NaN
    /// (∞ − ∞) would make tanh and sigmoid states NaN and sign states meaningless, all written as if recall had worked.
    /// The bound is max_i Σ_j |W_ij| · max(1, max |x|) + |θ|, computed in double; states stay within [−1, 1] after the
    /// first step, so the probes matter only through their largest value.
    /// </summary>
    /// <exception cref="InvalidDataException">The bound is above <see cref="float.MaxValue"/>.</exception>
    private static void ThrowIfFieldsCanOverflow(Matrix weights, Matrix probes, float threshold, string weightsPath)
    {
        double largestRow = 0;
        int row = 0;
        for (int i = 0; i < weights.Rows; i++)
        {
            double sum = 0;
            foreach (float w in weights.Row(i)) sum += Math.Abs(w);
            if (sum > largestRow) (largestRow, row) = (sum, i);
        }
        double largestProbe = 1;
        foreach (float x in probes.AsSpan()) largestProbe = Math.Max(largestProbe, Math.Abs(x));
        double bound = largestRow * largestProbe + Math.Abs(threshold);
        if (bound > float.MaxValue)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{weightsPath}: the local fields Σ W x can overflow float32 (row {row} has Σ|W| = {largestRow:G4}, the probes reach |x| = {largestProbe:G4}); scale the weights down."));
        }
    }

    /// <summary>A finite number that is also finite as float32.</summary>
    private static float Float32(ArgumentReader arguments, string name, float fallback)
    {
        double value = arguments.Double(name, fallback);
        return float.IsFinite((float)value)
            ? (float)value
            : throw new CliUsageException($"option --{name} is outside the float32 range, got {value.ToString(CultureInfo.InvariantCulture)}.");
    }
}
