using System.Text.Json.Nodes;
using Purser.Assistant.Json;

namespace Purser.Assistant.Review;

/// <summary>Reads the <c>code_review</c> prompt's JSON answer with fallbacks; a malformed answer gives a partial review and a warning.</summary>
internal static class ReviewParser
{
    public const string Approve = "approve";
    public const string Comment = "comment";
    public const string RequestChanges = "request_changes";

    /// <param name="answer">The model's answer.</param>
    /// <param name="files">The files the reviewed text covers: a finding without a file gets the only one, or stays without.</param>
    public static ParsedReview Parse(string? answer, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
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
                warnings.Add("No structured findings: the model's text is shown as the summary.");
            }

            return new ParsedReview(text.Length > 2000 ? text[..1999] + "…" : text, Comment, [], warnings, Partial: true);
        }

        string summary = JsonFields.Text(JsonFields.Get(root, "summary", "overview"))?.Trim() ?? "";
        if (summary.Length == 0)
        {
            warnings.Add("The model gave no summary.");
        }

        var findings = new List<ReviewFinding>();
        int unplaced = 0;
        int foreign = 0;
        if (JsonFields.Get(root, "findings", "issues", "comments") is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                if (item is not JsonObject o)
                {
                    if (JsonFields.Text(item) is { Length: > 0 } text)
                    {
                        findings.Add(new ReviewFinding { File = files.Count == 1 ? files[0] : null, Message = text.Trim(), Title = Title(text) });
                    }

                    continue;
                }

                string message = JsonFields.Text(JsonFields.Get(o, "message", "description", "comment", "issue"))?.Trim() ?? "";
                string title = JsonFields.Text(JsonFields.Get(o, "title", "summary"))?.Trim() ?? "";
                if (message.Length == 0 && title.Length == 0)
                {
                    continue;
                }

                string? file = JsonFields.Text(JsonFields.Get(o, "file", "path", "file_path", "filename"))?.Trim();
                file = Match(file, files, ref foreign);
                if (file is null)
                {
                    unplaced++;
                }

                findings.Add(new ReviewFinding
                {
                    File = file,
                    Line = JsonFields.Line(JsonFields.Get(o, "line", "start_line", "line_number")),
                    EndLine = JsonFields.Line(JsonFields.Get(o, "end_line", "endLine")),
                    Severity = JsonFields.Severity(JsonFields.Get(o, "severity", "level", "priority")),
                    Category = JsonFields.Text(JsonFields.Get(o, "category", "type"))?.Trim().ToLowerInvariant() is { Length: > 0 } c ? c : "maintainability",
                    Title = title.Length > 0 ? title : Title(message),
                    Message = message.Length > 0 ? message : title,
                    Suggestion = JsonFields.Text(JsonFields.Get(o, "suggestion", "fix", "recommendation"))?.Trim() ?? "",
                });
            }
        }
        else
        {
            warnings.Add("The model gave no findings list.");
        }

        if (foreign > 0)
        {
            warnings.Add($"{foreign} finding(s) named a file that was not in the reviewed code.");
        }

        if (unplaced > 0)
        {
            warnings.Add($"{unplaced} finding(s) do not say which of the reviewed files they are in.");
        }

        string expected = findings.Any(f => f.Severity == "error") ? RequestChanges : findings.Any(f => f.Severity == "warning") ? Comment : Approve;
        string? verdict = JsonFields.Text(JsonFields.Get(root, "verdict", "decision"))?.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        if (verdict is not (Approve or Comment or RequestChanges))
        {
            if (verdict is not null)
            {
                warnings.Add($"The verdict '{verdict}' is not approve, comment or request_changes; derived from the findings instead.");
            }

            verdict = expected;
        }

        bool partial = json.Truncated || summary.Length == 0;
        return new ParsedReview(summary, verdict, findings, warnings, partial);
    }

    /// <summary>The worse of two verdicts.</summary>
    public static string Worse(string a, string b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(string verdict) => verdict switch { RequestChanges => 2, Comment => 1, _ => 0 };

    /// <summary>The reviewed file a finding names; the only file when it names none; null when it names a file not reviewed.</summary>
    private static string? Match(string? file, IReadOnlyList<string> files, ref int foreign)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            return files.Count == 1 ? files[0] : null;
        }

        string clean = file.StartsWith("b/", StringComparison.Ordinal) || file.StartsWith("a/", StringComparison.Ordinal) ? file[2..] : file;
        string? known = files.FirstOrDefault(f => string.Equals(f, clean, StringComparison.Ordinal))
            ?? files.FirstOrDefault(f => f.EndsWith("/" + clean, StringComparison.Ordinal) || clean.EndsWith("/" + f, StringComparison.Ordinal));
        if (known is null)
        {
            foreign++;
            return files.Count == 1 ? files[0] : null;
        }

        return known;
    }

    private static string Title(string message)
    {
        string first = message.Split('\n')[0].Trim();
        int stop = first.IndexOf(". ", StringComparison.Ordinal);
        if (stop > 0)
        {
            first = first[..(stop + 1)];
        }

        return first.Length <= 80 ? first : first[..79] + "…";
    }
}
