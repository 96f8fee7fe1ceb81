using Canns.Models;

namespace Canns.Trainers.Tests.LocalRules;

/// <summary>A test-only linear layer y = W x with seeded weights.</summary>
internal sealed class TinyLayer : IFeedforwardModel
{
    private readonly ParamState _w;

    public TinyLayer(int inputs, int outputs, int seed)
    {
        _w = new ParamState("W", outputs, inputs);
        var random = new Random(seed);
        foreach (ref float v in _w.AsSpan()) v = (float)(random.NextDouble() - 0.5) * 0.2f;
        Parameters = [_w];
    }

    public int Inputs => _w.Columns;

    public int Outputs => _w.Rows;

    public string WeightParameterName => "W";

    public ParamState W => _w;

    public IReadOnlyList<ParamState> Parameters { get; }

    public ParamState GetParameter(string name) =>
        name == "W" ? _w : throw new KeyNotFoundException($"No parameter '{name}'; the layer has W.");

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int i = 0; i < Outputs; i++)
        {
            float s = 0;
            var row = _w.ReadOnlyRow(i);
            for (int j = 0; j < Inputs; j++) s += row[j] * input[j];
            output[i] = s;
        }
    }
}
