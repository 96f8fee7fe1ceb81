using System.Linq.Expressions;

namespace Canns.Trainers;

/// <summary>
/// A rule rewritten as <c>f = One + PreCoefficient·x_j + PostCoefficient·y_i + ProductCoefficient·x_j·y_i</c>, each
/// coefficient an expression of w_ij, θ_i and m only (null when the term is absent). Summed over patterns with w fixed:
/// <c>Σ_p f = One·P + PreCoefficient·S_j + PostCoefficient·S_i + ProductCoefficient·G_ij</c>, with S the column sums
/// and G the Gram matrix of the patterns.
/// </summary>
internal sealed record AffineForm(Expression? One, Expression? PreCoefficient, Expression? PostCoefficient, Expression? ProductCoefficient);
