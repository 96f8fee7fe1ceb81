using System.Runtime.Intrinsics;

namespace Canns.Trainers.Tests.LocalRules;

/// <summary>The generic driver of struct rules at every vector width, against the scalar step path.</summary>
public class StructLocalRuleTests
{
    private static readonly int[] Widths = [1, 4, 8, 16];

    // Fewer columns than a vector, exactly one or two vectors, and one or more columns left over at each width.
    private static readonly int[] Columns = [7, 8, 15, 16, 17, 33];

    private static IEnumerable<TestCaseData> WidthsAndColumns() =>
        from lanes in Widths from columns in Columns select new TestCaseData(lanes, columns);

    private static LocalRule Rule<TRule>(int lanes)
        where TRule : struct, ILocalRule => new StructLocalRule<TRule>(typeof(TRule).Name) { Lanes = lanes };

    [TestCaseSource(nameof(WidthsAndColumns))]
    public void ComputeRow_SoftBoundRule_EqualsItsFormulaSummedInOrderExactly(int lanes, int columns)
    {
        var b = RandomBatch.Create(rows: 3, columns, patterns: 5, seed: columns);
        var expected = new float[3 * columns];
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < columns; j++)
        for (int p = 0; p < 5; p++)
        {
            float x = b.Pre[p * columns + j], y = b.PostT[i * 5 + p], w = b.W[i * columns + j];
            expected[i * columns + j] += y * x * (1f - w * w) - 0.01f * w;
        }
        Assert.That(RandomBatch.Compiled(Rule<SoftBoundRule>(lanes), b), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(WidthsAndColumns))]
    public void ComputeRow_TraceRule_EqualsStepPathExactly(int lanes, int columns)
    {
        var b = RandomBatch.Create(rows: 4, columns, patterns: 6, seed: 100 + columns);
        var rule = Rule<TraceRule>(lanes);
        Assert.That(RandomBatch.Compiled(rule, b), Is.EqualTo(RandomBatch.Step(rule, b)));
    }

    [TestCaseSource(nameof(WidthsAndColumns))]
    public void ComputeRow_EveryVectorOperation_EqualsStepPathExactly(int lanes, int columns)
    {
        var b = RandomBatch.Create(rows: 5, columns, patterns: 7, seed: 200 + columns);
        var rule = Rule<EveryOperationRule>(lanes);
        var step = RandomBatch.Step(rule, b);
        Assert.That(RandomBatch.Compiled(rule, b), Is.EqualTo(step));
        Assert.That(step.Distinct().Count(), Is.GreaterThan(columns), "the data reach both branches of both conditionals");
    }

    [TestCase(4)]
    [TestCase(8)]
    [TestCase(16)]
    public void ComputeRow_ScalarOnlyRuleWithLanesSet_RunsTheScalarOverload(int lanes)
    {
        var b = RandomBatch.Create(rows: 3, columns: 33, patterns: 4, seed: 7, traces: false);
        var rule = Rule<HebbRule>(lanes);
        Assert.That(RandomBatch.Compiled(rule, b), Is.EqualTo(RandomBatch.Step(rule, b)));
    }

    [TestCase(1, 0)]
    [TestCase(4, 32)]
    [TestCase(8, 32)]
    [TestCase(16, 32)]
    public void ComputeRow_Lanes_RunsVectorsOfThatWidthThenScalarColumns(int lanes, int vectorColumns)
    {
        // The probe's vector overload returns its lane count and its scalar one 0: over 33 columns and 3 samples the
        // first 32 columns sum 3·lanes (whole vectors), column 32 is left to the scalar overload.
        var b = RandomBatch.Create(rows: 2, columns: 33, patterns: 3, seed: 8);
        var delta = RandomBatch.Compiled(Rule<LaneCountRule>(lanes), b);
        var expected = Enumerable.Range(0, 2 * 33).Select(k => k % 33 < vectorColumns ? 3f * lanes : 0f);
        Assert.That(delta, Is.EqualTo(expected));
    }

    [Test]
    public void ComputeRow_DefaultLanes_WidestVectorTheHardwareAccelerates()
    {
        int widest = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1;
        var b = RandomBatch.Create(rows: 1, columns: 33, patterns: 1, seed: 9);
        var delta = RandomBatch.Compiled(LocalRule.FromStruct<LaneCountRule>(), b);
        Assert.That(delta[0], Is.EqualTo(widest == 1 ? 0f : widest));
    }

    [TestCase(0)]
    [TestCase(2)]
    [TestCase(32)]
    public void Lanes_NotAVectorWidth_ThrowsNamingTheValue(int lanes)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new StructLocalRule<SoftBoundRule>("r") { Lanes = lanes });
        Assert.That(e!.Message, Does.Contain("1, 4, 8 or 16"));
        Assert.That(e.ActualValue, Is.EqualTo(lanes));
    }

    [TestCase(4)]
    [TestCase(8)]
    [TestCase(16)]
    public void ComputeRow_VectorOverloadThrows_ExceptionSurfaces(int lanes)
    {
        var b = RandomBatch.Create(rows: 1, columns: 17, patterns: 1, seed: 10);
        b.Pre[5] = 7f;
        b.PostT[0] = 5f;
        Assert.Throws<InvalidOperationException>(() => Rule<ThrowingRule>(lanes).ComputeRow(b, 0));
    }
}
