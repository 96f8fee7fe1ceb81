namespace Canns.Models;

/// <summary>A model whose weights trainers update.</summary>
public interface IHasWeights
{
    /// <summary>The parameter trainers train by default (the counterpart of <c>weight_attr</c>): usually <c>"W"</c>.</summary>
    string WeightParameterName { get; }

    /// <summary>The weights, <see cref="GetParameter"/>(<see cref="WeightParameterName"/>).</summary>
    ParamState W { get; }

    /// <summary>All named parameters of the model.</summary>
    IReadOnlyList<ParamState> Parameters { get; }

    /// <summary>The parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The model has no such parameter; the message lists the ones it has.</exception>
    ParamState GetParameter(string name);
}
