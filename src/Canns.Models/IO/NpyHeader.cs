using System.Globalization;

namespace Canns.Models;

/// <summary>
/// The parsed header of a .npy file: a Python dict literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// </summary>
/// <param name="DType">The element type.</param>
/// <param name="FortranOrder">True when the data are stored column-major.</param>
/// <param name="Shape">The dimensions, each ≥ 0.</param>
internal sealed record NpyHeader(NpyDType DType, bool FortranOrder, long[] Shape)
{
    private const int MaxDepth = 4;

    /// <summary>The shape as NumPy prints it, e.g. <c>(3, 4)</c> or <c>(5,)</c>.</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>
    /// Parses the dict literal. It must hold exactly the keys <c>descr</c>, <c>fortran_order</c> and <c>shape</c>,
    /// as NumPy requires.
    /// </summary>
    /// <exception cref="InvalidDataException">The text does not parse, a key is missing or unknown, or a value has the wrong type.</exception>
    public static NpyHeader Parse(string text)
    {
        var parser = new Parser(text);
        object? value = parser.ParseValue(0);
        parser.SkipSpace();
        if (!parser.AtEnd) throw parser.Error("unexpected text after the closing '}'");
        if (value is not Dictionary<string, object?> dict) throw new InvalidDataException("the header does not parse: it is not a Python dict literal.");

        string[] required = ["descr", "fortran_order", "shape"];
        var missing = required.Where(k => !dict.ContainsKey(k)).ToList();
        var extra = dict.Keys.Where(k => !required.Contains(k)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidDataException("the header does not parse: it must have exactly the keys 'descr', 'fortran_order' and 'shape'" +
                (missing.Count > 0 ? $"; missing {string.Join(", ", missing.Select(k => $"'{k}'"))}" : "") +
                (extra.Count > 0 ? $"; unknown {string.Join(", ", extra.Select(k => $"'{k}'"))}" : "") + ".");
        }
        var dtype = dict["descr"] switch
        {
            string s => NpyDType.Parse(s),
            Sequence => throw new InvalidDataException("the header's 'descr' is a structured (record) dtype, which is not supported."),
            _ => throw new InvalidDataException("the header does not parse: 'descr' must be a string."),
        };
        if (dict["fortran_order"] is not bool fortran)
        {
            throw new InvalidDataException("the header does not parse: 'fortran_order' must be True or False.");
        }
        if (dict["shape"] is not Sequence { IsTuple: true, Items: var items })
        {
            throw new InvalidDataException("the header does not parse: 'shape' must be a tuple of integers.");
        }
        var shape = new long[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            shape[i] = items[i] is long d && d >= 0
                ? d
                : throw new InvalidDataException($"the header does not parse: shape entry {i} ({items[i] ?? "None"}) is not a non-negative integer.");
        }
        return new NpyHeader(dtype, fortran, shape);
    }

    /// <summary>A parsed tuple (<c>(…)</c>) or list (<c>[…]</c>).</summary>
    private sealed record Sequence(List<object?> Items, bool IsTuple);

    /// <summary>A recursive-descent reader of the Python literal subset NumPy writes: dicts, tuples, lists, strings, integers, booleans, None.</summary>
    private sealed class Parser(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public InvalidDataException Error(string what) =>
            new($"the header does not parse: {what} at character {_pos} of \"{Excerpt()}\".");

        public void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r' or '\0') _pos++;
        }

        public object? ParseValue(int depth)
        {
            if (depth > MaxDepth) throw Error("nesting too deep");
            SkipSpace();
            if (AtEnd) throw Error("unexpected end");
            char c = text[_pos];
            return c switch
            {
                '{' => ParseDict(depth),
                '(' => ParseSequence(depth, ')', tuple: true),
                '[' => ParseSequence(depth, ']', tuple: false),
                '\'' or '"' => ParseString(),
                _ when c == '-' || char.IsAsciiDigit(c) => ParseInteger(),
                _ => ParseWord(),
            };
        }

        private Dictionary<string, object?> ParseDict(int depth)
        {
            _pos++;
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (AtEnd) throw Error("missing '}'");
                if (text[_pos] == '}')
                {
                    _pos++;
                    return dict;
                }
                if (text[_pos] is not ('\'' or '"')) throw Error("expected a quoted key");
                string key = ParseString();
                SkipSpace();
                Expect(':');
                object? value = ParseValue(depth + 1);
                if (!dict.TryAdd(key, value)) throw Error($"key '{key}' repeated");
                if (!SeparatorOrClose('}')) throw Error("expected ',' or '}'");
            }
        }

        private Sequence ParseSequence(int depth, char close, bool tuple)
        {
            _pos++;
            var items = new List<object?>();
            while (true)
            {
                SkipSpace();
                if (AtEnd) throw Error($"missing '{close}'");
                if (text[_pos] == close)
                {
                    _pos++;
                    return new Sequence(items, tuple);
                }
                items.Add(ParseValue(depth + 1));
                if (!SeparatorOrClose(close)) throw Error($"expected ',' or '{close}'");
            }
        }

        /// <summary>Consumes a ',' (true) or sees the closing bracket without consuming it (true); false otherwise.</summary>
        private bool SeparatorOrClose(char close)
        {
            SkipSpace();
            if (AtEnd) return false;
            if (text[_pos] == ',')
            {
                _pos++;
                return true;
            }
            return text[_pos] == close;
        }

        private string ParseString()
        {
            char quote = text[_pos++];
            int start = _pos;
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\') throw Error("escape sequences in strings are not supported");
                _pos++;
            }
            if (AtEnd) throw Error("unterminated string");
            return text[start.._pos++];
        }

        private long ParseInteger()
        {
            int start = _pos;
            if (text[_pos] == '-') _pos++;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            string digits = text[start.._pos];
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++; // Python 2 long literal, as old NumPy wrote
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                throw new InvalidDataException($"the header does not parse: the integer {Truncate(digits)} is out of range.");
            }
            return value;
        }

        private object? ParseWord()
        {
            int start = _pos;
            while (_pos < text.Length && char.IsAsciiLetter(text[_pos])) _pos++;
            return text[start.._pos] switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                _ => throw Error($"unexpected '{Truncate(text[start..Math.Max(_pos, start + 1)])}'"),
            };
        }

        private void Expect(char c)
        {
            if (AtEnd || text[_pos] != c) throw Error($"expected '{c}'");
            _pos++;
        }

        private string Excerpt() => Truncate(text.TrimEnd());

        private static string Truncate(string s)
        {
            // Keep the message one short line even for a malicious header.
            s = new string(s.Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray());
            return s.Length <= 80 ? s : s[..77] + "...";
        }
    }
}
