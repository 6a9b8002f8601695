namespace Purser.Compression;

/// <summary>
/// Marks the parts of a prose line the compressor must leave as they are: inline code spans
/// (<c>`x  y`</c>; an unclosed backtick run protects the rest of the line) and double-quoted strings.
/// </summary>
internal static class ProtectedSpans
{
    /// <summary>Fills <paramref name="code"/> (inline code) and <paramref name="quoted"/> (code or quotes) for each character of the line.</summary>
    public static void Mark(ReadOnlySpan<char> line, Span<bool> code, Span<bool> quoted)
    {
        code.Clear();
        quoted.Clear();
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] != '`')
            {
                i++;
                continue;
            }

            int run = RunLength(line, i, '`');
            int close = FindClosingRun(line, i + run, run);
            int end = close < 0 ? line.Length : close + run;
            code[i..end].Fill(true);
            i = end;
        }

        quoted.Clear();
        code.CopyTo(quoted);
        int open = -1;
        for (int k = 0; k < line.Length; k++)
        {
            if (code[k] || line[k] != '"')
            {
                continue;
            }

            if (open < 0)
            {
                open = k;
            }
            else
            {
                quoted[open..(k + 1)].Fill(true);
                open = -1;
            }
        }
    }

    private static int RunLength(ReadOnlySpan<char> line, int start, char c)
    {
        int n = 0;
        while (start + n < line.Length && line[start + n] == c)
        {
            n++;
        }

        return n;
    }

    // The next backtick run of exactly `length`.
    private static int FindClosingRun(ReadOnlySpan<char> line, int from, int length)
    {
        int i = from;
        while (i < line.Length)
        {
            if (line[i] != '`')
            {
                i++;
                continue;
            }

            int run = RunLength(line, i, '`');
            if (run == length)
            {
                return i;
            }

            i += run;
        }

        return -1;
    }
}
