using System.Globalization;
using Purser.Chat;

namespace Purser.Compression;

/// <summary>
/// Shrinks prompt text without changing what it says: whitespace runs, repeated blank lines, Markdown
/// decoration, HTML comments and repeated boilerplate go; code keeps every token and its indentation.
/// Thread-safe and stateless apart from its options.
/// </summary>
internal sealed class PromptCompressor
{
    private readonly PromptCompressionOptions _options;

    /// <summary>A compressor with the given rules (defaults when null). Throws <see cref="ArgumentException"/> on invalid options.</summary>
    public PromptCompressor(PromptCompressionOptions? options = null)
    {
        _options = options ?? new PromptCompressionOptions();
        IReadOnlyList<string> errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid compression configuration: " + string.Join(" ", errors), nameof(options));
        }
    }

    /// <summary>Compresses one text. With <paramref name="countTokens"/>, the savings include tokens.</summary>
    public CompressionResult Compress(string text, Func<string, long>? countTokens = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string compressed = CompressText(text);
        return new CompressionResult(compressed, Measure(text, compressed, countTokens));
    }

    /// <summary>
    /// Compresses the text of a request in place: system prompt, and the text parts of user, assistant and
    /// tool-result messages. Tool-call arguments, reasoning and images are left alone. The raw body
    /// (<see cref="ChatRequest.Raw"/>) is not touched: a caller that compresses must send the canonical
    /// request, not the raw passthrough body.
    /// </summary>
    public CompressionSavings Compress(ChatRequest request, Func<string, long>? countTokens = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = new CompressionSavings(0, 0, countTokens is null ? null : 0, countTokens is null ? null : 0);
        foreach (TextPart part in request.System)
        {
            total += CompressPart(part, countTokens);
        }

        foreach (ChatMessage message in request.Messages)
        {
            total += CompressParts(message.Content, countTokens);
        }

        return total;
    }

    private CompressionSavings CompressParts(List<ContentPart> parts, Func<string, long>? countTokens)
    {
        var total = new CompressionSavings(0, 0, countTokens is null ? null : 0, countTokens is null ? null : 0);
        foreach (ContentPart part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    total += CompressPart(text, countTokens);
                    break;
                case ToolResultPart result:
                    total += CompressParts(result.Content, countTokens);
                    break;
            }
        }

        return total;
    }

    private CompressionSavings CompressPart(TextPart part, Func<string, long>? countTokens)
    {
        string before = part.Text;
        part.Text = CompressText(before);
        return Measure(before, part.Text, countTokens);
    }

    private static CompressionSavings Measure(string original, string compressed, Func<string, long>? countTokens) =>
        countTokens is null
            ? new CompressionSavings(original.Length, compressed.Length)
            : new CompressionSavings(original.Length, compressed.Length, countTokens(original), ReferenceEquals(original, compressed) ? countTokens(original) : countTokens(compressed));

    private string CompressText(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        string[] lines = text.Split('\n');
        var output = new List<string>(lines.Length);
        var state = new ProseState();
        int i = 0;
        while (i < lines.Length)
        {
            int blockEnd = FindBlock(lines, i, out BlockKind kind, out FenceKind fenceKind);
            switch (kind)
            {
                case BlockKind.Prose:
                    ProcessProse(lines.AsSpan(i, blockEnd - i), output, state);
                    break;
                case BlockKind.Fence:
                    ProcessFence(lines.AsSpan(i, blockEnd - i), fenceKind, output);
                    break;
                default:
                    // Front matter and <pre>: trailing whitespace only.
                    foreach (string line in lines.AsSpan(i, blockEnd - i))
                    {
                        output.Add(line.TrimEnd());
                    }

                    break;
            }

            i = blockEnd;
        }

        // No blank lines at either end.
        int first = 0, last = output.Count;
        while (first < last && output[first].Length == 0)
        {
            first++;
        }

        while (last > first && output[last - 1].Length == 0)
        {
            last--;
        }

        string result = string.Join('\n', output.GetRange(first, last - first));
        return result == text ? text : result;
    }

    // The block starting at `start`: a fence, YAML front matter, a <pre> element or a run of prose lines.
    private static int FindBlock(string[] lines, int start, out BlockKind kind, out FenceKind fenceKind)
    {
        fenceKind = FenceKind.Code;
        if (CodeFence.TryParseOpening(lines[start], out CodeFence fence))
        {
            kind = BlockKind.Fence;
            fenceKind = fence.Kind;
            for (int j = start + 1; j < lines.Length; j++)
            {
                if (fence.IsClosedBy(lines[j]))
                {
                    return j + 1;
                }
            }

            return lines.Length; // unclosed: code to the end
        }

        if (start == 0 && lines[0].TrimEnd() == "---")
        {
            for (int j = 1; j < lines.Length; j++)
            {
                if (lines[j].TrimEnd() is "---" or "...")
                {
                    kind = BlockKind.Verbatim;
                    return j + 1;
                }
            }
        }

        if (lines[start].Contains("<pre", StringComparison.OrdinalIgnoreCase))
        {
            for (int j = start; j < lines.Length; j++)
            {
                if (lines[j].Contains("</pre>", StringComparison.OrdinalIgnoreCase))
                {
                    kind = BlockKind.Verbatim;
                    return j + 1;
                }
            }
        }

        kind = BlockKind.Prose;
        int end = start + 1;
        while (end < lines.Length && !CodeFence.TryParseOpening(lines[end], out _) && !lines[end].Contains("<pre", StringComparison.OrdinalIgnoreCase))
        {
            end++;
        }

        return end;
    }

    private void ProcessFence(ReadOnlySpan<string> lines, FenceKind kind, List<string> output)
    {
        if (kind == FenceKind.Verbatim)
        {
            output.AddRange(lines);
            return;
        }

        // The fence lines themselves lose trailing whitespace only.
        int firstLine = output.Count;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd();
            bool isBody = i > 0 && !(i == lines.Length - 1 && lines.Length > 1 && IsClosing(lines[0], lines[i]));
            if (isBody && kind is FenceKind.Code or FenceKind.Text && line.Length == 0 && output.Count > firstLine + 1 && output[^1].Length == 0)
            {
                continue; // blank-line run inside ordinary code or text
            }

            output.Add(line);
        }

        if (kind == FenceKind.Text && _options.CollapseRepeats && output.Count - firstLine > 2)
        {
            List<string> body = output.GetRange(firstLine + 1, output.Count - firstLine - 2);
            output.RemoveRange(firstLine + 1, body.Count);
            output.InsertRange(firstLine + 1, CollapseRepeatedLines(body));
        }
    }

    private static bool IsClosing(string opening, string line) =>
        CodeFence.TryParseOpening(opening, out CodeFence fence) && fence.IsClosedBy(line);

    private void ProcessProse(ReadOnlySpan<string> block, List<string> output, ProseState state)
    {
        string[] lines = block.ToArray();
        if (_options.RemoveHtmlComments)
        {
            lines = HtmlComments.Remove(lines);
        }

        var processed = new List<string>(lines.Length);
        foreach (string raw in lines)
        {
            string line = raw.TrimEnd();
            if (line.Length == 0)
            {
                processed.Add("");
                continue;
            }

            if (ProseLine.IsIndentedCode(line))
            {
                processed.Add(line);
                continue;
            }

            // A thematic break after a blank line is decoration (after text it would be a heading underline).
            bool afterBlank = processed.Count > 0 ? processed[^1].Length == 0 : output.Count == 0 || output[^1].Length == 0;
            if (_options.StripMarkdown && afterBlank && ProseLine.IsThematicBreak(line))
            {
                processed.Add("");
                continue;
            }

            processed.Add(ProseLine.Process(line, _options.StripMarkdown, _options.CollapseWhitespace));
        }

        if (_options.CollapseRepeats)
        {
            processed = CollapseRepeatedLines(processed);
            processed = CollapseRepeatedParagraphs(processed, state);
        }

        // One blank line between paragraphs, never more (also across the join with what came before).
        foreach (string line in processed)
        {
            if (line.Length == 0 && output.Count > 0 && output[^1].Length == 0)
            {
                continue;
            }

            output.Add(line);
        }
    }

    // Three or more identical consecutive lines (logs, pasted output) become one with a count.
    private List<string> CollapseRepeatedLines(List<string> lines)
    {
        var result = new List<string>(lines.Count);
        int i = 0;
        while (i < lines.Count)
        {
            int j = i + 1;
            while (j < lines.Count && lines[j] == lines[i])
            {
                j++;
            }

            int count = j - i;
            string marker = RepeatMarker(count);
            if (lines[i].Length > 0 && count >= _options.MinRepeatedLines && !ProseLine.IsIndentedCode(lines[i])
                && (count - 1) * (lines[i].Length + 1) > marker.Length + 1)
            {
                result.Add(lines[i] + " " + marker);
            }
            else
            {
                for (int k = i; k < j; k++)
                {
                    result.Add(lines[k]);
                }
            }

            i = j;
        }

        return result;
    }

    // Identical consecutive paragraphs collapse to one with a count; a long paragraph seen earlier
    // (a license header or disclaimer pasted again) becomes a short reference to it.
    private List<string> CollapseRepeatedParagraphs(List<string> lines, ProseState state)
    {
        var paragraphs = new List<string[]>();
        int i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Length == 0)
            {
                i++;
                continue;
            }

            int j = i;
            while (j < lines.Count && lines[j].Length > 0)
            {
                j++;
            }

            paragraphs.Add(lines.GetRange(i, j - i).ToArray());
            i = j;
        }

        var result = new List<string>(lines.Count);
        if (lines.Count > 0 && lines[0].Length == 0)
        {
            result.Add(""); // keep the separation from what came before
        }

        int p = 0;
        while (p < paragraphs.Count)
        {
            string key = string.Join('\n', paragraphs[p]);
            int q = p + 1;
            while (q < paragraphs.Count && string.Join('\n', paragraphs[q]) == key)
            {
                q++;
            }

            if (result.Count > 0 && result[^1].Length > 0)
            {
                result.Add("");
            }

            int count = q - p;
            string[] paragraph = paragraphs[p];
            bool code = Array.Exists(paragraph, ProseLine.IsIndentedCode);
            bool boilerplateSized = !code && key.Length >= _options.MinRepeatedParagraphChars;
            if (count > 1 && !code && (count - 1) * (key.Length + 2) > ParagraphRepeatMarker(count).Length + 1)
            {
                result.AddRange(paragraph);
                if (paragraph.Length == 1)
                {
                    result[^1] += " " + RepeatMarker(count);
                }
                else
                {
                    result.Add(ParagraphRepeatMarker(count));
                }
            }
            else if (count == 1 && boilerplateSized && state.SeenParagraphs.Contains(key))
            {
                result.Add(ReferenceMarker(paragraph[0]));
            }
            else
            {
                for (int k = p; k < q; k++)
                {
                    if (k > p)
                    {
                        result.Add("");
                    }

                    result.AddRange(paragraphs[k]);
                }
            }

            if (boilerplateSized)
            {
                state.SeenParagraphs.Add(key);
            }

            p = q;
        }

        if (lines.Count > 0 && lines[^1].Length == 0 && (result.Count == 0 || result[^1].Length > 0))
        {
            result.Add("");
        }

        return result;
    }

    private static string RepeatMarker(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"(repeated {count} times)");

    private static string ParagraphRepeatMarker(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"(the paragraph above repeated {count} times)");

    private static string ReferenceMarker(string firstLine)
    {
        string start = firstLine.Trim();
        if (start.Length > 48)
        {
            start = start[..48].TrimEnd() + "...";
        }

        return $"(repeated: same text as the earlier paragraph starting \"{start.Replace('"', '\'')}\")";
    }

    private enum BlockKind
    {
        Prose,
        Fence,
        Verbatim,
    }

    private sealed class ProseState
    {
        public HashSet<string> SeenParagraphs { get; } = new(StringComparer.Ordinal);
    }
}
