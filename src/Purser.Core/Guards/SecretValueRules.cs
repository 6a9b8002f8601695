using System.Buffers;

namespace Purser.Guards;

/// <summary>
/// Decides whether a value found next to a secret-like name is plausibly a real secret, or a
/// placeholder, a variable reference, a code expression or a label. Shared by the assignment and
/// connection-string detectors.
/// </summary>
internal static class SecretValueRules
{
    // Substrings that mark documentation placeholders, template variables and references to secrets stored elsewhere.
    private static readonly SearchValues<string> PlaceholderMarkers = SearchValues.Create(
        [
            "${", "{{", "}}", "%(", "$(", "<", ">", "***", "xxx", "...", "\u2026",
            "your", "example", "placeholder", "changeme", "change_me", "change-me", "redacted", "dummy",
            "sample", "insert", "replace", "todo", "fixme", "process.env", "environ", "getenv", "secrets.",
        ],
        StringComparison.OrdinalIgnoreCase);

    // Whole values that are never secrets: words, types, literals.
    private static readonly HashSet<string> PlaceholderValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pass", "pwd", "secret", "token", "apikey", "api_key", "key", "none", "null", "nil",
        "undefined", "true", "false", "yes", "no", "empty", "string", "str", "bytes", "text", "required", "optional",
        "hidden", "env", "default", "test", "changeit", "unset", "auto", "off", "on", "disabled", "enabled", "secure", "value",
    };

    /// <summary>True when the value is a placeholder, a variable reference or a literal that is never a secret.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty)
        {
            return true;
        }

        if (value.IndexOfAny(PlaceholderMarkers) >= 0)
        {
            return true;
        }

        char first = value[0];
        // $VAR / %VAR% / {name} / :name / @name (SQL parameters) / !tag (YAML) / ? (bind parameter)
        if (first is '$' or '%' or '{' or ':' or '@' or '!' or '?' or '&' or '*')
        {
            return true;
        }

        if (value.IndexOfAnyExcept(first) < 0)
        {
            return true; // aaaaaaa, 0000000, -----
        }

        var lookup = PlaceholderValues.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.Contains(value);
    }

    /// <summary>
    /// True when an unquoted value reads as code rather than a literal: a call, an index, a member
    /// access (<c>config.password</c>) or a bare identifier (<c>password: str</c>, <c>token = token</c>).
    /// </summary>
    public static bool IsCodeExpression(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny('(', ')', '[') >= 0)
        {
            return true;
        }

        // identifier(.identifier)* made of letters and underscores only: a variable, a type or a member access.
        bool sawLetter = false;
        bool expectStart = true;
        foreach (char c in value)
        {
            if (char.IsAsciiLetter(c) || c == '_')
            {
                sawLetter = true;
                expectStart = false;
            }
            else if (c == '.' && !expectStart)
            {
                expectStart = true;
            }
            else
            {
                return false;
            }
        }

        return sawLetter && !expectStart;
    }

    /// <summary>A file-system path (<c>PWD=/home/dev</c>, <c>~/.ssh</c>, <c>C:\Users</c>), not a credential.</summary>
    public static bool IsPath(ReadOnlySpan<char> value) =>
        value.StartsWith("/") || value.StartsWith("~/") || value.StartsWith("./") || value.StartsWith("../")
        || (value.Length > 2 && char.IsAsciiLetter(value[0]) && value[1] == ':' && value[2] is '\\' or '/');

    public static bool HasDigit(ReadOnlySpan<char> value) => value.IndexOfAnyInRange('0', '9') >= 0;

    public static bool HasLetter(ReadOnlySpan<char> value) => value.ContainsAnyInRange('a', 'z') || value.ContainsAnyInRange('A', 'Z');

    public static bool HasUpperAndLower(ReadOnlySpan<char> value) => value.ContainsAnyInRange('a', 'z') && value.ContainsAnyInRange('A', 'Z');

    public static bool IsAllDigits(ReadOnlySpan<char> value) => !value.IsEmpty && value.IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>
    /// An identifier-like word of one letter case with separators (<c>client_secret</c>, <c>X-API-KEY</c>,
    /// <c>authorization</c>): a name, not a value.
    /// </summary>
    public static bool IsSingleCaseName(ReadOnlySpan<char> value)
    {
        bool lower = false, upper = false;
        foreach (char c in value)
        {
            if (char.IsAsciiLetterLower(c))
            {
                lower = true;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                upper = true;
            }
            else if (c is not ('_' or '-' or '.'))
            {
                return false;
            }
        }

        return lower != upper;
    }

    /// <summary>A capitalised word such as a UI label ("Passwort", "Contrase\u00f1a").</summary>
    public static bool IsCapitalisedWord(ReadOnlySpan<char> value)
    {
        if (value.Length < 2 || !char.IsUpper(value[0]))
        {
            return false;
        }

        foreach (char c in value[1..])
        {
            if (!char.IsLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
