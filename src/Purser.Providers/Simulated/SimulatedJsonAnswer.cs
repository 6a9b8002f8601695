using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Purser.Providers.Simulated;

/// <summary>
/// The simulated provider's answer to a request in JSON mode: one JSON object, so that JSON features (the assistant's
/// scoring, review and debugging) run end to end without a model. When the system prompt shows the answer's shape with
/// placeholders — as Purser's prompts do (<c>"overall": &lt;integer 0-100&gt;</c>, <c>"severity": "error" | "warning"</c>,
/// <c>"summary": "&lt;two sentences&gt;"</c>) — the shape is filled in deterministically from the prompt; otherwise the
/// answer is <c>{"simulated": true, "text": "…"}</c>. The values are placeholders, never an assessment.
/// </summary>
internal static partial class SimulatedJsonAnswer
{
    public static string Compose(string system, string prompt, Func<ulong, string> words)
    {
        ulong hash = Hash(prompt);
        if (Skeleton(system) is { } skeleton)
        {
            string filled = Fill(skeleton, LastNumberedLine(prompt), Files(prompt), ref hash, words);
            try
            {
                if (JsonNode.Parse(filled, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) is JsonObject obj)
                {
                    return obj.ToJsonString();
                }
            }
            catch (JsonException)
            {
                // Not a shape after all: fall through to the generic object.
            }
        }

        return new JsonObject { ["simulated"] = true, ["text"] = words(hash) }.ToJsonString();
    }

    /// <summary>The last {…} block of the system prompt that holds placeholders (the answer's shape).</summary>
    private static string? Skeleton(string system)
    {
        int close = system.LastIndexOf('}');
        while (close > 0)
        {
            int open = OpeningBrace(system, close);
            if (open < 0)
            {
                return null;
            }

            string block = system[open..(close + 1)];
            if (block.Contains('<', StringComparison.Ordinal) && block.Contains(':', StringComparison.Ordinal))
            {
                return block;
            }

            close = open > 0 ? system.LastIndexOf('}', open - 1) : -1;
        }

        return null;
    }

    private static int OpeningBrace(string text, int close)
    {
        int depth = 0;
        for (int i = close; i >= 0; i--)
        {
            if (text[i] == '}')
            {
                depth++;
            }
            else if (text[i] == '{' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Fill(string skeleton, int lines, IReadOnlyList<string> files, ref ulong hash, Func<ulong, string> words)
    {
        ulong state = hash;
        string text = Alternatives().Replace(skeleton, m =>
        {
            MatchCollection options = Quoted().Matches(m.Value);
            return options[(int)(Next(ref state) % (ulong)options.Count)].Value;
        });
        text = QuotedPlaceholder().Replace(text, m =>
        {
            if (files.Count > 0 && (m.Value.Contains("file", StringComparison.OrdinalIgnoreCase) || m.Value.Contains("path", StringComparison.OrdinalIgnoreCase)))
            {
                return JsonValue.Create(files[(int)(Next(ref state) % (ulong)files.Count)]).ToJsonString(); // a file the prompt shows
            }

            return m.Value.Contains(' ', StringComparison.Ordinal)
                ? JsonValue.Create(words(Next(ref state))).ToJsonString()
                : "\"simulated\""; // a one-word placeholder such as <category>
        });
        text = IntegerPlaceholder().Replace(text, m =>
        {
            bool score = m.Value.Contains("100", StringComparison.Ordinal);
            ulong draw = Next(ref state);
            return (score ? 40 + (int)(draw % 56) : 1 + (int)(draw % (ulong)lines)).ToString(CultureInfo.InvariantCulture);
        });
        text = OtherPlaceholder().Replace(text, "null");
        hash = state;
        return text;
    }

    /// <summary>Line numbers stay within the code shown: the highest "12| " line prefix in the prompt (30 when there is none).</summary>
    private static int LastNumberedLine(string prompt)
    {
        int last = 0;
        foreach (Match match in LinePrefix().Matches(prompt))
        {
            if (int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int line))
            {
                last = Math.Max(last, line);
            }
        }

        return last > 0 ? last : 30;
    }

    /// <summary>The files a prompt shows: diff headers ("+++ b/path") and "File: " / "Path: " lines.</summary>
    private static List<string> Files(string prompt)
    {
        var diffFiles = new List<string>();
        var named = new List<string>();
        foreach (Match match in FileLine().Matches(prompt))
        {
            string file = match.Groups[2].Value.Trim();
            List<string> list = match.Groups[1].Value.StartsWith('+') ? diffFiles : named;
            if (file.Length > 0 && file != "/dev/null" && !list.Contains(file))
            {
                list.Add(file);
            }
        }

        return diffFiles.Count > 0 ? diffFiles : named;
    }

    private static ulong Next(ref ulong state)
    {
        state = (state * 6364136223846793005UL) + 1442695040888963407UL;
        return state >> 33;
    }

    private static ulong Hash(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    [GeneratedRegex(@"^(\+\+\+ b/|File: |Path: )(.+?)\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FileLine();

    [GeneratedRegex(@"^ *(\d+)\| ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LinePrefix();

    [GeneratedRegex("\"[^\"\\n]*\"(?:\\s*\\|\\s*\"[^\"\\n]*\")+", RegexOptions.CultureInvariant)]
    private static partial Regex Alternatives();

    [GeneratedRegex("\"[^\"\\n]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex("\"<[^>\\n]*>\"", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPlaceholder();

    [GeneratedRegex("<integer[^>\\n]*>", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPlaceholder();

    [GeneratedRegex("<[^>\\n]*>", RegexOptions.CultureInvariant)]
    private static partial Regex OtherPlaceholder();
}
