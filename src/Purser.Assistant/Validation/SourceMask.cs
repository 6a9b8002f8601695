using System.Text;

namespace Purser.Assistant.Validation;

/// <summary>
/// Blanks string contents and comments (keeping every line break, the quotes and the length), so patterns over the result
/// see only code. Interpolated parts (<c>f"{x}"</c>, <c>`${x}`</c>) stay code. Used for Python and JavaScript/TypeScript.
/// </summary>
internal static class SourceMask
{
    public static string Python(string text)
    {
        var sb = new StringBuilder(text);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '#')
            {
                i = BlankUntilLineEnd(sb, text, i);
                continue;
            }

            if (c is '"' or '\'')
            {
                int prefixStart = i;
                while (prefixStart > 0 && char.IsAsciiLetter(text[prefixStart - 1]))
                {
                    prefixStart--;
                }

                string prefix = text[prefixStart..i].ToLowerInvariant();
                bool validPrefix = prefix.Length <= 2 && prefix.All(p => p is 'r' or 'b' or 'f' or 'u')
                    && (prefixStart == 0 || !IsWordChar(text[prefixStart - 1]));
                bool formatted = validPrefix && prefix.Contains('f', StringComparison.Ordinal);
                i = PythonString(sb, text, i, formatted);
                continue;
            }

            i++;
        }

        return sb.ToString();
    }

    public static string Script(string text)
    {
        var sb = new StringBuilder(text);
        Script(sb, text, 0, text.Length, stopAtBrace: false);
        return sb.ToString();
    }

    /// <summary>Masks JavaScript from <paramref name="start"/>; with <paramref name="stopAtBrace"/>, returns at the brace that closes a template expression.</summary>
    private static int Script(StringBuilder sb, string text, int start, int end, bool stopAtBrace)
    {
        int depth = 0;
        int i = start;
        while (i < end)
        {
            char c = text[i];
            if (c == '/' && i + 1 < end && text[i + 1] == '/')
            {
                i = BlankUntilLineEnd(sb, text, i);
                continue;
            }

            if (c == '/' && i + 1 < end && text[i + 1] == '*')
            {
                int close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                int stop = close < 0 ? end : close + 2;
                Blank(sb, text, i, stop);
                i = stop;
                continue;
            }

            if (c is '"' or '\'')
            {
                i = QuotedString(sb, text, i, c);
                continue;
            }

            if (c == '`')
            {
                i = TemplateLiteral(sb, text, i);
                continue;
            }

            if (stopAtBrace)
            {
                if (c == '{')
                {
                    depth++;
                }
                else if (c == '}')
                {
                    if (depth == 0)
                    {
                        return i;
                    }

                    depth--;
                }
            }

            i++;
        }

        return i;
    }

    private static int TemplateLiteral(StringBuilder sb, string text, int open)
    {
        int i = open + 1;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                Blank(sb, text, i, i + 2);
                i += 2;
                continue;
            }

            if (c == '`')
            {
                return i + 1;
            }

            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                int close = Script(sb, text, i + 2, text.Length, stopAtBrace: true);
                i = Math.Min(text.Length, close + 1);
                continue;
            }

            Blank(sb, text, i, i + 1);
            i++;
        }

        return i;
    }

    private static int QuotedString(StringBuilder sb, string text, int open, char quote)
    {
        int i = open + 1;
        while (i < text.Length && text[i] != '\n')
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                Blank(sb, text, i, i + 2);
                i += 2;
                continue;
            }

            if (c == quote)
            {
                return i + 1;
            }

            Blank(sb, text, i, i + 1);
            i++;
        }

        return i;
    }

    private static int PythonString(StringBuilder sb, string text, int open, bool formatted)
    {
        char quote = text[open];
        bool triple = open + 2 < text.Length && text[open + 1] == quote && text[open + 2] == quote;
        int i = open + (triple ? 3 : 1);
        while (i < text.Length)
        {
            char c = text[i];
            if (!triple && c == '\n')
            {
                return i;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                Blank(sb, text, i, i + 2);
                i += 2;
                continue;
            }

            if (c == quote && (!triple || (i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote)))
            {
                return i + (triple ? 3 : 1);
            }

            if (formatted && c == '{')
            {
                if (i + 1 < text.Length && text[i + 1] == '{')
                {
                    Blank(sb, text, i, i + 2);
                    i += 2;
                    continue;
                }

                // The expression stays code up to its closing brace (format specs included; good enough for name use).
                int depth = 0;
                int j = i;
                while (j < text.Length && (triple || text[j] != '\n'))
                {
                    if (text[j] == '{')
                    {
                        depth++;
                    }
                    else if (text[j] == '}' && --depth == 0)
                    {
                        break;
                    }
                    else if (text[j] == quote)
                    {
                        break;
                    }

                    j++;
                }

                i = j < text.Length && text[j] == '}' ? j + 1 : j;
                continue;
            }

            Blank(sb, text, i, i + 1);
            i++;
        }

        return i;
    }

    private static int BlankUntilLineEnd(StringBuilder sb, string text, int start)
    {
        int end = text.IndexOf('\n', start);
        end = end < 0 ? text.Length : end;
        Blank(sb, text, start, end);
        return end;
    }

    private static void Blank(StringBuilder sb, string text, int start, int end)
    {
        for (int k = start; k < end && k < text.Length; k++)
        {
            if (text[k] is not '\n' and not '\r')
            {
                sb[k] = ' ';
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
