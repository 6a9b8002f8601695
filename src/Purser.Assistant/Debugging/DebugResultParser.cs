using System.Text.Json.Nodes;
using Purser.Assistant.Json;

namespace Purser.Assistant.Debugging;

/// <summary>Reads the <c>debugging</c> prompt's JSON answer with fallbacks; a malformed answer gives a partial result and a warning.</summary>
internal static class DebugResultParser
{
    public static DebugResult Parse(string? answer)
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
            if (text.Length > 0)
            {
                warnings.Add("No structured answer: the model's text is shown as the explanation.");
            }

            return new DebugResult { Explanation = text, Partial = true, Warnings = warnings };
        }

        string rootCause = Text(root, "root_cause", "cause", "rootCause");
        if (rootCause.Length == 0)
        {
            warnings.Add("The model named no root cause.");
        }

        JsonObject? location = JsonFields.Get(root, "location") as JsonObject;
        JsonNode? fix = JsonFields.Get(root, "fix", "solution");
        string fixDescription = fix is JsonObject f ? Text(f, "description", "summary") : JsonFields.Text(fix)?.Trim() ?? "";
        string fixCode = fix is JsonObject g ? Text(g, "code", "patch", "snippet") : "";
        if (fixDescription.Length == 0 && fixCode.Length == 0)
        {
            warnings.Add("The model proposed no fix.");
        }

        string confidence = Text(root, "confidence").ToLowerInvariant();
        if (confidence is not ("high" or "medium" or "low"))
        {
            if (confidence.Length > 0)
            {
                warnings.Add($"The confidence '{confidence}' is not high, medium or low; shown as low.");
            }

            confidence = "low";
        }

        return new DebugResult
        {
            RootCause = rootCause,
            Explanation = Text(root, "explanation", "analysis", "details"),
            File = location is null ? null : JsonFields.Text(JsonFields.Get(location, "file", "path"))?.Trim(),
            Line = JsonFields.Line(location is null ? JsonFields.Get(root, "line") : JsonFields.Get(location, "line")),
            FixDescription = fixDescription,
            FixCode = fixCode,
            Confidence = confidence,
            Verification = JsonFields.TextList(JsonFields.Get(root, "verification", "tests")),
            Prevention = JsonFields.TextList(JsonFields.Get(root, "prevention")),
            AlternativeCauses = JsonFields.TextList(JsonFields.Get(root, "alternative_causes", "alternatives")),
            Partial = json.Truncated || rootCause.Length == 0,
            Warnings = warnings,
        };
    }

    private static string Text(JsonObject obj, params string[] names) => JsonFields.Text(JsonFields.Get(obj, names))?.Trim() ?? "";
}
