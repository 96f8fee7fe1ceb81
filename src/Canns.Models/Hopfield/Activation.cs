namespace Canns.Models;

/// <summary>The activation function of a Hopfield network, applied to the local field h.</summary>
public enum Activation
{
    /// <summary><c>s = +1</c> if <c>h &gt; θ</c>, <c>−1</c> if <c>h &lt; θ</c>, unchanged if <c>h = θ</c> (never 0).</summary>
    Sign,

    /// <summary><c>s = tanh((h − θ)/T)</c>, in (−1, 1).</summary>
    Tanh,

    /// <summary><c>s = 1/(1 + exp(−(h − θ)/T))</c>, in (0, 1).</summary>
    Sigmoid,
}
