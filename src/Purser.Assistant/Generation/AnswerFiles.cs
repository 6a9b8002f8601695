using System.Text.RegularExpressions;
using Purser.Assistant.Languages;

namespace Purser.Assistant.Generation;

/// <summary>
/// Reads the files out of a generation answer in the <c>code_generation</c> prompt's format: a level-3 heading with the
/// path in backticks, then one fenced block with the whole file. Fenced blocks without a heading become
/// <c>snippet1.&lt;ext&gt;</c>; an answer without any fence is one file in the requested language.
/// </summary>
internal static partial class AnswerFiles
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        ["csharp"] = ".cs", ["python"] = ".py", ["javascript"] = ".js", ["typescript"] = ".ts", ["json"] = ".json", ["yaml"] = ".yaml", ["xml"] = ".xml",
    };

    public static IReadOnlyList<GeneratedFile> Extract(string answer, string? language)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var files = new List<GeneratedFile>();
        int snippets = 0;
        foreach (Match fence in Fence().Matches(answer))
        {
            string tag = fence.Groups["tag"].Value.Trim();
            string code = fence.Groups["code"].Value;
            string before = answer[..fence.Index];
            Match heading = Heading().Matches(before).LastOrDefault() ?? Match.Empty;
            bool headed = heading.Success && !Fence().IsMatch(before[(heading.Index + heading.Length)..]) && before[(heading.Index + heading.Length)..].Trim().Length < 200;
            string? lang = (tag.Length > 0 ? LanguageDetector.Find(tag)?.Id : null) ?? (language is null ? null : LanguageDetector.Find(language)?.Id);
            string path;
            if (headed)
            {
                path = heading.Groups["path"].Value.Trim();
                lang = LanguageDetector.Detect(path, "")?.Id ?? lang;
            }
            else
            {
                snippets++;
                path = $"snippet{snippets}{(lang is not null && Extensions.TryGetValue(lang, out string? ext) ? ext : ".txt")}";
            }

            files.Add(new GeneratedFile(path, lang, code.EndsWith('\n') ? code : code + "\n"));
        }

        if (files.Count == 0 && answer.Trim().Length > 0 && language is not null && LanguageDetector.Find(language) is { } only)
        {
            files.Add(new GeneratedFile("snippet1" + (Extensions.TryGetValue(only.Id, out string? ext) ? ext : ".txt"), only.Id, answer.Trim() + "\n"));
        }

        return files;
    }

    [GeneratedRegex(@"(?m)^(?<fence>`{3,}|~{3,})[ \t]*(?<tag>[\w#+.-]*)[^\n]*\n(?<code>[\s\S]*?)^\k<fence>[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();

    [GeneratedRegex(@"(?m)^#{2,4}[ \t]+(?:File:\s*)?`(?<path>[^`\n]+)`[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();
}
