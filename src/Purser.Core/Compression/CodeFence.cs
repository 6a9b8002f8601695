namespace Purser.Compression;

/// <summary>A Markdown code fence (<c>```lang</c> or <c>~~~lang</c>) and what its language allows.</summary>
internal readonly record struct CodeFence(char Char, int Length, FenceKind Kind)
{
    private static readonly HashSet<string> LayoutSensitive = new(StringComparer.OrdinalIgnoreCase)
    {
        "python", "py", "python3", "py3", "pycon", "ipython", "cython", "pyx", "snakemake", "starlark", "bzl", "gdscript", "mojo",
        "yaml", "yml", "makefile", "make", "mk", "mak", "haskell", "hs", "lhs", "fsharp", "f#", "fs", "fsi", "fsx", "nim",
        "coffeescript", "coffee", "pug", "jade", "sass", "styl", "stylus", "elm", "purescript", "purs", "idris", "agda", "lean",
        "occam", "cobol", "fortran", "markdown", "md", "rst", "restructuredtext", "org", "asciidoc", "adoc", "tsv", "jinja",
        "scala", "sc",
    };

    private static readonly HashSet<string> Verbatim = new(StringComparer.OrdinalIgnoreCase)
    {
        "diff", "patch", "udiff", "whitespace",
    };

    private static readonly HashSet<string> Text = new(StringComparer.OrdinalIgnoreCase)
    {
        "log", "logs", "text", "txt", "console", "output", "plaintext", "stdout", "stderr", "terminal", "shell-session",
    };

    /// <summary>Parses an opening fence line: optional indentation, three or more backticks or tildes, an info string.</summary>
    public static bool TryParseOpening(ReadOnlySpan<char> line, out CodeFence fence)
    {
        fence = default;
        ReadOnlySpan<char> rest = line.TrimStart(" \t");
        if (rest.Length < 3 || rest[0] is not ('`' or '~'))
        {
            return false;
        }

        char c = rest[0];
        int length = rest.IndexOfAnyExcept(c);
        if (length < 0)
        {
            length = rest.Length;
        }

        if (length < 3)
        {
            return false;
        }

        ReadOnlySpan<char> info = rest[length..].Trim();
        if (c == '`' && info.Contains('`'))
        {
            return false; // an inline code span, not a fence
        }

        int end = info.IndexOfAny(" \t{,");
        ReadOnlySpan<char> language = (end < 0 ? info : info[..end]).TrimStart('.');
        string lang = language.ToString();
        FenceKind kind = Verbatim.Contains(lang) ? FenceKind.Verbatim
            : LayoutSensitive.Contains(lang) ? FenceKind.LayoutSensitive
            : Text.Contains(lang) ? FenceKind.Text
            : FenceKind.Code;
        fence = new CodeFence(c, length, kind);
        return true;
    }

    /// <summary>True when the line closes this fence: the same character, at least as many, nothing after.</summary>
    public bool IsClosedBy(ReadOnlySpan<char> line)
    {
        ReadOnlySpan<char> rest = line.Trim(" \t\r");
        return rest.Length >= Length && rest.IndexOfAnyExcept(Char) < 0;
    }
}
