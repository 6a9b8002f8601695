using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Purser.Assistant.Json;

/// <summary>
/// Finds the JSON object in a model's answer, with fallbacks: the answer as it is; a <c>```json</c> fenced block;
/// the balanced <c>{…}</c> inside surrounding text; and finally a lenient parse that repairs what models get wrong
/// (trailing or missing commas, single quotes, unquoted keys, comments, Python literals, raw newlines in strings, and an
/// answer cut off in the middle, whose open strings and brackets are closed). Never throws.
/// </summary>
internal static partial class LenientJson
{
    private static readonly JsonDocumentOptions Strictish = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static LenientJsonResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LenientJsonResult { Failure = "The model's answer was empty." };
        }

        string trimmed = text.Trim();
        if (TryStrict(trimmed, out JsonObject? strict))
        {
            return new LenientJsonResult { Object = strict, Form = JsonAnswerForm.Strict };
        }

        List<string> fenced = FencedBlocks(trimmed);
        foreach (string block in fenced)
        {
            if (TryStrict(block, out JsonObject? inFence))
            {
                return new LenientJsonResult { Object = inFence, Form = JsonAnswerForm.Fenced };
            }
        }

        int start = trimmed.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return new LenientJsonResult { Failure = "The model did not answer in JSON." };
        }

        if (BalancedEnd(trimmed, start) is int end && TryStrict(trimmed[start..(end + 1)], out JsonObject? extracted))
        {
            return new LenientJsonResult { Object = extracted, Form = JsonAnswerForm.Extracted };
        }

        string source = fenced.Select(b => b.TrimStart()).FirstOrDefault(b => b.StartsWith('{')) ?? trimmed[start..];
        var parser = new LenientJsonParser(source);
        if (parser.ParseDocument() is JsonObject repaired)
        {
            return new LenientJsonResult { Object = repaired, Form = JsonAnswerForm.Repaired, Repairs = parser.Repairs, Truncated = parser.Truncated };
        }

        return new LenientJsonResult { Failure = "The model's answer contains no usable JSON object." };
    }

    private static bool TryStrict(string text, out JsonObject? result)
    {
        result = null;
        if (text.Length == 0 || text[0] != '{')
        {
            return false;
        }

        try
        {
            result = JsonNode.Parse(text, documentOptions: Strictish) as JsonObject;
            return result is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The contents of the markdown code fences in <paramref name="text"/>; an unclosed last fence runs to the end.</summary>
    internal static List<string> FencedBlocks(string text)
    {
        var blocks = new List<string>();
        try
        {
            foreach (Match match in Fence().Matches(text))
            {
                blocks.Add(match.Groups["body"].Value.Trim());
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Pathological input: go on with the blocks found so far.
        }

        return blocks;
    }

    /// <summary>The index of the brace closing the object that opens at <paramref name="start"/>, skipping strings; null when it never closes.</summary>
    private static int? BalancedEnd(string text, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return null;
    }

    [GeneratedRegex(@"```[ \t]*[A-Za-z0-9_-]*[ \t]*\r?\n(?<body>.*?)(?:```|\z)", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Fence();
}
