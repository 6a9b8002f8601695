using System.Text;

namespace Purser.Prompts;

/// <summary>
/// A parsed template: literal text and <c>{variable}</c> placeholders. <c>{{</c> and <c>}}</c> stand for literal braces.
/// Values are inserted verbatim in one pass, so braces inside a value are never read as placeholders.
/// </summary>
internal sealed class PromptTemplate
{
    private const int MaxSnippet = 30;

    private readonly Segment[] _segments;

    private PromptTemplate(string text, Segment[] segments, string[] variables)
    {
        Text = text;
        _segments = segments;
        Variables = variables;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Distinct variable names in order of first use.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Parses a template; throws <see cref="FormatException"/> with the line and column of a stray brace.</summary>
    public static PromptTemplate Parse(string text)
    {
        var segments = new List<Segment>();
        var variables = new List<string>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '{')
            {
                if (i + 1 < text.Length && text[i + 1] == '{')
                {
                    literal.Append('{');
                    i += 2;
                    continue;
                }

                int close = text.IndexOf('}', i + 1);
                string name = close < 0 ? "" : text[(i + 1)..close];
                if (close < 0 || !IsVariableName(name))
                {
                    throw new FormatException(
                        $"unescaped '{{' at {Position(text, i)} ({Snippet(text, i)}): write '{{{{' for a literal brace, or '{{name}}' for a variable (a letter or '_', then letters, digits or '_')");
                }

                if (literal.Length > 0)
                {
                    segments.Add(new Segment(literal.ToString(), IsVariable: false));
                    literal.Clear();
                }

                segments.Add(new Segment(name, IsVariable: true));
                if (!variables.Contains(name, StringComparer.Ordinal))
                {
                    variables.Add(name);
                }

                i = close + 1;
            }
            else if (c == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    literal.Append('}');
                    i += 2;
                    continue;
                }

                throw new FormatException($"unescaped '}}' at {Position(text, i)} ({Snippet(text, i)}): write '}}}}' for a literal brace");
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), IsVariable: false));
        }

        return new PromptTemplate(text, [.. segments], [.. variables]);
    }

    /// <summary>Appends the rendered text; every variable must be resolvable (checked by the caller).</summary>
    public void RenderTo(StringBuilder output, Func<string, string> valueOf)
    {
        foreach (Segment segment in _segments)
        {
            output.Append(segment.IsVariable ? valueOf(segment.Text) : segment.Text);
        }
    }

    internal static bool IsVariableName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Position(string text, int index)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $"line {line}, column {index - lineStart + 1}";
    }

    private static string Snippet(string text, int index)
    {
        int end = Math.Min(text.Length, index + MaxSnippet);
        int newline = text.IndexOf('\n', index);
        if (newline >= 0 && newline < end)
        {
            end = newline;
        }

        string snippet = text[index..end];
        return end < text.Length && text[end] != '\n' ? $"near \"{snippet}...\"" : $"near \"{snippet}\"";
    }

    private readonly record struct Segment(string Text, bool IsVariable);
}
