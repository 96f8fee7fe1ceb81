using System.Linq.Expressions;
using System.Reflection;

namespace Canns.Trainers;

/// <summary>
/// Checks a rule expression and rewrites it over seven float leaves. Everything it accepts can be evaluated
/// both as a scalar and lane-wise on vectors with identical results; everything else is rejected here, when the
/// rule (and so the trainer) is built, with a message naming the offending sub-expression.
/// </summary>
internal static class RuleExpressionAnalyzer
{
    private const string Supported =
        "supported: + - * / and unary -, comparisons inside ?:, &&, ||, !, float literals, and the calls MathF.Abs, MathF.Max, MathF.Min, MathF.Sqrt, MathF.FusedMultiplyAdd, Math.Abs/Max/Min on float";

    public static AnalyzedRule Analyze(LambdaExpression rule)
    {
        var leaves = AnalyzedRule.LeafNames.Select(n => Expression.Parameter(typeof(float), n)).ToArray();
        var used = new bool[leaves.Length];
        string source = rule.ToString();
        var rewriter = new Rewriter(rule, leaves, used, source);
        var body = rewriter.Float(rule.Body);
        var form = Affine.Decompose(body, leaves);
        return new AnalyzedRule(source, body.ToString(), body, leaves, used, form);
    }

    private sealed class Rewriter(LambdaExpression rule, ParameterExpression[] leaves, bool[] used, string source)
    {
        public Expression Float(Expression e)
        {
            var r = Rewrite(e);
            if (r.Type != typeof(float)) throw Fail(e, $"it has type {r.Type.Name} where a float is needed");
            return r;
        }

        private Expression Bool(Expression e)
        {
            var r = Rewrite(e);
            if (r.Type != typeof(bool)) throw Fail(e, $"it has type {r.Type.Name} where a condition is needed");
            return r;
        }

        private Expression Rewrite(Expression e)
        {
            switch (e.NodeType)
            {
                case ExpressionType.Parameter:
                    return Parameter((ParameterExpression)e);
                case ExpressionType.MemberAccess:
                    return Member((MemberExpression)e);
                case ExpressionType.Constant:
                    var c = (ConstantExpression)e;
                    if (c.Type == typeof(float)) return c;
                    throw Fail(e, $"the literal {c.Value} is a {c.Type.Name}; rules compute in float: write float literals such as 0.5f");
                case ExpressionType.Convert or ExpressionType.ConvertChecked:
                    var u = (UnaryExpression)e;
                    if (u.Type == u.Operand.Type) return Rewrite(u.Operand);
                    throw Fail(e, $"it converts {u.Operand.Type.Name} to {u.Type.Name}; rules compute in float: use float literals (0.5f) and MathF");
                case ExpressionType.Negate or ExpressionType.NegateChecked:
                    return Expression.Negate(Float(((UnaryExpression)e).Operand));
                case ExpressionType.UnaryPlus:
                    return Float(((UnaryExpression)e).Operand);
                case ExpressionType.Add or ExpressionType.AddChecked:
                    return Arithmetic(e, ExpressionType.Add);
                case ExpressionType.Subtract or ExpressionType.SubtractChecked:
                    return Arithmetic(e, ExpressionType.Subtract);
                case ExpressionType.Multiply or ExpressionType.MultiplyChecked:
                    return Arithmetic(e, ExpressionType.Multiply);
                case ExpressionType.Divide:
                    return Arithmetic(e, ExpressionType.Divide);
                case ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan
                    or ExpressionType.LessThanOrEqual or ExpressionType.Equal or ExpressionType.NotEqual:
                    var cmp = (BinaryExpression)e;
                    return Expression.MakeBinary(e.NodeType, Float(cmp.Left), Float(cmp.Right));
                case ExpressionType.AndAlso or ExpressionType.OrElse:
                    var logic = (BinaryExpression)e;
                    return Expression.MakeBinary(e.NodeType, Bool(logic.Left), Bool(logic.Right));
                case ExpressionType.Not:
                    return Expression.Not(Bool(((UnaryExpression)e).Operand));
                case ExpressionType.Conditional:
                    var cond = (ConditionalExpression)e;
                    return Expression.Condition(Bool(cond.Test), Float(cond.IfTrue), Float(cond.IfFalse));
                case ExpressionType.Call:
                    return Call((MethodCallExpression)e);
                default:
                    throw Fail(e, $"{e.NodeType} expressions cannot be vectorised ({Supported})");
            }
        }

        private Expression Arithmetic(Expression e, ExpressionType type)
        {
            var b = (BinaryExpression)e;
            if (b.Method is not null && b.Left.Type != typeof(float)) throw Fail(e, $"it applies a user-defined operator {b.Method.Name}");
            return Expression.MakeBinary(type, Float(b.Left), Float(b.Right));
        }

        private Expression Parameter(ParameterExpression p)
        {
            int index = rule.Parameters.IndexOf(p);
            if (index < 0) throw Fail(p, $"it reads the parameter '{p.Name}' of an inner lambda");
            if (p.Type == typeof(Synapse)) throw Fail(p, "it uses the whole Synapse; read its members (s.Pre, s.Post, s.W, …)");
            // (pre, post, w) form.
            return Leaf(index);
        }

        private Expression Member(MemberExpression m)
        {
            if (m.Expression is ParameterExpression p && p.Type == typeof(Synapse) && rule.Parameters.Contains(p))
            {
                int index = Array.IndexOf(AnalyzedRule.LeafNames, m.Member.Name);
                if (index >= 0) return Leaf(index);
            }
            if (IsClosure(m))
            {
                throw Fail(m, $"it captures the variable '{m.Member.Name}'. A captured variable can change after the rule is compiled, so the compiled " +
                    "and step paths could disagree: use a literal or a const, or pass run-time values through Synapse.Modulator or Synapse.Theta");
            }
            throw Fail(m, $"it reads {m.Member.DeclaringType?.Name}.{m.Member.Name}; a rule may read only the members of its Synapse parameter");
        }

        private static bool IsClosure(MemberExpression m)
        {
            Expression? e = m.Expression;
            while (e is MemberExpression inner) e = inner.Expression;
            return e is ConstantExpression;
        }

        private Expression Call(MethodCallExpression call)
        {
            MethodInfo method = call.Method;
            bool math = method.DeclaringType == typeof(MathF) || method.DeclaringType == typeof(Math);
            bool floats = method.ReturnType == typeof(float) && method.GetParameters().All(p => p.ParameterType == typeof(float));
            bool known = method.Name switch
            {
                "Abs" or "Sqrt" => call.Arguments.Count == 1,
                "Max" or "Min" => call.Arguments.Count == 2,
                "FusedMultiplyAdd" => call.Arguments.Count == 3,
                _ => false,
            };
            if (!math || !floats || !known)
            {
                throw Fail(call, $"it calls {method.DeclaringType?.Name}.{method.Name}, which the compiler cannot vectorise ({Supported})");
            }
            return Expression.Call(method, call.Arguments.Select(Float));
        }

        private Expression Leaf(int index)
        {
            used[index] = true;
            return leaves[index];
        }

        private ArgumentException Fail(Expression at, string why) =>
            new($"The local rule '{source}' cannot be used: {why} (at '{at}').", "rule");
    }

    /// <summary>Rewrites a rule as an <see cref="AffineForm"/> when it is affine in x_j, y_i and x_j·y_i; null otherwise.</summary>
    private static class Affine
    {
        public static AffineForm? Decompose(Expression body, ParameterExpression[] leaves)
        {
            var form = Of(body, leaves);
            return form is null ? null : new AffineForm(form[0], form[1], form[2], form[3]);
        }

        // Terms: [0] one, [1] pre, [2] post, [3] pre·post.
        private static Expression?[]? Of(Expression e, ParameterExpression[] leaves)
        {
            if (!Mentions(e, leaves, AnalyzedRule.Pre, AnalyzedRule.Post, AnalyzedRule.PreTrace, AnalyzedRule.PostTrace)) return [e, null, null, null];
            if (e == leaves[AnalyzedRule.Pre]) return [null, Expression.Constant(1f), null, null];
            if (e == leaves[AnalyzedRule.Post]) return [null, null, Expression.Constant(1f), null];
            switch (e.NodeType)
            {
                case ExpressionType.Add or ExpressionType.Subtract:
                {
                    var b = (BinaryExpression)e;
                    var l = Of(b.Left, leaves);
                    var r = Of(b.Right, leaves);
                    if (l is null || r is null) return null;
                    return Zip(l, r, (x, y) => x is null ? (y is null ? null : e.NodeType == ExpressionType.Add ? y : Expression.Negate(y))
                        : y is null ? x : Expression.MakeBinary(e.NodeType, x, y));
                }
                case ExpressionType.Negate:
                {
                    var o = Of(((UnaryExpression)e).Operand, leaves);
                    return o?.Select(x => x is null ? null : (Expression)Expression.Negate(x)).ToArray();
                }
                case ExpressionType.Multiply:
                {
                    var b = (BinaryExpression)e;
                    return Product(Of(b.Left, leaves), Of(b.Right, leaves));
                }
                case ExpressionType.Divide:
                {
                    var b = (BinaryExpression)e;
                    var l = Of(b.Left, leaves);
                    var r = Of(b.Right, leaves);
                    if (l is null || r is null || !PatternFree(r)) return null;
                    return l.Select(x => x is null ? null : (Expression)Expression.Divide(x, r[0]!)).ToArray();
                }
                case ExpressionType.Call when ((MethodCallExpression)e).Method.Name == "FusedMultiplyAdd":
                {
                    var a = ((MethodCallExpression)e).Arguments;
                    var p = Product(Of(a[0], leaves), Of(a[1], leaves));
                    var c = Of(a[2], leaves);
                    if (p is null || c is null) return null;
                    return Zip(p, c, (x, y) => x is null ? y : y is null ? x : Expression.Add(x, y));
                }
                default:
                    return null;
            }
        }

        private static Expression?[]? Product(Expression?[]? a, Expression?[]? b)
        {
            if (a is null || b is null) return null;
            if (PatternFree(a)) return b.Select(x => Mul(a[0], x)).ToArray();
            if (PatternFree(b)) return a.Select(x => Mul(x, b[0])).ToArray();
            // Only x_j·y_i may arise from two pattern-dependent factors: x_j², y_i² and higher powers do not sum to G.
            bool bad = (a[1] is not null && b[1] is not null) || (a[2] is not null && b[2] is not null)
                || (a[3] is not null && (b[1] ?? b[2] ?? b[3]) is not null) || (b[3] is not null && (a[1] ?? a[2]) is not null);
            if (bad) return null;
            return
            [
                Mul(a[0], b[0]),
                Sum(Mul(a[0], b[1]), Mul(a[1], b[0])),
                Sum(Mul(a[0], b[2]), Mul(a[2], b[0])),
                Sum(Sum(Mul(a[0], b[3]), Mul(a[3], b[0])), Sum(Mul(a[1], b[2]), Mul(a[2], b[1]))),
            ];
        }

        private static bool PatternFree(Expression?[] t) => t[1] is null && t[2] is null && t[3] is null;

        private static Expression? Mul(Expression? x, Expression? y)
        {
            if (x is null || y is null) return null;
            if (x is ConstantExpression { Value: 1f }) return y;
            if (y is ConstantExpression { Value: 1f }) return x;
            return Expression.Multiply(x, y);
        }

        private static Expression? Sum(Expression? x, Expression? y) => x is null ? y : y is null ? x : Expression.Add(x, y);

        private static Expression?[] Zip(Expression?[] a, Expression?[] b, Func<Expression?, Expression?, Expression?> f) =>
            [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])];

        private static bool Mentions(Expression e, ParameterExpression[] leaves, params int[] which)
        {
            var finder = new Finder(which.Select(i => leaves[i]).ToHashSet());
            finder.Visit(e);
            return finder.Found;
        }

        private sealed class Finder(HashSet<ParameterExpression> targets) : ExpressionVisitor
        {
            public bool Found { get; private set; }

            protected override Expression VisitParameter(ParameterExpression node)
            {
                if (targets.Contains(node)) Found = true;
                return node;
            }
        }
    }
}
