using System.Text;
using System.Text.RegularExpressions;

namespace Purser.Assistant.Files;

/// <summary>
/// The patterns of one <c>.gitignore</c> file, matched as git does: comments and blank lines skipped, <c>!</c> negates,
/// a trailing <c>/</c> matches directories only, a pattern with a <c>/</c> before its end is anchored to the file's
/// folder, otherwise it matches a name at any depth; <c>*</c>, <c>?</c>, <c>[…]</c> and <c>**</c> as in git.
/// Within a file (and across nested files, deeper last) the last matching pattern decides.
/// </summary>
internal sealed class GitIgnore
{
    private readonly List<Rule> _rules = [];

    /// <param name="baseDirectory">The folder of the file, relative to the walk's root with '/' separators ("" for the root).</param>
    /// <param name="lines">The file's lines.</param>
    public GitIgnore(string baseDirectory, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        BaseDirectory = baseDirectory.Trim('/');
        foreach (string raw in lines)
        {
            if (Parse(raw) is { } rule)
            {
                _rules.Add(rule);
            }
        }
    }

    public string BaseDirectory { get; }

    public int Count => _rules.Count;

    /// <summary>Loads <paramref name="path"/> when it exists; null otherwise.</summary>
    public static GitIgnore? Load(string path, string baseDirectory)
    {
        try
        {
            return File.Exists(path) ? new GitIgnore(baseDirectory, File.ReadAllLines(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the last pattern matching <paramref name="relativePath"/> (from the walk's root, '/' separators) ignores it
    /// (true), re-includes it (false), or no pattern matches (null).
    /// </summary>
    public bool? Match(string relativePath, bool isDirectory)
    {
        string path = relativePath.Trim('/');
        if (BaseDirectory.Length > 0)
        {
            if (!path.StartsWith(BaseDirectory + "/", StringComparison.Ordinal))
            {
                return null;
            }

            path = path[(BaseDirectory.Length + 1)..];
        }

        string name = path[(path.LastIndexOf('/') + 1)..];
        bool? result = null;
        foreach (Rule rule in _rules)
        {
            if (rule.DirectoryOnly && !isDirectory)
            {
                continue;
            }

            if (rule.Pattern.IsMatch(rule.Anchored ? path : name))
            {
                result = !rule.Negated;
            }
        }

        return result;
    }

    private static Rule? Parse(string raw)
    {
        string line = raw.TrimEnd('\r');
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        // Trailing spaces are ignored unless escaped with a backslash.
        int end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && (end < 2 || line[end - 2] != '\\'))
        {
            end--;
        }

        line = line[..end];
        bool negated = false;
        if (line.StartsWith('!'))
        {
            negated = true;
            line = line[1..];
        }
        else if (line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal))
        {
            line = line[1..];
        }

        bool directoryOnly = line.EndsWith('/');
        line = line.TrimEnd('/');
        if (line.Length == 0)
        {
            return null;
        }

        bool anchored = line.Contains('/', StringComparison.Ordinal);
        line = line.TrimStart('/');
        if (line.Length == 0)
        {
            return null;
        }

        try
        {
            return new Rule(new Regex(ToRegex(line), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), negated, directoryOnly, anchored);
        }
        catch (ArgumentException)
        {
            return null; // a malformed pattern is skipped, as git does
        }
    }

    internal static string ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        int i = 0;
        while (i < glob.Length)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool atStart = i == 0 || glob[i - 1] == '/';
                bool slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                bool atEnd = i + 2 == glob.Length;
                if (atStart && slashAfter)
                {
                    sb.Append("(?:.*/)?"); // "**/" : any number of folders, including none
                    i += 3;
                    continue;
                }

                if (atStart && atEnd)
                {
                    sb.Append(".*"); // "/**" : everything inside
                    i += 2;
                    continue;
                }

                sb.Append("[^/]*"); // "**" elsewhere is an ordinary "*"
                i += 2;
                continue;
            }

            switch (c)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    int close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append("\\[");
                        break;
                    }

                    string body = glob[(i + 1)..close];
                    if (body.StartsWith('!'))
                    {
                        body = "^" + body[1..];
                    }

                    sb.Append('[').Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    i++;
                    sb.Append(Regex.Escape(glob[i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }

            i++;
        }

        return sb.Append('$').ToString();
    }

    private sealed record Rule(Regex Pattern, bool Negated, bool DirectoryOnly, bool Anchored);
}
