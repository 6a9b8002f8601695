using System.Globalization;
using System.Text.Json.Nodes;
using Purser.Assistant.Json;

namespace Purser.Assistant.Analysis;

/// <summary>
/// Reads the <c>file_scoring</c> prompt's JSON answer with fallbacks. Whatever the model sends — fenced JSON, broken
/// JSON, a cut-off answer, prose, nothing — the result is usable: missing parts are defaults, each gap is a warning, and
/// the result is marked partial when scores or the JSON itself are missing.
/// </summary>
internal static class FileAnalysisParser
{
    private const int MaxSummaryChars = 1200;

    /// <param name="answer">The model's answer.</param>
    /// <param name="fileLines">The file's line count: line numbers past it are dropped.</param>
    public static ParsedAnalysis Parse(string? answer, int fileLines)
    {
        var warnings = new List<string>();
        LenientJsonResult json = LenientJson.Parse(answer);
        if (json.Warning is { } jsonWarning)
        {
            warnings.Add(jsonWarning);
        }

        if (json.Object is not JsonObject root)
        {
            string text = (answer ?? "").Trim();
            string summary = text.Length == 0 ? "" : Clip(text, MaxSummaryChars);
            if (summary.Length > 0)
            {
                warnings.Add("No scores: the model's text is shown as the summary.");
            }

            return new ParsedAnalysis(new AnalysisScores(), summary, [], [], warnings, Partial: true);
        }

        // Some models nest the scores: {"scores": {"security": 80, …}}.
        JsonObject scoreSource = JsonFields.Get(root, "scores") as JsonObject ?? root;
        int? security = Score(scoreSource, "security", warnings);
        int? quality = Score(scoreSource, "quality", warnings);
        int? complexity = Score(scoreSource, "complexity", warnings);
        int? maintainability = Score(scoreSource, "maintainability", warnings);
        int? overall = Score(scoreSource, "overall", warnings, "overall_score", "score", "total");
        int?[] dimensions = [security, quality, complexity, maintainability];
        if (overall is null && dimensions.Any(d => d is not null))
        {
            overall = (int)Math.Round(dimensions.Where(d => d is not null).Average(d => d!.Value), MidpointRounding.AwayFromZero);
            warnings.Add("The model gave no overall score; it is the mean of the other scores.");
        }

        string summary2 = JsonFields.Text(JsonFields.Get(root, "summary", "overview", "assessment"))?.Trim() ?? "";
        if (summary2.Length == 0)
        {
            warnings.Add("The model gave no summary.");
        }

        List<AnalysisIssue> issues = Issues(JsonFields.Get(root, "issues", "findings", "problems"), fileLines, warnings);
        List<string> suggestions = JsonFields.TextList(JsonFields.Get(root, "suggestions", "recommendations", "improvements"));
        var scores = new AnalysisScores { Overall = overall, Security = security, Quality = quality, Complexity = complexity, Maintainability = maintainability };
        bool partial = !scores.IsComplete || json.Truncated;
        return new ParsedAnalysis(scores, Clip(summary2, MaxSummaryChars), issues, suggestions, warnings, partial);
    }

    private static int? Score(JsonObject source, string name, List<string> warnings, params string[] alternatives)
    {
        JsonNode? node = JsonFields.Get(source, [name, .. alternatives]);
        if (node is null)
        {
            warnings.Add($"The model gave no {name} score.");
            return null;
        }

        if (JsonFields.Number(node) is not double value)
        {
            warnings.Add($"The {name} score '{Clip(node.ToJsonString(), 40)}' is not a number; ignored.");
            return null;
        }

        if (value is < 0 or > 100)
        {
            warnings.Add($"The {name} score {value.ToString(CultureInfo.InvariantCulture)} is outside 0-100; clamped.");
            value = Math.Clamp(value, 0, 100);
        }

        return (int)Math.Round(value, MidpointRounding.AwayFromZero);
    }

    /// <summary>"none", "N/A", "No issues found." and the like: the model saying there is nothing, not an issue.</summary>
    private static bool SaysNone(string text) => text.Trim().TrimEnd('.', '!').ToLowerInvariant() is
        "" or "-" or "none" or "n/a" or "na" or "null" or "nothing" or "no issues" or "no issues found" or "no problems" or "no problems found";

    private static List<AnalysisIssue> Issues(JsonNode? node, int fileLines, List<string> warnings)
    {
        var issues = new List<AnalysisIssue>();
        if (node is null)
        {
            return issues;
        }

        if (node is not JsonArray array)
        {
            if (JsonFields.Text(node) is { Length: > 0 } single && !SaysNone(single))
            {
                issues.Add(new AnalysisIssue { Message = single.Trim() });
            }

            return issues;
        }

        int dropped = 0;
        foreach (JsonNode? item in array)
        {
            if (item is JsonObject o)
            {
                string message = JsonFields.Text(JsonFields.Get(o, "message", "description", "issue", "text", "title"))?.Trim() ?? "";
                if (message.Length == 0)
                {
                    continue;
                }

                int? line = JsonFields.Line(JsonFields.Get(o, "line", "line_number", "start_line", "lineno"));
                if (line > fileLines && fileLines > 0)
                {
                    dropped++;
                    line = null;
                }

                string category = JsonFields.Text(JsonFields.Get(o, "category", "type", "kind"))?.Trim().ToLowerInvariant() is { Length: > 0 } c ? c : "maintainability";
                issues.Add(new AnalysisIssue { Line = line, Severity = JsonFields.Severity(JsonFields.Get(o, "severity", "level", "priority")), Category = category, Message = message });
            }
            else if (JsonFields.Text(item) is { Length: > 0 } text && !SaysNone(text))
            {
                issues.Add(new AnalysisIssue { Message = text.Trim() });
            }
        }

        if (dropped > 0)
        {
            warnings.Add($"{dropped} issue(s) named a line past the end of the file ({fileLines} lines); their line was dropped.");
        }

        // Most serious first, then by line, as the report shows them.
        return [.. issues.OrderBy(i => SeverityRank(i.Severity)).ThenBy(i => i.Line ?? int.MaxValue)];
    }

    internal static int SeverityRank(string severity) => severity switch { "error" => 0, "warning" => 1, _ => 2 };

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
