using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Purser.Assistant.Analysis;
using Purser.Assistant.Hosting;
using Purser.Assistant.Json;
using Purser.Assistant.Review;
using Purser.Assistant.Validation;

namespace Purser.Assistant.Sarif;

/// <summary>
/// Writes findings as a SARIF 2.1.0 log that GitHub code scanning accepts: one run, the tool's driver with one rule per
/// finding category, and results with a level, a message and a location (the path relative to the repository root,
/// <c>%SRCROOT%</c>, and the line — line 1 when the model named none, since a result needs a region to be shown).
/// </summary>
internal static class SarifWriter
{
    public const string Version = "2.1.0";
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>GitHub code scanning accepts at most this many results per run.</summary>
    public const int MaxResults = 25_000;

    private static readonly Dictionary<string, (string Name, string Description)> KnownRules = new(StringComparer.Ordinal)
    {
        ["security"] = ("Security", "A security vulnerability or unsafe practice: injection, unsafe deserialisation, secrets in code, missing validation of untrusted input, weak cryptography."),
        ["bug"] = ("Bug", "Code that is likely wrong: incorrect logic, unhandled edge cases, crashes."),
        ["performance"] = ("Performance", "Needless work, allocations or blocking that slow the code down."),
        ["error-handling"] = ("ErrorHandling", "Errors swallowed, mishandled or not handled; resources not released."),
        ["concurrency"] = ("Concurrency", "Races, deadlocks or unsafe shared state."),
        ["complexity"] = ("Complexity", "Code that is harder to follow than it needs to be."),
        ["maintainability"] = ("Maintainability", "Naming, structure, duplication or dead code that makes change harder."),
        ["api-design"] = ("ApiDesign", "An interface that is easy to misuse or hard to evolve."),
        ["style"] = ("Style", "Style points beyond what a formatter fixes."),
        ["documentation"] = ("Documentation", "Missing or misleading documentation of non-obvious code."),
        ["testing"] = ("Testing", "Missing, weak or misleading tests."),
    };

    /// <summary>The issues of file analyses as a SARIF log; paths are relative to <paramref name="root"/> when given.</summary>
    public static string FromAnalyses(IEnumerable<FileAnalysis> analyses, SarifOptions options, string toolVersion, string? root = null) =>
        Write(
            analyses.SelectMany(a => a.Issues.Select(i => new SarifFinding(a.Path, i.Line, null, i.Severity, i.Category, i.Message))),
            options,
            toolVersion,
            root);

    /// <summary>The findings of a review as a SARIF log.</summary>
    public static string FromReview(ReviewResult review, SarifOptions options, string toolVersion, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(review);
        return Write(
            review.Findings.Select(f => new SarifFinding(
                f.File ?? review.Files.FirstOrDefault() ?? "unknown",
                f.Line,
                f.EndLine,
                f.Severity,
                f.Category,
                Message(f))),
            options,
            toolVersion,
            root);
    }

    /// <summary>The findings of a validation run (one rule per validator rule, e.g. <c>purser/sec003</c>; the cross-model review as <c>purser/cross-check</c>).</summary>
    public static string FromValidation(ValidationRun run, SarifOptions options, string toolVersion, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Write(
            run.Files.SelectMany(f => f.Findings.Select(x => new SarifFinding(f.Path, x.Line, null, x.Severity, x.Rule == "XCHK" ? "cross-check" : x.Rule, $"{x.Message} ({x.Rule})"))),
            options,
            toolVersion,
            root,
            ValidatorRule);
    }

    /// <param name="findings">What to report.</param>
    /// <param name="options">Optional links.</param>
    /// <param name="toolVersion">Purser's version.</param>
    /// <param name="root">The folder relative paths start from (recorded as <c>%SRCROOT%</c>); null leaves it to the consumer.</param>
    /// <param name="describe">Describes a category's rule when it is not one of the model's review categories; null for those.</param>
    public static string Write(IEnumerable<SarifFinding> findings, SarifOptions options, string toolVersion, string? root = null, Func<string, SarifRuleInfo?>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(options);
        var rules = new JsonArray();
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var results = new JsonArray();
        foreach (SarifFinding finding in findings.Take(MaxResults))
        {
            string category = Slug(finding.Category);
            if (!ruleIndex.TryGetValue(category, out int index))
            {
                index = rules.Count;
                ruleIndex[category] = index;
                rules.Add(Rule(category, options, describe?.Invoke(category)));
            }

            int startLine = finding.Line ?? 1;
            var region = new JsonObject
            {
                ["startLine"] = startLine,
                ["startColumn"] = 1,
                ["endLine"] = finding.EndLine is int end && end >= startLine ? end : startLine,
            };

            var artifact = ArtifactLocation(finding.Path);
            results.Add(new JsonObject
            {
                ["ruleId"] = RuleId(category),
                ["ruleIndex"] = index,
                ["level"] = Level(finding.Level),
                ["message"] = new JsonObject { ["text"] = finding.Message.Length > 0 ? finding.Message : "(no message)" },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = artifact,
                        ["region"] = region,
                    },
                }),
                ["partialFingerprints"] = new JsonObject { ["purserFinding/v1"] = Fingerprint(category, finding) },
            });
        }

        var driver = new JsonObject
        {
            ["name"] = "Purser",
            ["version"] = toolVersion,
            ["semanticVersion"] = toolVersion,
        };
        if (options.InformationUri is { } info)
        {
            driver["informationUri"] = info;
        }

        driver["rules"] = rules;
        var run = new JsonObject { ["tool"] = new JsonObject { ["driver"] = driver } };
        if (root is not null)
        {
            string folder = Path.GetFullPath(root);
            run["originalUriBaseIds"] = new JsonObject
            {
                ["%SRCROOT%"] = new JsonObject
                {
                    ["uri"] = new Uri(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar).AbsoluteUri,
                    ["description"] = new JsonObject { ["text"] = "The root of the analysed source tree." },
                },
            };
        }

        run["results"] = results;
        run["columnKind"] = "utf16CodeUnits";
        var log = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = Version,
            ["runs"] = new JsonArray(run),
        };
        return AssistantJson.Write(log);
    }

    internal static string RuleId(string category) => "purser/" + category;

    private static SarifRuleInfo? ValidatorRule(string category)
    {
        if (category == "cross-check")
        {
            return new SarifRuleInfo("CrossModelReview", "Critical code (payments, authentication, webhooks, admin, database) reviewed by a second model of another provider.", true, ByModel: true);
        }

        return ValidationRules.Find(category.ToUpperInvariant()) is { } rule
            ? new SarifRuleInfo(Pascal(rule.Name), $"{rule.Description} ({rule.Id}, check {rule.Check})", rule.Check == ValidationChecks.Security || rule.Severity == "error", ByModel: false)
            : null;
    }

    private static JsonObject Rule(string category, SarifOptions options, SarifRuleInfo? info)
    {
        (string name, string description) = info is not null ? (info.Name, info.Description)
            : KnownRules.TryGetValue(category, out var known)
            ? known
            : (Pascal(category), $"Findings in the category '{category}'.");
        bool serious = info?.Serious ?? category is "security" or "bug";
        string source = info is { ByModel: false } ? "Found by Purser's validator (deterministic rules, no model)." : "Found by a language model reviewing the code (Purser); check each result before acting on it.";
        var rule = new JsonObject
        {
            ["id"] = RuleId(category),
            ["name"] = name,
            ["shortDescription"] = new JsonObject { ["text"] = description.Split(':')[0].TrimEnd('.') + "." },
            ["fullDescription"] = new JsonObject { ["text"] = description },
            ["help"] = new JsonObject
            {
                ["text"] = $"{description} {source}",
                ["markdown"] = $"{description}\n\n{source}",
            },
            ["defaultConfiguration"] = new JsonObject { ["level"] = serious ? "error" : "warning" },
            ["properties"] = new JsonObject
            {
                ["tags"] = new JsonArray(category == "security" || info?.Serious == true && info.ByModel == false && category.StartsWith("sec", StringComparison.Ordinal) ? ["security", "purser"] : (JsonNode[])["purser"]),
                ["precision"] = "medium",
                ["problem.severity"] = serious ? "error" : "warning",
            },
        };
        if (category == "security" || (info is { ByModel: false } && category.StartsWith("sec", StringComparison.Ordinal)))
        {
            // GitHub code scanning shows a security severity (critical/high/medium/low) only for rules that carry one.
            rule["properties"]!["security-severity"] = "7.5";
        }

        if (options.HelpUriBase is { } help)
        {
            rule["helpUri"] = help + "#" + category;
        }

        return rule;
    }

    private static JsonObject ArtifactLocation(string path)
    {
        string normalized = path.Replace('\\', '/');
        if (Path.IsPathFullyQualified(path))
        {
            return new JsonObject { ["uri"] = new Uri(path).AbsoluteUri };
        }

        // Only "./" prefixes go: the leading dot of .github/ or .eslintrc.js is part of the name.
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..].TrimStart('/');
        }

        string relative = string.Join('/', normalized.TrimStart('/').Split('/').Select(Uri.EscapeDataString));
        return new JsonObject { ["uri"] = relative, ["uriBaseId"] = "%SRCROOT%" };
    }

    private static string Level(string severity) => severity switch { "error" => "error", "note" => "note", _ => "warning" };

    private static string Slug(string category)
    {
        var sb = new StringBuilder();
        foreach (char c in category.Trim().ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        string slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "general" : slug;
    }

    private static string Pascal(string slug) =>
        string.Concat(slug.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Fingerprint(string category, SarifFinding finding)
    {
        // Stable across runs for the same finding at the same place: rule, file, line and message.
        string key = $"{category}\n{finding.Path}\n{finding.Line}\n{finding.Message.Trim()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    private static string Message(ReviewFinding f)
    {
        var sb = new StringBuilder(f.Title);
        if (f.Message.Length > 0 && !f.Message.StartsWith(f.Title, StringComparison.Ordinal))
        {
            sb.Append(sb.Length == 0 ? "" : f.Title.EndsWith('.') ? " " : ": ").Append(f.Message);
        }
        else if (f.Message.Length > 0)
        {
            sb.Clear().Append(f.Message);
        }

        if (f.Suggestion.Length > 0)
        {
            sb.Append(" Fix: ").Append(f.Suggestion);
        }

        return sb.ToString();
    }
}
