namespace Canns.Trainers.Tests.LocalRules;

/// <summary>The expression compiler's kernels at every vector width it can emit, against the scalar step path.</summary>
public class RuleKernelWidthTests
{
    private static IEnumerable<TestCaseData> WidthsAndColumns() =>
        from width in new[] { 1, 4, 8, 16 } from columns in new[] { 7, 8, 15, 16, 17, 33 } select new TestCaseData(width, columns);

    private static ExpressionLocalRule Expression(System.Linq.Expressions.Expression<Func<Synapse, float>> rule) =>
        (ExpressionLocalRule)LocalRule.FromExpression(rule);

    [TestCaseSource(nameof(WidthsAndColumns))]
    public void BuildRow_NonAffineRuleWithTraces_EqualsStepPathExactly(int width, int columns)
    {
        var rule = Expression(s => s.Post * s.Pre > 0.1f || s.W <= -0.2f
            ? MathF.Sqrt(MathF.Abs(s.Post * s.Pre)) / (1f + s.W * s.W)
            : MathF.FusedMultiplyAdd(s.PostTrace - s.Theta, s.PreTrace, MathF.Max(s.W, -0.25f)) * s.Modulator);
        var b = RandomBatch.Create(rows: 3, columns, patterns: 6, seed: 300 + columns);
        var step = RandomBatch.Step(rule, b);
        var kernel = RuleKernelCompiler.BuildRow(rule.Rule, width);
        for (int i = 0; i < b.Rows; i++)
        {
            kernel(b.Pre, b.PostT, b.PreTrace, b.PostTraceT, b.W, b.Delta, i * columns, i * b.Patterns, columns, b.Patterns, b.Theta[i], b.Modulator);
        }
        Assert.That(b.Delta, Is.EqualTo(step));
    }

    [TestCaseSource(nameof(WidthsAndColumns))]
    public void BuildGram_EveryWidth_EqualsScalarKernelExactly(int width, int columns)
    {
        // Soft bound with decay: the affine form c_pp·G_ij + c₁·P with c_pp = 1 − w², c₁ = −0.01·w (no pre or post sums).
        var rule = Expression(s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W);
        Assert.That(rule.Rule.Form, Is.Not.Null);
        var random = new Random(400 + columns);
        float[] gram = Enumerable.Range(0, 2 * columns).Select(_ => 10f * random.NextSingle() - 5f).ToArray();
        float[] w = Enumerable.Range(0, 2 * columns).Select(_ => random.NextSingle() - 0.5f).ToArray();
        float[] sums = new float[columns];
        float[] Run(int lanes)
        {
            var delta = new float[2 * columns];
            var kernel = RuleKernelCompiler.BuildGram(rule.Rule, lanes);
            for (int i = 0; i < 2; i++) kernel(gram, sums, w, delta, i * columns, columns, rowSum: 0f, patterns: 9f, theta: 0f, modulator: 1f);
            return delta;
        }
        var scalar = Run(1);
        Assert.That(Run(width), Is.EqualTo(scalar));
        var formula = gram.Zip(w, (g, x) => (1f - x * x) * g - 0.01f * x * 9f);
        Assert.That(scalar, Is.EqualTo(formula).Within(1e-5f));
    }

    [TestCase(2)]
    [TestCase(32)]
    public void BuildRow_UnsupportedWidth_Throws(int width)
    {
        var rule = Expression(s => s.Post * s.Pre);
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleKernelCompiler.BuildRow(rule.Rule, width));
    }
}
