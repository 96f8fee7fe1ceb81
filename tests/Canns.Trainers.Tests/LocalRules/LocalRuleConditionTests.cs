using Canns.Models;

namespace Canns.Trainers.Tests.LocalRules;

/// <summary>Comparisons and logic in expression rules, on the vectorised and the step path, against the rule run as plain C#.</summary>
public class LocalRuleConditionTests
{
    // Values from a small set, so that == and != are sometimes true and the comparisons meet their boundaries.
    private static readonly float[] Levels = [-1f, -0.5f, 0f, 0.5f, 1f];

    private static Matrix FromLevels(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float v in m.AsSpan()) v = Levels[random.Next(Levels.Length)];
        return m;
    }

    /// <summary>
    /// One batch update with no centring, normalising, decay or diagonal zeroing, as the trainer documents it:
    /// <c>w_ij ← w_ij + η Σ_p f(x_pj, x_pi, w_ij)</c> with w fixed during the call, the sum in float in pattern order.
    /// </summary>
    private static float[] NaiveBatch(Func<float, float, float, float> f, Matrix x, float[] w0, float eta)
    {
        int n = x.Columns;
        var w = (float[])w0.Clone();
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            float sum = 0f;
            for (int p = 0; p < x.Rows; p++) sum += f(x[p, j], x[p, i], w0[i * n + j]);
            w[i * n + j] = w0[i * n + j] + eta * sum;
        }
        return w;
    }

    private static float[] Train(LocalRule rule, Matrix x, float[] w0, float eta, bool compiled)
    {
        var net = new AmariHopfieldNetwork(x.Columns);
        w0.CopyTo(net.W.AsSpan());
        var trainer = new LocalRuleTrainer(net, rule, new LocalRuleOptions
        {
            Centering = RuleCentering.None, NormalizeByPatternCount = false, ZeroDiagonal = false, LearningRate = eta,
        });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.Train(x);
        return net.W.ToArray();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_EveryComparisonAndLogicalOperator_MatchesTheRuleAsPlainCSharp(bool compiled)
    {
        // >=, <, <=, ==, !=, &&, || and ! inside ?: and a fused multiply-add; 37 units is not a whole number of vectors.
        const int n = 37;
        const float eta = 0.25f;
        var x = FromLevels(6, n, seed: 31);
        var w0 = FromLevels(n, n, seed: 32).Data;
        var rule = LocalRule.FromExpression((pre, post, w) =>
            (pre >= 0f && post < 0.5f) || !(w <= -0.5f)
                ? (pre != post ? MathF.FusedMultiplyAdd(pre, post, -w) : pre - w)
                : (post == w ? 1f : -(post * pre)));
        static float Plain(float pre, float post, float w) =>
            (pre >= 0f && post < 0.5f) || !(w <= -0.5f)
                ? (pre != post ? MathF.FusedMultiplyAdd(pre, post, -w) : pre - w)
                : (post == w ? 1f : -(post * pre));

        var expected = NaiveBatch(Plain, x, w0, eta);
        var actual = Train(rule, x, w0, eta, compiled);

        // The levels and η are multiples of 1/4 with few bits: every sum is exact in float, so the match is exact.
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual, Is.Not.EqualTo(w0), "the rule changed something");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_EqualityAgainstTheThreshold_TakesBothBranches(bool compiled)
    {
        // θ_i = 0.5 for even i and 0 for odd i; the rule adds 1 where the post value equals θ_i and 0 elsewhere, so
        // Δw_ij = η · #{p : x_pi == θ_i}, and negative where x_pj > x_pi.
        const int n = 19;
        var x = FromLevels(8, n, seed: 33);
        var theta = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0.5f : 0f).ToArray();
        var net = new AmariHopfieldNetwork(n);
        var trainer = new LocalRuleTrainer(net, LocalRule.FromExpression(s => s.Post == s.Theta ? 1f : s.Pre > s.Post ? -0.25f : 0f),
            new LocalRuleOptions { NormalizeByPatternCount = false, ZeroDiagonal = false, LearningRate = 1f });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.SetThresholds(theta);

        trainer.Train(x);

        Assert.That(trainer.Thresholds.ToArray(), Is.EqualTo(theta));
        var w = net.W.ToArray();
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            float expected = 0f;
            for (int p = 0; p < x.Rows; p++) expected += x[p, i] == theta[i] ? 1f : x[p, j] > x[p, i] ? -0.25f : 0f;
            Assert.That(w[i * n + j], Is.EqualTo(expected), $"W[{i},{j}]");
        }
    }

    [Test]
    public void FromExpression_RemainderOperator_ThrowsNamingTheNode()
    {
        var e = Assert.Throws<ArgumentException>(() => LocalRule.FromExpression(s => s.Pre % 0.5f));
        Assert.That(e!.Message, Does.Contain("Modulo").And.Contain("cannot be vectorised"));
    }

    /// <summary>The trainer's defaults (1/P, zero diagonal, no centring) in double: <c>w_ij + η((1/P) Σ_p f(x_pj, x_pi, w_ij))</c>.</summary>
    private static double[] NaiveNormalised(Func<double, double, double, double> f, Matrix x, float[] w0, float eta)
    {
        int n = x.Columns;
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            if (i == j) continue;
            double sum = 0;
            for (int p = 0; p < x.Rows; p++) sum += f(x[p, j], x[p, i], w0[i * n + j]);
            w[i * n + j] = w0[i * n + j] + eta * sum / x.Rows;
        }
        return w;
    }

    private static IEnumerable<TestCaseData> AffineRules()
    {
        // Affine in x_j, x_i and x_j·x_i with coefficients of w: the compiled path folds them into a Gram-matrix product.
        foreach (bool compiled in new[] { true, false })
        {
            yield return new TestCaseData(LocalRule.FromExpression(s => -(s.Post * s.Pre)),
                (Func<double, double, double, double>)((pre, post, w) => -(post * pre)), compiled).SetName($"Negated product, compiled {compiled}");
            yield return new TestCaseData(LocalRule.FromExpression(s => MathF.FusedMultiplyAdd(s.Post, s.Pre, -0.25f * s.W)),
                (Func<double, double, double, double>)((pre, post, w) => post * pre - 0.25 * w), compiled).SetName($"Fused multiply-add with decay, compiled {compiled}");
            yield return new TestCaseData(LocalRule.FromExpression(s => MathF.FusedMultiplyAdd(-s.Post, s.Pre + 0.5f, s.Pre)),
                (Func<double, double, double, double>)((pre, post, w) => -post * (pre + 0.5) + pre), compiled).SetName($"Fused multiply-add of sums, compiled {compiled}");
            yield return new TestCaseData(LocalRule.FromExpression(s => MathF.Sqrt(MathF.Abs(s.Pre * s.Post)) - MathF.Abs(s.W)),
                (Func<double, double, double, double>)((pre, post, w) => Math.Sqrt(Math.Abs(pre * post)) - Math.Abs(w)), compiled).SetName($"Sqrt and Abs, compiled {compiled}");
        }
    }

    [TestCaseSource(nameof(AffineRules))]
    public void Train_NegationFusedMultiplyAddSqrtAbs_MatchDefinitionInDouble(LocalRule rule, Func<double, double, double, double> f, bool compiled)
    {
        const int n = 29;
        const float eta = 0.5f;
        var x = TestData.RandomReal(7, n, seed: 34);
        var w0 = TestData.RandomReal(n, n, seed: 35).Data;
        var net = new AmariHopfieldNetwork(n);
        w0.CopyTo(net.W.AsSpan());
        var trainer = new LocalRuleTrainer(net, rule, new LocalRuleOptions { LearningRate = eta });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);

        trainer.Train(x);

        var expected = NaiveNormalised(f, x, w0, eta);
        var actual = net.W.ToArray();
        for (int k = 0; k < n * n; k++) Assert.That(actual[k], Is.EqualTo(expected[k]).Within(1e-5), $"W[{k / n},{k % n}]");
    }
}
