using Canns.Models;

namespace Canns.Analysis;

public static partial class HopfieldAnalysis
{
    /// <summary>
    /// Analyses one recall: the stored pattern closest to <paramref name="output"/> (<c>argmax_p |m_p|</c>) and its
    /// signed overlap, the input–output overlap <c>(1/N) Σ_i x_i s_i</c>, and the output's energy by the model's own
    /// energy function.
    /// </summary>
    /// <param name="model">The network the recall ran on.</param>
    /// <param name="patterns">The stored patterns, one per row.</param>
    /// <param name="input">The probe x.</param>
    /// <param name="output">The state s the dynamics settled to.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length differs from the model's size, or there are no patterns.</exception>
    public static RecallAnalysis AnalyzeRecall(IRecurrentNetwork model, Matrix patterns, ReadOnlySpan<float> input, ReadOnlySpan<float> output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ThrowIfWidthMismatch(patterns, model.Size, nameof(patterns));
        if (input.Length != model.Size) throw new ArgumentException($"The input has length {input.Length} but the model has {model.Size} neurons.", nameof(input));
        if (output.Length != model.Size) throw new ArgumentException($"The output has length {output.Length} but the model has {model.Size} neurons.", nameof(output));
        long version = model.W.Version;
        var match = BestMatch(patterns, output);
        return new RecallAnalysis(match, Overlap(input, output), Overlap(patterns.Row(match.Index), input), model.ComputeEnergy(output), version);
    }
}
