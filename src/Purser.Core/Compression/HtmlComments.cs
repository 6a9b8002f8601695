using System.Text;

namespace Purser.Compression;

/// <summary>Removes HTML comments from prose lines, outside inline code and indented code lines.</summary>
internal static class HtmlComments
{
    public static string[] Remove(string[] lines)
    {
        if (!Array.Exists(lines, l => l.Contains("<!--", StringComparison.Ordinal)))
        {
            return lines;
        }

        var result = new List<string>(lines.Length);
        bool inComment = false;
        var sb = new StringBuilder();
        foreach (string line in lines)
        {
            if (!inComment && (ProseLine.IsIndentedCode(line) || !line.Contains("<!--", StringComparison.Ordinal)))
            {
                result.Add(line);
                continue;
            }

            sb.Clear();
            bool[] code = new bool[line.Length];
            bool[] quoted = new bool[line.Length];
            ProtectedSpans.Mark(line, code, quoted);
            int i = 0;
            while (i < line.Length)
            {
                if (inComment)
                {
                    int end = line.IndexOf("-->", i, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        i = line.Length;
                        break;
                    }

                    inComment = false;
                    i = end + 3;
                    continue;
                }

                int open = line.IndexOf("<!--", i, StringComparison.Ordinal);
                while (open >= 0 && code[open])
                {
                    open = line.IndexOf("<!--", open + 4, StringComparison.Ordinal);
                }

                if (open < 0)
                {
                    sb.Append(line, i, line.Length - i);
                    break;
                }

                sb.Append(line, i, open - i);
                inComment = true;
                i = open + 4;
            }

            result.Add(sb.ToString());
        }

        // An unclosed comment is not a comment: give the original lines back.
        return inComment ? lines : [.. result];
    }
}
