using System.Text.Json.Nodes;
using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Json;
using Purser.Assistant.Validation;
using Purser.Prompts;

namespace Purser.Assistant.CrossCheck;

/// <summary>
/// Cross-model review of critical code: a second model, from a provider other than the one that wrote the code, reviews
/// it for the risks <see cref="RiskDetector"/> found, with the <c>cross_validation</c> prompt. The call goes through the
/// pipeline like every assistant call (priced, budgeted, its own ledger row with operation <c>cross_validation</c>); its
/// findings become the <c>cross_check</c> check of the report.
/// </summary>
internal sealed class CrossChecker(AssistantRunner runner, ModelChooser chooser, ValidationOptions options)
{
    public const string Operation = "cross_validation";
    public const string PromptName = "cross_validation";

    /// <param name="code">The code to review.</param>
    /// <param name="risks">What makes it critical (from <see cref="RiskDetector.Detect"/>); nothing is sent when empty.</param>
    /// <param name="task">The task the code was written for, if known.</param>
    /// <param name="writer">The deployment that wrote the code (<c>provider/model</c>), if known: the review model is of another provider.</param>
    /// <param name="model">The review model the caller named (<c>--review-model</c>); else <c>Purser:Validation:CrossCheckModel</c>, else another configured provider.</param>
    /// <param name="origin">cli or api, for the ledger.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<CrossCheckOutcome> ReviewAsync(SourceFile code, IReadOnlyList<CriticalRisk> risks, string? task, string? writer, string? model, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(risks);
        if (risks.Count == 0)
        {
            return Skipped(risks, CheckStatus.NotApplicable, "no payments, authentication, webhook, admin or database code");
        }

        string? writerProvider = writer is { } w && w.Contains('/', StringComparison.Ordinal) ? w[..w.IndexOf('/', StringComparison.Ordinal)] : null;
        string? requested = model ?? options.CrossCheckModel;
        ModelChoice choice;
        if (runner.Backend.IsRemote)
        {
            choice = requested is null
                ? ModelChoice.Fail("With --server, name the review model (--review-model or Purser:Validation:CrossCheckModel).")
                : writerProvider is not null && requested.StartsWith(writerProvider + "/", StringComparison.OrdinalIgnoreCase)
                    ? ModelChoice.Fail($"The review model '{requested}' is of {writerProvider}, the provider that wrote the code.")
                    : new ModelChoice(requested, "chosen for the review");
        }
        else
        {
            choice = chooser.ChooseOtherProvider(writerProvider, runner.Prompts.Get(PromptName), requested);
        }

        if (!choice.Succeeded)
        {
            return Skipped(risks, CheckStatus.NotChecked, choice.Error!);
        }

        string areas = string.Join(", ", risks.Select(r => r.Id));
        AssistantCall call = await runner.RunAsync(
            new AssistantCallRequest
            {
                Operation = Operation,
                PromptName = PromptName,
                Model = choice.Model,
                Origin = origin,
                Variables = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["language"] = code.Language?.Name ?? "unknown",
                    ["risks"] = areas,
                    ["task"] = string.IsNullOrWhiteSpace(task) ? "(not given)" : task.Trim(),
                    ["code"] = PromptText.NumberLines(code.Text),
                },
            },
            cancellationToken);
        string reviewer = call.ServedBy ?? choice.Model!;
        if (!call.Succeeded)
        {
            return new CrossCheckOutcome(
                new CheckResult(ValidationChecks.CrossCheck, CheckStatus.NotChecked, null, $"the review by {choice.Model} failed: {call.Error!.Message}", []),
                call, risks, choice.Model, null, "");
        }

        return Parse(call, risks, reviewer, code.Lines);
    }

    private static CrossCheckOutcome Parse(AssistantCall call, IReadOnlyList<CriticalRisk> risks, string reviewer, int lines)
    {
        LenientJsonResult json = LenientJson.Parse(call.Text);
        if (json.Object is not JsonObject root)
        {
            call.Warnings.Add("The review model's answer was not JSON: the cross-check could not be read.");
            return new CrossCheckOutcome(
                new CheckResult(ValidationChecks.CrossCheck, CheckStatus.NotChecked, null, $"the answer of {reviewer} could not be read", []),
                call, risks, reviewer, null, call.Text.Trim());
        }

        var findings = new List<ValidationFinding>();
        if (JsonFields.Get(root, "findings", "issues") is JsonArray items)
        {
            foreach (JsonObject item in items.OfType<JsonObject>().Take(20))
            {
                string message = JsonFields.Text(JsonFields.Get(item, "message", "description"))?.Trim() ?? "";
                if (message.Length == 0)
                {
                    continue;
                }

                int? line = JsonFields.Line(JsonFields.Get(item, "line"));
                string risk = JsonFields.Text(JsonFields.Get(item, "risk", "category"))?.Trim() ?? "";
                findings.Add(new ValidationFinding(
                    line is int l && l >= 1 && l <= Math.Max(1, lines) ? l : null,
                    "XCHK",
                    ValidationChecks.CrossCheck,
                    JsonFields.Severity(JsonFields.Get(item, "severity")),
                    risk.Length > 0 ? $"[{risk}] {message}" : message));
            }
        }

        string verdict = (JsonFields.Text(JsonFields.Get(root, "verdict"))?.Trim() ?? "").ToLowerInvariant();
        string summary = JsonFields.Text(JsonFields.Get(root, "summary"))?.Trim() ?? "";
        string note = $"reviewed by {reviewer} for {string.Join(", ", risks.Select(r => r.Id))}" + (verdict.Length > 0 ? $": {verdict}" : "");
        var check = new CheckResult(ValidationChecks.CrossCheck, CheckStatus.Checked, ValidationScoring.PenaltyScore(findings), note, [.. findings.OrderBy(f => f.Line ?? 0)]);
        return new CrossCheckOutcome(check, call, risks, reviewer, verdict.Length > 0 ? verdict : null, summary);
    }

    private static CrossCheckOutcome Skipped(IReadOnlyList<CriticalRisk> risks, CheckStatus status, string note) =>
        new(new CheckResult(ValidationChecks.CrossCheck, status, null, note, []), null, risks, null, null, "");

    /// <summary>The report with the cross-check joined as a check of its own, and the score recomputed.</summary>
    public static ValidationReport Join(ValidationReport report, CrossCheckOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(outcome);
        CheckResult[] checks = [.. report.Checks.Where(c => c.Name != ValidationChecks.CrossCheck), outcome.Check];
        int? score = ValidationScoring.Overall(checks);
        return report with
        {
            Checks = checks,
            Findings = [.. checks.SelectMany(c => c.Findings).OrderBy(f => f.Line ?? 0).ThenBy(f => f.Rule, StringComparer.Ordinal)],
            Score = score,
            Passed = score >= report.Threshold,
            Warnings = outcome.Call is { } call ? [.. report.Warnings, .. call.Warnings] : report.Warnings,
        };
    }
}
