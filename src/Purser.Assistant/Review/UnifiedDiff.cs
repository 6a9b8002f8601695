using System.Text;

namespace Purser.Assistant.Review;

/// <summary>Splits <c>git diff</c> output into per-file diffs.</summary>
internal static class UnifiedDiff
{
    public static IReadOnlyList<FileDiff> Parse(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var files = new List<FileDiff>();
        string[] lines = diff.ReplaceLineEndings("\n").Split('\n');
        int i = 0;
        while (i < lines.Length)
        {
            if (!lines[i].StartsWith("diff --git ", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            int start = i++;
            while (i < lines.Length && !lines[i].StartsWith("diff --git ", StringComparison.Ordinal))
            {
                i++;
            }

            files.Add(ParseFile(lines.AsSpan(start, i - start)));
        }

        return files;
    }

    private static FileDiff ParseFile(ReadOnlySpan<string> lines)
    {
        var header = new StringBuilder();
        var hunks = new List<string>();
        StringBuilder? hunk = null;
        string? oldPath = null, newPath = null;
        bool binary = false, deleted = false, created = false;
        int added = 0, removed = 0;
        foreach (string line in lines)
        {
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                if (hunk is not null)
                {
                    hunks.Add(hunk.ToString());
                }

                hunk = new StringBuilder();
            }

            if (hunk is not null)
            {
                hunk.Append(line).Append('\n');
                if (line.StartsWith('+'))
                {
                    added++;
                }
                else if (line.StartsWith('-'))
                {
                    removed++;
                }

                continue;
            }

            header.Append(line).Append('\n');
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                oldPath = PathOf(line[4..], "a/");
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                newPath = PathOf(line[4..], "b/");
            }
            else if (line.StartsWith("Binary files ", StringComparison.Ordinal) || line.StartsWith("GIT binary patch", StringComparison.Ordinal))
            {
                binary = true;
            }
            else if (line.StartsWith("deleted file mode", StringComparison.Ordinal))
            {
                deleted = true;
            }
            else if (line.StartsWith("new file mode", StringComparison.Ordinal))
            {
                created = true;
            }
        }

        if (hunk is not null)
        {
            hunks.Add(hunk.ToString());
        }

        string path = newPath ?? oldPath ?? PathFromGitHeader(lines[0]);
        return new FileDiff
        {
            Path = path,
            Header = header.ToString(),
            Hunks = hunks,
            IsBinary = binary,
            IsDeleted = deleted || (newPath is null && oldPath is not null),
            IsNew = created,
            Added = added,
            Removed = removed,
        };
    }

    private static string? PathOf(string value, string prefix)
    {
        string path = Unquote(value.Split('\t')[0].Trim());
        if (path == "/dev/null")
        {
            return null;
        }

        return path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
    }

    private static string PathFromGitHeader(string line)
    {
        // diff --git a/x b/x: the new path is after " b/" (paths with spaces make this a best effort).
        string rest = line["diff --git ".Length..];
        int b = rest.LastIndexOf(" b/", StringComparison.Ordinal);
        return Unquote(b >= 0 ? rest[(b + 3)..] : rest);
    }

    private static string Unquote(string path) =>
        path.Length >= 2 && path[0] == '"' && path[^1] == '"' ? path[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : path;
}
