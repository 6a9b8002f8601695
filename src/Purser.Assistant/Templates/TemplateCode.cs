using System.Text;
using System.Text.RegularExpressions;

namespace Purser.Assistant.Templates;

/// <summary>
/// Turns generated code into a template and back: every spelling of a parameter's value in the code (<c>Xero</c>,
/// <c>xero</c>, <c>XERO</c>, <c>google_drive</c>, <c>GoogleDrive</c> …, also inside identifiers such as <c>XeroClient</c>)
/// becomes a placeholder <c>{{purser:Service:pascal}}</c>, and a new task's values are written back in the same spelling.
/// </summary>
internal static partial class TemplateCode
{
    /// <summary>
    /// The spellings, in the order a string that several of them share is attributed: a one-word value (<c>Xero</c>) is
    /// Pascal case, snake case or upper snake case, so a new value of several words (<c>Google Drive</c>) is written
    /// <c>GoogleDrive</c>, <c>google_drive</c>, <c>GOOGLE_DRIVE</c>; <c>raw</c> (as written in the task) only where it differs.
    /// </summary>
    public static readonly IReadOnlyList<string> Forms = ["pascal", "snake", "usnake", "camel", "kebab", "lower", "upper", "raw"];

    public const string PlaceholderStart = "{{purser:";

    /// <summary>The code with the parameters' values replaced by placeholders; null when the code cannot be made a template that gives it back exactly.</summary>
    public static string? Parameterise(string code, IReadOnlyList<TemplateParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(parameters);
        if (code.Contains(PlaceholderStart, StringComparison.Ordinal))
        {
            return null;
        }

        // Longest spellings first, so "GoogleDrive" is replaced before "Google".
        var spellings = new List<(string Text, string Placeholder)>();
        foreach (TemplateParameter parameter in parameters)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string form, string text) in Spellings(parameter.Value))
            {
                if (text.Length >= 3 && seen.Add(text))
                {
                    spellings.Add((text, $"{PlaceholderStart}{parameter.Name}:{form}}}}}"));
                }
            }
        }

        string result = code;
        foreach ((string text, string placeholder) in spellings.OrderByDescending(s => s.Text.Length))
        {
            result = ReplaceWhole(result, text, placeholder);
        }

        return Instantiate(result, parameters) == code ? result : null;
    }

    /// <summary>The template's code with <paramref name="parameters"/> written into its placeholders (unknown names are left as they are).</summary>
    public static string Instantiate(string template, IReadOnlyList<TemplateParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(parameters);
        var values = parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        return Placeholder().Replace(template, m =>
            values.TryGetValue(m.Groups["name"].Value, out string? value) ? Spell(value, m.Groups["form"].Value) : m.Value);
    }

    /// <summary>The parameter names the template's placeholders use.</summary>
    public static IReadOnlySet<string> Names(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    public static string Spell(string value, string form)
    {
        string[] words = Words(value);
        return form switch
        {
            "pascal" => string.Concat(words.Select(Capitalise)),
            "camel" => words.Length == 0 ? "" : words[0].ToLowerInvariant() + string.Concat(words.Skip(1).Select(Capitalise)),
            "snake" => string.Join('_', words.Select(w => w.ToLowerInvariant())),
            "kebab" => string.Join('-', words.Select(w => w.ToLowerInvariant())),
            "usnake" => string.Join('_', words.Select(w => w.ToUpperInvariant())),
            "lower" => string.Concat(words).ToLowerInvariant(),
            "upper" => string.Concat(words).ToUpperInvariant(),
            _ => value,
        };
    }

    private static IEnumerable<(string Form, string Text)> Spellings(string value) => Forms.Select(f => (f, Spell(value, f)));

    private static string[] Words(string value)
    {
        // Split on separators and on case changes ("GoogleDrive" → Google, Drive; "XMLParser" → XML, Parser).
        var words = new List<string>();
        foreach (string part in value.Split([' ', '-', '_', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            words.AddRange(CaseWord().Matches(part).Select(m => m.Value));
        }

        return [.. words];
    }

    private static string Capitalise(string word) =>
        word.Length == 0 ? word : word.All(char.IsUpper) && word.Length > 1 && word.Length <= 4 ? word : char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();

    /// <summary>Replaces <paramref name="text"/> where it is not part of a longer word of the same case (Xero in XeroClient yes, in Xerox no).</summary>
    private static string ReplaceWhole(string code, string text, string placeholder)
    {
        var sb = new StringBuilder(code.Length);
        int at = 0;
        while (true)
        {
            int found = code.IndexOf(text, at, StringComparison.Ordinal);
            if (found < 0)
            {
                sb.Append(code, at, code.Length - at);
                return sb.ToString();
            }

            char? before = found > 0 ? code[found - 1] : null;
            char? after = found + text.Length < code.Length ? code[found + text.Length] : null;
            bool continuesAfter = after is char a && char.IsLetter(a) && (char.IsLower(text[^1]) ? char.IsLower(a) : char.IsUpper(a) && !char.IsLower(text[^1]) && text.All(c => !char.IsLetter(c) || char.IsUpper(c)));
            bool continuesBefore = before is char b && char.IsLetter(b) && (char.IsLower(text[0]) ? char.IsLetter(b) : char.IsUpper(b) && text.All(c => !char.IsLetter(c) || char.IsUpper(c)));
            sb.Append(code, at, found - at);
            sb.Append(continuesAfter || continuesBefore ? text : placeholder);
            at = found + text.Length;
        }
    }

    [GeneratedRegex(@"\{\{purser:(?<name>[A-Za-z][A-Za-z0-9]*):(?<form>[a-z]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", RegexOptions.CultureInvariant)]
    private static partial Regex CaseWord();
}
