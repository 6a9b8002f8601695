using System.Text;

namespace Purser.Compression;

/// <summary>The per-line rules for prose (text outside code): decoration and whitespace.</summary>
internal static class ProseLine
{
    /// <summary>Leading whitespace of four columns or a tab: an indented code line, left alone.</summary>
    public static bool IsIndentedCode(string line)
    {
        int columns = 0;
        foreach (char c in line)
        {
            if (c == ' ')
            {
                columns++;
            }
            else if (c == '\t')
            {
                return true;
            }
            else
            {
                break;
            }

            if (columns >= 4)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A Markdown thematic break: three or more of one of <c>- * _</c>, optionally spaced.</summary>
    public static bool IsThematicBreak(string line)
    {
        ReadOnlySpan<char> s = line.AsSpan().TrimStart(' ');
        if (line.Length - s.Length > 3 || s.Length < 3 || s[0] is not ('-' or '*' or '_'))
        {
            return false;
        }

        char c = s[0];
        int count = 0;
        foreach (char ch in s)
        {
            if (ch == c)
            {
                count++;
            }
            else if (ch is not (' ' or '\t'))
            {
                return false;
            }
        }

        return count >= 3;
    }

    /// <summary>Applies the prose rules to one line whose trailing whitespace is already gone.</summary>
    public static string Process(string line, bool stripMarkdown, bool collapseWhitespace)
    {
        int indent = line.AsSpan().IndexOfAnyExcept(' ', '\t');
        if (indent < 0)
        {
            return "";
        }

        string body = line[indent..];
        if (stripMarkdown)
        {
            body = StripStrongEmphasis(body);
            body = TrimClosingHashes(body);
            body = NormaliseTableDelimiterRow(body);
        }

        if (collapseWhitespace)
        {
            body = CollapseWhitespace(body);
        }

        return indent == 0 ? body : string.Concat(line.AsSpan(0, indent), body);
    }

    /// <summary>
    /// Removes <c>**strong**</c> and <c>__strong__</c> markers where they open before a word and close after
    /// one (so <c>a**2</c>, <c>**kwargs</c> and <c>__init__</c> stay), outside inline code.
    /// </summary>
    internal static string StripStrongEmphasis(string s)
    {
        while (true)
        {
            string next = StripStrongOnce(s);
            if (ReferenceEquals(next, s))
            {
                return s;
            }

            s = next;
        }
    }

    private static string StripStrongOnce(string s)
    {
        if (s.IndexOf("**", StringComparison.Ordinal) < 0 && s.IndexOf("__", StringComparison.Ordinal) < 0)
        {
            return s;
        }

        Span<bool> code = s.Length <= 512 ? stackalloc bool[s.Length] : new bool[s.Length];
        Span<bool> quoted = s.Length <= 512 ? stackalloc bool[s.Length] : new bool[s.Length];
        ProtectedSpans.Mark(s, code, quoted);

        var removals = new List<int>();
        int openStar = -1, openUnderscore = -1;
        for (int i = 0; i + 1 < s.Length; i++)
        {
            char c = s[i];
            if (c is not ('*' or '_') || s[i + 1] != c || code[i] || code[i + 1]
                || (i > 0 && s[i - 1] == c) || (i + 2 < s.Length && s[i + 2] == c))
            {
                continue;
            }

            // A run of exactly two.
            bool canOpen = i + 2 < s.Length && !char.IsWhiteSpace(s[i + 2]) && (i == 0 || !char.IsLetterOrDigit(s[i - 1]));
            bool canClose = i > 0 && !char.IsWhiteSpace(s[i - 1]) && (i + 2 >= s.Length || !char.IsLetterOrDigit(s[i + 2]));
            ref int open = ref (c == '*' ? ref openStar : ref openUnderscore);
            if (canClose && open >= 0 && i > open + 2 && IsStrippable(s.AsSpan((open + 2)..i), c))
            {
                removals.Add(open);
                removals.Add(i);
                open = -1;
            }
            else if (canOpen)
            {
                open = i;
            }

            i++; // skip the second character of the run
        }

        if (removals.Count == 0)
        {
            return s;
        }

        removals.Sort();
        var sb = new StringBuilder(s.Length);
        int pos = 0;
        foreach (int r in removals)
        {
            sb.Append(s, pos, r - pos);
            pos = r + 2;
        }

        return sb.Append(s, pos, s.Length - pos).ToString();
    }

    // __name__ is a Python dunder, not emphasis: underscore pairs around a bare identifier stay.
    private static bool IsStrippable(ReadOnlySpan<char> content, char c)
    {
        if (content.IsEmpty || char.IsWhiteSpace(content[0]) || char.IsWhiteSpace(content[^1]))
        {
            return false;
        }

        if (c == '_')
        {
            foreach (char ch in content)
            {
                if (!char.IsLetterOrDigit(ch) && ch != '_')
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    // "## Title ##" -> "## Title"
    private static string TrimClosingHashes(string s)
    {
        int level = s.AsSpan().IndexOfAnyExcept('#');
        if (level is < 1 or > 6 || s[level] != ' ')
        {
            return s;
        }

        ReadOnlySpan<char> rest = s.AsSpan(level);
        int hashes = rest.Length - rest.TrimEnd('#').Length;
        if (hashes == 0 || hashes == rest.Length)
        {
            return s;
        }

        ReadOnlySpan<char> before = rest[..^hashes];
        if (before.Trim(' ').IsEmpty || before[^1] != ' ')
        {
            return s; // "## C#" keeps its hash
        }

        return string.Concat(s.AsSpan(0, level), before.TrimEnd(' '));
    }

    // "| :------ | -----: |" -> "|:---|---:|"
    private static string NormaliseTableDelimiterRow(string s)
    {
        if (!s.Contains('|', StringComparison.Ordinal) || !s.Contains('-', StringComparison.Ordinal) || s.AsSpan().IndexOfAnyExcept("|:- \t") >= 0)
        {
            return s;
        }

        ReadOnlySpan<char> trimmed = s.AsSpan().Trim();
        bool leading = trimmed[0] == '|', trailing = trimmed.Length > 1 && trimmed[^1] == '|';
        ReadOnlySpan<char> inner = trimmed[(leading ? 1 : 0)..^(trailing ? 1 : 0)];
        var sb = new StringBuilder(s.Length);
        if (leading)
        {
            sb.Append('|');
        }

        bool first = true;
        foreach (Range r in inner.Split('|'))
        {
            ReadOnlySpan<char> cell = inner[r].Trim();
            if (cell.IsEmpty || cell.Trim(':').IsEmpty || cell.Trim(':').IndexOfAnyExcept('-') >= 0)
            {
                return s; // not a delimiter cell
            }

            if (!first)
            {
                sb.Append('|');
            }

            first = false;
            sb.Append(cell[0] == ':' ? ":---" : "---");
            if (cell.Length > 1 && cell[^1] == ':')
            {
                sb.Append(':');
            }
        }

        if (trailing)
        {
            sb.Append('|');
        }

        return sb.ToString();
    }

    // Runs of spaces/tabs outside code spans and quoted strings become one space (one tab if the run had a tab).
    private static string CollapseWhitespace(string s)
    {
        if (s.IndexOf("  ", StringComparison.Ordinal) < 0 && s.IndexOf(" \t", StringComparison.Ordinal) < 0 && s.IndexOf("\t ", StringComparison.Ordinal) < 0 && s.IndexOf("\t\t", StringComparison.Ordinal) < 0)
        {
            return s;
        }

        Span<bool> code = s.Length <= 512 ? stackalloc bool[s.Length] : new bool[s.Length];
        Span<bool> quoted = s.Length <= 512 ? stackalloc bool[s.Length] : new bool[s.Length];
        ProtectedSpans.Mark(s, code, quoted);
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if ((c != ' ' && c != '\t') || quoted[i])
            {
                sb.Append(c);
                i++;
                continue;
            }

            int start = i;
            bool tab = false;
            while (i < s.Length && s[i] is ' ' or '\t' && !quoted[i])
            {
                tab |= s[i] == '\t';
                i++;
            }

            sb.Append(i - start == 1 ? c : tab ? '\t' : ' ');
        }

        return sb.ToString();
    }
}
