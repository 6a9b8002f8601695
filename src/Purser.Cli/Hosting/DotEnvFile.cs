namespace Purser.Cli.Hosting;

/// <summary>
/// A <c>.env</c> file as most tools read it: <c>NAME=value</c> lines, <c>#</c> comments, an optional <c>export </c>
/// prefix, values in single quotes (literal), double quotes (<c>\n</c>, <c>\"</c> and <c>\\</c> escapes) or bare
/// (a trailing <c> # comment</c> removed). Lines that are not assignments are ignored.
/// </summary>
internal static class DotEnvFile
{
    public const string FileName = ".env";

    /// <summary>The variables of <c>&lt;folder&gt;/.env</c>; empty when there is none or it cannot be read.</summary>
    public static IReadOnlyDictionary<string, string> Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            string name = line[..equals].Trim();
            if (!IsName(name))
            {
                continue;
            }

            values[name] = Value(line[(equals + 1)..].Trim());
        }

        return values;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');

    private static string Value(string raw)
    {
        if (raw.Length >= 2 && raw[0] == '\'' && raw.IndexOf('\'', 1) is int endSingle and > 0)
        {
            return raw[1..endSingle];
        }

        if (raw.Length >= 2 && raw[0] == '"')
        {
            var value = new System.Text.StringBuilder();
            for (int i = 1; i < raw.Length; i++)
            {
                char c = raw[i];
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c == '\\' && i + 1 < raw.Length)
                {
                    char next = raw[++i];
                    value.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', _ => next });
                    continue;
                }

                value.Append(c);
            }

            return raw;
        }

        int comment = raw.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? raw[..comment] : raw).TrimEnd();
    }
}
