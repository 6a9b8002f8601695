using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Purser.Assistant.Json;

/// <summary>
/// A forgiving JSON reader for model answers. It accepts what strict JSON refuses and models produce — trailing and
/// missing commas, single-quoted strings, unquoted keys and values, comments, Python literals, raw control characters in
/// strings — and an input that simply stops: open strings, arrays and objects are closed, a key without a value dropped.
/// Depth is limited, so hostile input cannot exhaust the stack.
/// </summary>
internal sealed class LenientJsonParser(string text)
{
    private const int MaxDepth = 64;

    private readonly HashSet<string> _repairs = new(StringComparer.Ordinal);
    private int _pos;

    /// <summary>What was repaired, in the order first seen.</summary>
    public IReadOnlyList<string> Repairs => [.. _order];

    public bool Truncated { get; private set; }

    private readonly List<string> _order = [];

    public JsonNode? ParseDocument()
    {
        SkipSpace();
        return _pos < text.Length ? ParseValue(0) : null;
    }

    private JsonNode? ParseValue(int depth)
    {
        SkipSpace();
        if (_pos >= text.Length)
        {
            Cut();
            return null;
        }

        char c = text[_pos];
        if (depth >= MaxDepth && c is '{' or '[')
        {
            Repair("nesting too deep (cut)");
            _pos = text.Length;
            return null;
        }

        return c switch
        {
            '{' => ParseObject(depth),
            '[' => ParseArray(depth),
            '"' or '\'' => JsonValue.Create(ParseString()),
            _ when c == '-' || c == '+' || c == '.' || char.IsAsciiDigit(c) => ParseNumberOrWord(),
            _ => ParseWord(),
        };
    }

    private JsonObject ParseObject(int depth)
    {
        _pos++; // {
        var result = new JsonObject();
        while (true)
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                Cut();
                return result;
            }

            char c = text[_pos];
            if (c == '}')
            {
                _pos++;
                return result;
            }

            if (c == ',')
            {
                _pos++;
                continue;
            }

            if (c == ']')
            {
                Repair("mismatched brackets");
                _pos++;
                return result;
            }

            string? key = ParseKey();
            if (key is null)
            {
                // Not a key at all: skip the character so the loop always advances.
                Repair("stray characters");
                _pos++;
                continue;
            }

            SkipSpace();
            if (_pos >= text.Length)
            {
                Cut();
                return result;
            }

            if (text[_pos] is ':' or '=')
            {
                _pos++;
            }
            else
            {
                Repair("missing colons");
            }

            SkipSpace();
            if (_pos >= text.Length)
            {
                Cut();
                return result;
            }

            if (text[_pos] is ',' or '}')
            {
                Repair("keys without values");
                continue;
            }

            JsonNode? value = ParseValue(depth + 1);
            if (_pos >= text.Length && Truncated && value is null)
            {
                return result; // the key's value never arrived
            }

            result[key] = value;
            SkipSpace();
            if (_pos < text.Length && text[_pos] == ',')
            {
                _pos++;
            }
            else if (_pos < text.Length && text[_pos] != '}')
            {
                Repair("missing commas");
            }
        }
    }

    private JsonArray ParseArray(int depth)
    {
        _pos++; // [
        var result = new JsonArray();
        while (true)
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                Cut();
                return result;
            }

            char c = text[_pos];
            if (c == ']')
            {
                _pos++;
                return result;
            }

            if (c == ',')
            {
                _pos++;
                continue;
            }

            if (c == '}')
            {
                Repair("mismatched brackets");
                _pos++;
                return result;
            }

            int start = _pos;
            JsonNode? value = ParseValue(depth + 1);
            if (_pos >= text.Length && Truncated && value is null)
            {
                return result;
            }

            if (_pos == start)
            {
                _pos++; // never loop on the same character
                continue;
            }

            result.Add(value);
            SkipSpace();
            if (_pos < text.Length && text[_pos] == ',')
            {
                _pos++;
            }
            else if (_pos < text.Length && text[_pos] != ']')
            {
                Repair("missing commas");
            }
        }
    }

    private string? ParseKey()
    {
        char c = text[_pos];
        if (c is '"' or '\'')
        {
            return ParseString();
        }

        int start = _pos;
        while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '-' or '$'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            return null;
        }

        Repair("unquoted keys");
        return text[start.._pos];
    }

    private string ParseString()
    {
        char quote = text[_pos++];
        if (quote == '\'')
        {
            Repair("single-quoted strings");
        }

        var sb = new StringBuilder();
        while (_pos < text.Length)
        {
            char c = text[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c == '\\')
            {
                if (_pos >= text.Length)
                {
                    break;
                }

                char e = text[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u' when _pos + 4 <= text.Length && int.TryParse(text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code):
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default: sb.Append(e); break; // \" \\ \/ \' and unknown escapes keep the character
                }

                continue;
            }

            if (c is '\n' or '\r')
            {
                Repair("line breaks inside strings");
            }

            sb.Append(c);
        }

        Cut();
        return sb.ToString();
    }

    private JsonNode? ParseNumberOrWord()
    {
        int start = _pos;
        if (text[_pos] is '-' or '+')
        {
            _pos++;
        }

        while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] is '.' or 'e' or 'E' || (text[_pos] is '+' or '-' && text[_pos - 1] is 'e' or 'E')))
        {
            _pos++;
        }

        if (_pos >= text.Length)
        {
            // A number at the very end of a cut-off answer may be missing digits (8 of 85): drop it.
            Cut();
            return null;
        }

        ReadOnlySpan<char> number = text.AsSpan(start, _pos - start);
        bool endsCleanly = _pos >= text.Length || !(char.IsLetter(text[_pos]) || text[_pos] == '_');
        if (endsCleanly)
        {
            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
            {
                return JsonValue.Create(integer);
            }

            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) && double.IsFinite(real))
            {
                return JsonValue.Create(real);
            }
        }

        _pos = start;
        return ParseWord();
    }

    private JsonNode? ParseWord()
    {
        int start = _pos;
        while (_pos < text.Length && text[_pos] is not (',' or '}' or ']' or '\n' or '\r'))
        {
            _pos++;
        }

        if (_pos >= text.Length)
        {
            // A bare word at the very end of a cut-off answer may be incomplete (tru, nul): drop it.
            Cut();
            return null;
        }

        string word = text[start.._pos].Trim();
        switch (word)
        {
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
            case "null":
                return null;
            case "True" or "False" or "None":
                Repair("Python literals");
                return word == "None" ? null : JsonValue.Create(word == "True");
            case "undefined" or "NaN" or "Infinity" or "-Infinity":
                Repair("non-JSON literals");
                return null;
        }

        if (word.Length == 0)
        {
            return null;
        }

        Repair("unquoted text values");
        return JsonValue.Create(word);
    }

    private void SkipSpace()
    {
        while (_pos < text.Length)
        {
            char c = text[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '/')
            {
                Repair("comments");
                while (_pos < text.Length && text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '*')
            {
                Repair("comments");
                int end = text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                _pos = end < 0 ? text.Length : end + 2;
            }
            else if (c == '`' && text.AsSpan(_pos).StartsWith("```"))
            {
                // A closing markdown fence after a cut-off object: the JSON is over.
                _pos = text.Length;
            }
            else
            {
                return;
            }
        }
    }

    private void Cut()
    {
        if (!Truncated)
        {
            Truncated = true;
            Repair("a cut-off end");
        }
    }

    private void Repair(string what)
    {
        if (_repairs.Add(what))
        {
            _order.Add(what);
        }
    }
}
