namespace Canns.Trainers;

/// <summary>Options of <see cref="OjaTrainer"/>.</summary>
public sealed class OjaOptions : RateRuleOptions
{
    /// <summary>After each sample's update, divide every row of W by its Euclidean norm.</summary>
    /// <value>The default value is false (Oja's rule normalises the rows by itself, asymptotically).</value>
    public bool NormalizeRows { get; set; }
}
