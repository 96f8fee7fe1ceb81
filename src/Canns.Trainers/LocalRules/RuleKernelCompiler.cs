using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// Turns an <see cref="AnalyzedRule"/> into row kernels: expression trees whose loops run over whole rows in
/// <c>Vector512&lt;float&gt;</c> (or <c>Vector256</c>, <c>Vector128</c>) lanes with a scalar tail, compiled to IL once per rule text,
/// kind and vector width and cached for the life of the process. Dynamic code: callers check
/// <see cref="CompiledPath.IsDynamicCodeSupported"/> first.
/// </summary>
internal static class RuleKernelCompiler
{
    private static readonly ConcurrentDictionary<(string Key, string Kind, int Width), Lazy<(Delegate Kernel, TimeSpan Time)>> Cache = new();

    /// <summary>The lanes the kernels use: 16 with AVX-512, 8 with AVX2, 4 with SSE or Arm AdvSIMD, 1 (scalar loop only) otherwise.</summary>
    public static int Width => VectorLanes.Widest;

    /// <summary>Number of kernels compiled so far (tests check the cache with it).</summary>
    public static int CompiledCount => Cache.Count(kv => kv.Value.IsValueCreated);

    [RequiresDynamicCode("Compiles expression trees and closes generic vector methods at run time.")]
    public static (RowKernel Kernel, TimeSpan Time) Row(AnalyzedRule rule, bool useCache = true)
    {
        var (kernel, time) = Get(rule, "row", () => BuildRow(rule, Width), useCache);
        return ((RowKernel)kernel, time);
    }

    [RequiresDynamicCode("Compiles expression trees and closes generic vector methods at run time.")]
    public static (GramRowKernel Kernel, TimeSpan Time) Gram(AnalyzedRule rule, bool useCache = true)
    {
        var (kernel, time) = Get(rule, "gram", () => BuildGram(rule, Width), useCache);
        return ((GramRowKernel)kernel, time);
    }

    private static (Delegate, TimeSpan) Get(AnalyzedRule rule, string kind, Func<Delegate> build, bool useCache)
    {
        (Delegate, TimeSpan) Timed()
        {
            var watch = Stopwatch.StartNew();
            var kernel = build();
            return (kernel, watch.Elapsed);
        }
        if (!useCache) return Timed();
        bool built = false;
        var lazy = Cache.GetOrAdd((rule.Key, kind, Width), _ => new Lazy<(Delegate, TimeSpan)>(() =>
        {
            built = true;
            return Timed();
        }));
        var (kernel, time) = lazy.Value;
        return (kernel, built ? time : TimeSpan.Zero);
    }

    /// <summary>The row kernel over <paramref name="width"/> lanes (1, 4, 8 or 16), uncached; tests try every width.</summary>
    [RequiresDynamicCode("Closes generic vector methods at run time.")]
    internal static RowKernel BuildRow(AnalyzedRule rule, int width)
    {
        var pre = Expression.Parameter(typeof(float[]), "pre");
        var postT = Expression.Parameter(typeof(float[]), "postT");
        var preTrace = Expression.Parameter(typeof(float[]), "preTrace");
        var postTraceT = Expression.Parameter(typeof(float[]), "postTraceT");
        var w = Expression.Parameter(typeof(float[]), "w");
        var delta = Expression.Parameter(typeof(float[]), "delta");
        var rowW = Expression.Parameter(typeof(int), "rowW");
        var rowPost = Expression.Parameter(typeof(int), "rowPost");
        var m = Expression.Parameter(typeof(int), "columns");
        var patterns = Expression.Parameter(typeof(int), "patterns");
        var theta = Expression.Parameter(typeof(float), "theta");
        var modulator = Expression.Parameter(typeof(float), "modulator");
        var j = Expression.Variable(typeof(int), "j");
        var p = Expression.Variable(typeof(int), "p");
        var used = rule.Used;
        var statements = new List<Expression>();
        var locals = new List<ParameterExpression> { j, p };
        Expression preAt = Expression.Add(Expression.Multiply(p, m), j);
        Expression postAt = Expression.Add(rowPost, p);
        Expression deltaAt = Expression.Add(rowW, j);

        // Sample-major: for each sample p, one pass over the row adds f to delta (which starts at zero), so every
        // synapse sums its samples in order p = 0, 1, … exactly as the step path does, while the row of W, the row
        // of delta and sample p's presynaptic row stream through L1.
        var s = rule.Leaves.Select(l => Expression.Variable(typeof(float), "s" + l.Name)).ToArray();
        locals.AddRange(s);
        var scalarBody = new Replacer(rule.Leaves, s).Visit(rule.Body);
        statements.Add(Expression.Assign(s[AnalyzedRule.Theta], theta));
        statements.Add(Expression.Assign(s[AnalyzedRule.Modulator], modulator));
        statements.Add(Expression.Assign(s[AnalyzedRule.PreTrace], Expression.Constant(0f)));
        statements.Add(Expression.Assign(s[AnalyzedRule.PostTrace], Expression.Constant(0f)));
        var perSample = new List<Expression>
        {
            Expression.Assign(s[AnalyzedRule.Post], Expression.ArrayIndex(postT, postAt)),
        };
        if (used[AnalyzedRule.PostTrace]) perSample.Add(Expression.Assign(s[AnalyzedRule.PostTrace], Expression.ArrayIndex(postTraceT, postAt)));
        perSample.Add(Expression.Assign(j, Expression.Constant(0)));

        if (width > 1)
        {
            var v = new VectorOps(width);
            var leaf = rule.Leaves.Select(l => Expression.Variable(v.VectorType, "v" + l.Name)).ToArray();
            var translator = new VectorTranslator(v, rule.Leaves, leaf);
            Expression body = translator.Translate(rule.Body);
            locals.AddRange(leaf);
            locals.AddRange(translator.Constants);
            statements.AddRange(translator.ConstantInits);
            statements.Add(Expression.Assign(leaf[AnalyzedRule.Theta], v.Broadcast(theta)));
            statements.Add(Expression.Assign(leaf[AnalyzedRule.Modulator], v.Broadcast(modulator)));
            if (used[AnalyzedRule.Post]) perSample.Add(Expression.Assign(leaf[AnalyzedRule.Post], v.Broadcast(s[AnalyzedRule.Post])));
            if (used[AnalyzedRule.PostTrace]) perSample.Add(Expression.Assign(leaf[AnalyzedRule.PostTrace], v.Broadcast(s[AnalyzedRule.PostTrace])));
            var perVector = new List<Expression>();
            if (used[AnalyzedRule.W]) perVector.Add(Expression.Assign(leaf[AnalyzedRule.W], v.Load(w, deltaAt)));
            if (used[AnalyzedRule.Pre]) perVector.Add(Expression.Assign(leaf[AnalyzedRule.Pre], v.Load(pre, preAt)));
            if (used[AnalyzedRule.PreTrace]) perVector.Add(Expression.Assign(leaf[AnalyzedRule.PreTrace], v.Load(preTrace, preAt)));
            perVector.Add(v.Store(Expression.Add(v.Load(delta, deltaAt), body), delta, deltaAt));
            perVector.Add(Expression.AddAssign(j, Expression.Constant(width)));
            perSample.Add(While(Expression.LessThanOrEqual(j, Expression.Subtract(m, Expression.Constant(width))), Expression.Block(perVector)));
        }

        // Scalar tail (the whole row when there is no vector unit).
        var tail = new List<Expression>
        {
            Expression.Assign(s[AnalyzedRule.W], Expression.ArrayIndex(w, deltaAt)),
            Expression.Assign(s[AnalyzedRule.Pre], Expression.ArrayIndex(pre, preAt)),
        };
        if (used[AnalyzedRule.PreTrace]) tail.Add(Expression.Assign(s[AnalyzedRule.PreTrace], Expression.ArrayIndex(preTrace, preAt)));
        tail.Add(Expression.Assign(Expression.ArrayAccess(delta, deltaAt), Expression.Add(Expression.ArrayIndex(delta, deltaAt), scalarBody)));
        tail.Add(Expression.PreIncrementAssign(j));
        perSample.Add(While(Expression.LessThan(j, m), Expression.Block(tail)));
        perSample.Add(Expression.PreIncrementAssign(p));

        statements.Add(Expression.Assign(j, Expression.Constant(0)));
        statements.Add(While(Expression.LessThan(j, m), Expression.Block(
            Expression.Assign(Expression.ArrayAccess(delta, deltaAt), Expression.Constant(0f)),
            Expression.PreIncrementAssign(j))));
        statements.Add(Expression.Assign(p, Expression.Constant(0)));
        statements.Add(While(Expression.LessThan(p, patterns), Expression.Block(perSample)));

        var lambda = Expression.Lambda<RowKernel>(Expression.Block(typeof(void), locals, statements),
            "LocalRuleRow", [pre, postT, preTrace, postTraceT, w, delta, rowW, rowPost, m, patterns, theta, modulator]);
        return lambda.Compile();
    }

    /// <summary>The Gram row kernel over <paramref name="width"/> lanes (1, 4, 8 or 16), uncached; tests try every width.</summary>
    [RequiresDynamicCode("Closes generic vector methods at run time.")]
    internal static GramRowKernel BuildGram(AnalyzedRule rule, int width)
    {
        var form = rule.Form ?? throw new InvalidOperationException("The rule has no affine form.");
        var gram = Expression.Parameter(typeof(float[]), "gram");
        var sums = Expression.Parameter(typeof(float[]), "columnSums");
        var w = Expression.Parameter(typeof(float[]), "w");
        var delta = Expression.Parameter(typeof(float[]), "delta");
        var row = Expression.Parameter(typeof(int), "row");
        var m = Expression.Parameter(typeof(int), "columns");
        var rowSum = Expression.Parameter(typeof(float), "rowSum");
        var patterns = Expression.Parameter(typeof(float), "patterns");
        var theta = Expression.Parameter(typeof(float), "theta");
        var modulator = Expression.Parameter(typeof(float), "modulator");
        var j = Expression.Variable(typeof(int), "j");
        var locals = new List<ParameterExpression> { j };
        var statements = new List<Expression> { Expression.Assign(j, Expression.Constant(0)) };
        Expression at = Expression.Add(row, j);

        if (width > 1)
        {
            var v = new VectorOps(width);
            var leaf = rule.Leaves.Select(l => Expression.Variable(v.VectorType, "v" + l.Name)).ToArray();
            var vRowSum = Expression.Variable(v.VectorType, "vRowSum");
            var vPatterns = Expression.Variable(v.VectorType, "vPatterns");
            var translator = new VectorTranslator(v, rule.Leaves, leaf);
            var value = Combine(form, translator.Translate, v.Load(gram, at), v.Load(sums, j), vRowSum, vPatterns, v.Zero);
            locals.AddRange(leaf);
            locals.AddRange([vRowSum, vPatterns]);
            locals.AddRange(translator.Constants);
            statements.AddRange(translator.ConstantInits);
            statements.Add(Expression.Assign(leaf[AnalyzedRule.Theta], v.Broadcast(theta)));
            statements.Add(Expression.Assign(leaf[AnalyzedRule.Modulator], v.Broadcast(modulator)));
            statements.Add(Expression.Assign(vRowSum, v.Broadcast(rowSum)));
            statements.Add(Expression.Assign(vPatterns, v.Broadcast(patterns)));
            statements.Add(While(Expression.LessThanOrEqual(j, Expression.Subtract(m, Expression.Constant(width))), Expression.Block(
                Expression.Assign(leaf[AnalyzedRule.W], v.Load(w, at)),
                v.Store(value, delta, at),
                Expression.AddAssign(j, Expression.Constant(width)))));
        }

        var s = rule.Leaves.Select(l => Expression.Variable(typeof(float), "s" + l.Name)).ToArray();
        locals.AddRange(s);
        var replacer = new Replacer(rule.Leaves, s);
        var scalar = Combine(form, e => replacer.Visit(e), Expression.ArrayIndex(gram, at), Expression.ArrayIndex(sums, j), rowSum, patterns, Expression.Constant(0f));
        statements.Add(Expression.Assign(s[AnalyzedRule.Theta], theta));
        statements.Add(Expression.Assign(s[AnalyzedRule.Modulator], modulator));
        statements.Add(While(Expression.LessThan(j, m), Expression.Block(
            Expression.Assign(s[AnalyzedRule.W], Expression.ArrayIndex(w, at)),
            Expression.Assign(Expression.ArrayAccess(delta, at), scalar),
            Expression.PreIncrementAssign(j))));

        var lambda = Expression.Lambda<GramRowKernel>(Expression.Block(typeof(void), locals, statements),
            "LocalRuleGramRow", [gram, sums, w, delta, row, m, rowSum, patterns, theta, modulator]);
        return lambda.Compile();
    }

    /// <summary><c>c_pp·G + c_pre·S_j + c_post·S_i + c₁·P</c>, leaving out absent terms.</summary>
    private static Expression Combine(AffineForm form, Func<Expression, Expression> coefficient, Expression g, Expression sj, Expression si, Expression count, Expression zero)
    {
        Expression? sum = null;
        void Add(Expression? c, Expression factor)
        {
            if (c is null) return;
            var term = c is ConstantExpression { Value: 1f } ? factor : Expression.Multiply(coefficient(c), factor);
            sum = sum is null ? term : Expression.Add(sum, term);
        }
        Add(form.ProductCoefficient, g);
        Add(form.PreCoefficient, sj);
        Add(form.PostCoefficient, si);
        Add(form.One, count);
        return sum ?? zero;
    }

    private static Expression While(Expression condition, Expression body)
    {
        var done = Expression.Label("done");
        return Expression.Loop(Expression.IfThenElse(condition, body, Expression.Break(done)), done);
    }

    private sealed class Replacer(ParameterExpression[] from, ParameterExpression[] to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node)
        {
            int i = Array.IndexOf(from, node);
            return i >= 0 ? to[i] : node;
        }
    }

    /// <summary>Maps a checked scalar rule onto vector operations, lane by lane the same IEEE operations.</summary>
    [RequiresDynamicCode("Closes generic vector methods at run time.")]
    private sealed class VectorTranslator(VectorOps v, ParameterExpression[] leaves, ParameterExpression[] vectors)
    {
        private readonly Dictionary<int, ParameterExpression> _constants = [];

        public IEnumerable<ParameterExpression> Constants => _constants.Values;

        public IEnumerable<Expression> ConstantInits =>
            _constants.Select(kv => (Expression)Expression.Assign(kv.Value, v.Broadcast(Expression.Constant(BitConverter.Int32BitsToSingle(kv.Key)))));

        public Expression Translate(Expression e)
        {
            switch (e)
            {
                case ParameterExpression p:
                    return vectors[Array.IndexOf(leaves, p)];
                case ConstantExpression { Value: float c }:
                    int bits = BitConverter.SingleToInt32Bits(c);
                    if (!_constants.TryGetValue(bits, out var local))
                    {
                        local = Expression.Variable(v.VectorType, "c" + _constants.Count);
                        _constants[bits] = local;
                    }
                    return local;
                case UnaryExpression { NodeType: ExpressionType.Negate } u:
                    return Expression.Negate(Translate(u.Operand));
                case BinaryExpression { NodeType: ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply or ExpressionType.Divide } b:
                    return Expression.MakeBinary(b.NodeType, Translate(b.Left), Translate(b.Right));
                case ConditionalExpression c:
                    return v.Call("ConditionalSelect", Mask(c.Test), Translate(c.IfTrue), Translate(c.IfFalse));
                case MethodCallExpression call when call.Method.Name == "FusedMultiplyAdd":
                    return Expression.Call(v.Static.GetMethod("FusedMultiplyAdd", [v.VectorType, v.VectorType, v.VectorType])!,
                        call.Arguments.Select(Translate));
                case MethodCallExpression call:
                    return v.Call(call.Method.Name, call.Arguments.Select(Translate).ToArray());
                default:
                    throw new NotSupportedException($"Unexpected node {e.NodeType} in a checked rule.");
            }
        }

        private Expression Mask(Expression test) => test switch
        {
            BinaryExpression { NodeType: ExpressionType.GreaterThan } b => v.Call("GreaterThan", Translate(b.Left), Translate(b.Right)),
            BinaryExpression { NodeType: ExpressionType.GreaterThanOrEqual } b => v.Call("GreaterThanOrEqual", Translate(b.Left), Translate(b.Right)),
            BinaryExpression { NodeType: ExpressionType.LessThan } b => v.Call("LessThan", Translate(b.Left), Translate(b.Right)),
            BinaryExpression { NodeType: ExpressionType.LessThanOrEqual } b => v.Call("LessThanOrEqual", Translate(b.Left), Translate(b.Right)),
            BinaryExpression { NodeType: ExpressionType.Equal } b => v.Call("Equals", Translate(b.Left), Translate(b.Right)),
            BinaryExpression { NodeType: ExpressionType.NotEqual } b => Expression.OnesComplement(v.Call("Equals", Translate(b.Left), Translate(b.Right))),
            BinaryExpression { NodeType: ExpressionType.AndAlso } b => Expression.And(Mask(b.Left), Mask(b.Right)),
            BinaryExpression { NodeType: ExpressionType.OrElse } b => Expression.Or(Mask(b.Left), Mask(b.Right)),
            UnaryExpression { NodeType: ExpressionType.Not } u => Expression.OnesComplement(Mask(u.Operand)),
            _ => throw new NotSupportedException($"Unexpected condition {test.NodeType} in a checked rule."),
        };
    }

    /// <summary>The static helpers of <c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c> closed over float.</summary>
    [RequiresDynamicCode("Closes generic vector methods at run time.")]
    private sealed class VectorOps
    {
        public VectorOps(int width)
        {
            (Static, VectorType) = width switch
            {
                16 => (typeof(Vector512), typeof(Vector512<float>)),
                8 => (typeof(Vector256), typeof(Vector256<float>)),
                4 => (typeof(Vector128), typeof(Vector128<float>)),
                _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Vector kernels have 4, 8 or 16 lanes."),
            };
        }

        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)]
        public Type Static { get; }

        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
        public Type VectorType { get; }

        public Expression Zero => Expression.Property(null, VectorType.GetProperty("Zero")!);

        public Expression Broadcast(Expression scalar) => Expression.Call(Static.GetMethod("Create", [typeof(float)])!, scalar);

        public Expression Load(Expression array, Expression index) =>
            Expression.Call(Generic("Create", m => m.GetParameters() is [{ ParameterType.IsArray: true }, { ParameterType: var t }] && t == typeof(int)), array, index);

        public Expression Store(Expression vector, Expression array, Expression index) =>
            Expression.Call(Generic("CopyTo", m => m.GetParameters() is [_, { ParameterType.IsArray: true }, { ParameterType: var t }] && t == typeof(int)), vector, array, index);

        public Expression Call(string name, params Expression[] arguments) =>
            Expression.Call(Generic(name, m => m.GetParameters().Length == arguments.Length && m.GetParameters().All(p => p.ParameterType.IsGenericType)), arguments);

        [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "Vector512/256/128 helpers over float have no trimmed requirements.")]
        private MethodInfo Generic(string name, Func<MethodInfo, bool> shape) =>
            Static.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1 && shape(m))
                .MakeGenericMethod(typeof(float));
    }
}
