using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The step-by-step recall path shared by every recurrent trainer: the model's own <c>Step</c> and <c>Energy</c>,
/// one report per iteration, the model's state restored afterwards.
/// </summary>
internal static class StepRecall
{
    /// <summary>Runs the dynamics from <paramref name="probe"/> under the model's lock.</summary>
    /// <param name="model">The model, driven through its own step.</param>
    /// <param name="syncRoot">The model's lock.</param>
    /// <param name="discrete">True when convergence means "no unit changed", false for a change below the tolerance.</param>
    /// <param name="probe">The initial state.</param>
    /// <param name="options">The recall options.</param>
    /// <param name="onStep">Called after every step with the iteration and the energy; null for no reports.</param>
    public static RecallResult Run<TModel>(TModel model, object syncRoot, bool discrete, ReadOnlySpan<float> probe, RecallOptions options,
        Action<int, double>? onStep)
        where TModel : IStateful, IEnergyModel, IDynamicModel
    {
        lock (syncRoot)
        {
            float[] saved = model.State.ToArray();
            try
            {
                model.SetState(probe);
                var random = new SplitMix64Random(options.Seed);
                List<double>? trace = options.RecordEnergyTrace ? [model.Energy] : null;
                float[] previous = new float[model.Size];
                int iterations = options.MaxIterations;
                bool converged = false;
                double energy = double.NaN;
                for (int it = 1; it <= options.MaxIterations; it++)
                {
                    model.State.CopyTo(previous);
                    model.Step(random);
                    double change = Change(previous, model.State, discrete);
                    energy = model.Energy;
                    trace?.Add(energy);
                    onStep?.Invoke(it, energy);
                    if (discrete ? change == 0 : change < options.Tolerance)
                    {
                        (iterations, converged) = (it, true);
                        break;
                    }
                }
                return new RecallResult(model.State.ToArray(), iterations, converged, options.FinalEnergy ? energy : double.NaN, trace);
            }
            finally
            {
                model.SetState(saved);
            }
        }
    }

    private static double Change(ReadOnlySpan<float> before, ReadOnlySpan<float> after, bool discrete)
    {
        double change = 0;
        for (int i = 0; i < before.Length; i++)
        {
            if (discrete)
            {
                if (before[i] != after[i]) change++;
            }
            else
            {
                change = Math.Max(change, MathF.Abs(after[i] - before[i]));
            }
        }
        return change;
    }
}
