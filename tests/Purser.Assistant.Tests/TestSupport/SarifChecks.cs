using System.Text.Json.Nodes;

namespace Purser.Tests;

/// <summary>
/// Checks a SARIF log against the required structure of the SARIF 2.1.0 JSON schema (sarifLog needs version "2.1.0" and
/// runs; run needs tool; tool needs driver; toolComponent needs name; reportingDescriptor needs id; result needs message;
/// message needs text or id; multiformatMessageString needs text; physicalLocation needs artifactLocation or address;
/// regions count from 1; levels are none/note/warning/error; ruleIndex points into the rules) and against what GitHub code
/// scanning requires to ingest and show a result ($schema; driver.rules; rule shortDescription, fullDescription and
/// help text, each at most 1024 characters; a location with a relative artifact URI and a startLine; partialFingerprints;
/// at most 25,000 results per run and 10 locations per result). Shared by the test projects.
/// </summary>
public static class SarifChecks
{
    private static readonly HashSet<string> Levels = ["none", "note", "warning", "error"];

    /// <summary>Every violation found; empty when the log passes.</summary>
    public static IReadOnlyList<string> Validate(string json)
    {
        var errors = new List<string>();
        JsonNode? rootNode;
        try
        {
            rootNode = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return [$"not JSON: {ex.Message}"];
        }

        if (rootNode is not JsonObject log)
        {
            return ["the log is not a JSON object"];
        }

        if (Str(log, "version") != "2.1.0")
        {
            errors.Add("sarifLog.version must be \"2.1.0\"");
        }

        if (Str(log, "$schema") is not { } schema || !Uri.TryCreate(schema, UriKind.Absolute, out _))
        {
            errors.Add("sarifLog.$schema is required by GitHub (an absolute URI)");
        }

        if (log["runs"] is not JsonArray runs)
        {
            errors.Add("sarifLog.runs is required (an array)");
            return errors;
        }

        for (int r = 0; r < runs.Count; r++)
        {
            CheckRun(runs[r] as JsonObject, $"runs[{r}]", errors);
        }

        return errors;
    }

    private static void CheckRun(JsonObject? run, string at, List<string> errors)
    {
        if (run is null)
        {
            errors.Add($"{at} must be an object");
            return;
        }

        if (run["tool"]?["driver"] is not JsonObject driver)
        {
            errors.Add($"{at}.tool.driver is required");
            return;
        }

        if (string.IsNullOrEmpty(Str(driver, "name")))
        {
            errors.Add($"{at}.tool.driver.name is required");
        }

        if (Str(driver, "informationUri") is { } info && !Uri.TryCreate(info, UriKind.Absolute, out _))
        {
            errors.Add($"{at}.tool.driver.informationUri must be an absolute URI");
        }

        var ruleIds = new List<string>();
        if (driver["rules"] is not JsonArray rules)
        {
            errors.Add($"{at}.tool.driver.rules is required by GitHub (an array)");
            rules = [];
        }

        for (int i = 0; i < rules.Count; i++)
        {
            string ruleAt = $"{at}.tool.driver.rules[{i}]";
            if (rules[i] is not JsonObject rule || string.IsNullOrEmpty(Str(rule, "id")))
            {
                errors.Add($"{ruleAt}.id is required");
                ruleIds.Add("");
                continue;
            }

            ruleIds.Add(Str(rule, "id")!);
            foreach (string text in new[] { "shortDescription", "fullDescription", "help" })
            {
                string? value = rule[text] is JsonObject m ? Str(m, "text") : null;
                if (string.IsNullOrEmpty(value))
                {
                    errors.Add($"{ruleAt}.{text}.text is required");
                }
                else if (value.Length > 1024 && text != "help")
                {
                    errors.Add($"{ruleAt}.{text}.text is over 1024 characters");
                }
            }

            if (rule["defaultConfiguration"]?["level"] is JsonNode level && !Levels.Contains(level.GetValue<string>()))
            {
                errors.Add($"{ruleAt}.defaultConfiguration.level must be one of none, note, warning, error");
            }

            if (rule["properties"]?["tags"] is JsonArray tags && tags.Select(t => t?.GetValue<string>()).Distinct().Count() != tags.Count)
            {
                errors.Add($"{ruleAt}.properties.tags must be unique");
            }

            // GitHub reads security-severity as a string holding a number from 0.0 to 10.0.
            if (rule["properties"]?["security-severity"] is JsonNode severity
                && (severity.GetValueKind() != System.Text.Json.JsonValueKind.String
                    || !double.TryParse(severity.GetValue<string>(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double score)
                    || score is < 0 or > 10))
            {
                errors.Add($"{ruleAt}.properties.security-severity must be a string holding a number from 0.0 to 10.0");
            }
        }

        if (ruleIds.Distinct(StringComparer.Ordinal).Count() != ruleIds.Count)
        {
            errors.Add($"{at}: rule ids must be unique");
        }

        if (run["results"] is not JsonArray results)
        {
            errors.Add($"{at}.results is required by GitHub (an array)");
            return;
        }

        if (results.Count > 25_000)
        {
            errors.Add($"{at}.results has more than 25,000 results (GitHub's limit)");
        }

        for (int i = 0; i < results.Count; i++)
        {
            CheckResult(results[i] as JsonObject, $"{at}.results[{i}]", ruleIds, errors);
        }
    }

    private static void CheckResult(JsonObject? result, string at, List<string> ruleIds, List<string> errors)
    {
        if (result is null)
        {
            errors.Add($"{at} must be an object");
            return;
        }

        if (result["message"] is not JsonObject message || (string.IsNullOrEmpty(Str(message, "text")) && string.IsNullOrEmpty(Str(message, "id"))))
        {
            errors.Add($"{at}.message needs text (or id)");
        }

        if (Str(result, "level") is { } level && !Levels.Contains(level))
        {
            errors.Add($"{at}.level must be one of none, note, warning, error");
        }

        string? ruleId = Str(result, "ruleId");
        if (result["ruleIndex"] is JsonNode indexNode)
        {
            int index = indexNode.GetValue<int>();
            if (index < -1 || index >= ruleIds.Count)
            {
                errors.Add($"{at}.ruleIndex {index} is outside the rules array");
            }
            else if (index >= 0 && ruleId is not null && ruleIds[index] != ruleId)
            {
                errors.Add($"{at}.ruleId '{ruleId}' is not the id of rules[{index}]");
            }
        }

        if (ruleId is not null && !ruleIds.Contains(ruleId))
        {
            errors.Add($"{at}.ruleId '{ruleId}' names no rule of the driver");
        }

        if (result["partialFingerprints"] is not JsonObject { Count: > 0 })
        {
            errors.Add($"{at}.partialFingerprints is required by GitHub");
        }

        if (result["locations"] is not JsonArray { Count: > 0 and <= 10 } locations)
        {
            errors.Add($"{at}.locations needs 1 to 10 locations for GitHub to show the result");
            return;
        }

        for (int l = 0; l < locations.Count; l++)
        {
            string locationAt = $"{at}.locations[{l}].physicalLocation";
            if (locations[l]?["physicalLocation"] is not JsonObject physical)
            {
                errors.Add($"{locationAt} is required by GitHub");
                continue;
            }

            if (physical["artifactLocation"] is not JsonObject artifact || Str(artifact, "uri") is not { Length: > 0 } uri)
            {
                errors.Add($"{locationAt}.artifactLocation.uri is required");
            }
            else if (!Uri.TryCreate(uri, UriKind.RelativeOrAbsolute, out _) || uri.Contains('\\', StringComparison.Ordinal))
            {
                errors.Add($"{locationAt}.artifactLocation.uri '{uri}' is not a valid URI reference");
            }

            if (physical["region"] is not JsonObject region || region["startLine"] is null)
            {
                errors.Add($"{locationAt}.region.startLine is required by GitHub");
                continue;
            }

            foreach (string name in new[] { "startLine", "startColumn", "endLine", "endColumn" })
            {
                if (region[name] is JsonNode n && n.GetValue<int>() < 1)
                {
                    errors.Add($"{locationAt}.region.{name} must be at least 1");
                }
            }

            if (region["endLine"] is JsonNode end && end.GetValue<int>() < region["startLine"]!.GetValue<int>())
            {
                errors.Add($"{locationAt}.region.endLine is before startLine");
            }
        }
    }

    private static string? Str(JsonObject obj, string name) => obj[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
