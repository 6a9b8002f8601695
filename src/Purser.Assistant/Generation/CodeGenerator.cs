using System.Globalization;
using System.Text;
using Purser.Assistant.Calls;
using Purser.Assistant.CrossCheck;
using Purser.Assistant.Files;
using Purser.Assistant.Languages;
using Purser.Assistant.Templates;
using Purser.Assistant.Validation;

namespace Purser.Assistant.Generation;

/// <summary>
/// <c>purser generate</c> and <c>POST /api/generate</c>, the hybrid path: (1) a learned template that matches the task
/// answers for free; (2) otherwise the model writes the code (the <c>code_generation</c> prompt, through the pipeline:
/// routing, budgets, cache, ledger); (3) the validator checks it, and on failure one repair round (<c>code_repair</c>)
/// gets the findings; (4) critical code gets a second model's review; (5) a generation scoring at least
/// <c>Purser:Templates:MinScore</c> is learned. When a hard budget has no room, a template that matches at the fallback
/// similarity answers instead of failing.
/// </summary>
internal sealed class CodeGenerator(AssistantRunner runner, CodeValidator validator, CrossChecker crossChecker, TemplateLearner learner, TemplateOptions templates)
{
    public const string Operation = "code_generation";
    public const string PromptName = "code_generation";
    public const string RepairPrompt = "code_repair";

    /// <summary>Most files of one generation the second model reviews.</summary>
    private const int MaxReviewedFiles = 3;

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var steps = new List<GenerationStep>();
        var warnings = new List<string>();
        var requestIds = new List<string>();
        var costs = new List<decimal?>();
        Language? language = request.Language is null ? null : LanguageDetector.Find(request.Language);
        string languageId = language?.Id ?? "";
        string stack = TaskPattern.NormaliseStack(request.Stack);
        TaskPattern task = TaskPattern.Parse(request.Task);
        int threshold = request.Threshold ?? validator.Options.Threshold;
        bool useTemplates = templates.Allows(Operation) && !runner.Backend.IsRemote;
        var query = new TemplateQuery { Language = languageId, Stack = stack, Task = task };

        AssistantCall first = await runner.RunAsync(Spec(request, language, useTemplates && !request.NoTemplate ? query : null), cancellationToken);
        Track(first, requestIds, costs);
        string path;
        if (query.Match is { } hit)
        {
            steps.Add(new GenerationStep("template", $"template {hit.Template.Id} (\"{hit.Template.Task}\", similarity {F(hit.Similarity)}){Substituted(hit)}: no model call", 0m, first.RequestId));
            path = "template";
        }
        else
        {
            if (!useTemplates)
            {
                steps.Add(new GenerationStep("template", runner.Backend.IsRemote ? "not looked up: templates live in the gateway's database (use its /api/generate)" : "not looked up: code_generation is not in Purser:Templates:Operations"));
            }
            else if (request.NoTemplate)
            {
                steps.Add(new GenerationStep("template", "not looked up (--no-template)"));
            }
            else
            {
                steps.Add(new GenerationStep("template", query.Skipped ?? (query.Best is { } best
                    ? $"no match: the nearest, template {best.Template.Id} (\"{best.Template.Task}\"), has similarity {F(best.Similarity)}{Why(best)}"
                    : "no match: no template for this language and stack yet")));
            }

            if (!first.Succeeded && first.Error!.Kind == "budget_exceeded" && useTemplates)
            {
                // Seed 004: at the budget limit, fall back to templates instead of failing.
                var fallback = new TemplateQuery { Language = languageId, Stack = stack, Task = task, Fallback = true };
                steps.Add(new GenerationStep("model", "refused: " + first.Error.Message, first.CostUsd, first.RequestId));
                AssistantCall retry = await runner.RunAsync(Spec(request, language, fallback), cancellationToken);
                if (fallback.Match is { } rescue)
                {
                    Track(retry, requestIds, costs);
                    steps.Add(new GenerationStep("template", $"budget fallback: template {rescue.Template.Id} (\"{rescue.Template.Task}\", similarity {F(rescue.Similarity)}, at least {F(templates.FallbackSimilarity)} at the budget limit){Substituted(rescue)}", 0m, retry.RequestId));
                    first = retry;
                    query = fallback;
                    path = "template (budget fallback)";
                }
                else
                {
                    return Failed(request, first, steps, requestIds, threshold, "no template matches the task, even at the fallback similarity");
                }
            }
            else if (!first.Succeeded)
            {
                steps.Add(new GenerationStep("model", "failed: " + first.Error!.Message, first.CostUsd, first.RequestId));
                return Failed(request, first, steps, requestIds, threshold, null);
            }
            else
            {
                steps.Add(new GenerationStep("model", $"{first.ServedBy ?? first.Model} wrote the code{(first.Cached ? " (answered from the response cache)" : "")}", first.CostUsd, first.RequestId));
                path = "model";
            }
        }

        warnings.AddRange(first.Warnings);
        string answer = first.Text;
        (IReadOnlyList<GeneratedFile> files, IReadOnlyList<ValidationReport> reports, int? score) = Validate(answer, language, threshold);
        steps.Add(new GenerationStep("validate", Verdict(files, reports, score, threshold)));
        TemplateMatch? used = query.Match;
        if (used is null && score is not null && score < threshold)
        {
            AssistantCall repair = await runner.RunAsync(RepairSpec(request, language, answer, reports), cancellationToken);
            Track(repair, requestIds, costs);
            warnings.AddRange(repair.Warnings);
            if (!repair.Succeeded)
            {
                steps.Add(new GenerationStep("repair", "failed: " + repair.Error!.Message, repair.CostUsd, repair.RequestId));
            }
            else
            {
                (IReadOnlyList<GeneratedFile> f2, IReadOnlyList<ValidationReport> r2, int? s2) = Validate(repair.Text, language, threshold);
                bool better = s2 is int repaired && repaired > score;
                steps.Add(new GenerationStep("repair", $"{repair.ServedBy ?? repair.Model} repaired {reports.Sum(r => r.Findings.Count)} finding(s): {Verdict(f2, r2, s2, threshold)}{(better ? "" : "; the first attempt is kept (it scored as well or better)")}", repair.CostUsd, repair.RequestId));
                if (better)
                {
                    (answer, files, reports, score) = (repair.Text, f2, r2, s2);
                    path = "model+repair";
                }
            }

            if (score < threshold)
            {
                warnings.Add($"The code failed validation: score {score} is below {threshold} after one repair round. The best attempt is given.");
            }
        }

        string? writer = used is null ? first.ServedBy : null;
        if (used is null)
        {
            reports = await CrossCheckAsync(request, files, reports, writer, steps, requestIds, costs, cancellationToken);
            score = Combined(reports);
        }

        decimal? cost = costs.Any(c => c is null) ? null : costs.Sum(c => c ?? 0);
        string learned = "";
        long? learnedId = null;
        if (used is null)
        {
            TemplateLearner.Outcome outcome = await learner.LearnAsync(Operation, languageId, stack, request.Task, answer, score, writer, cost, cancellationToken);
            learned = outcome.Message;
            learnedId = outcome.Template?.Id;
            steps.Add(new GenerationStep("learn", learned));
        }

        return new GenerationResult
        {
            Task = request.Task,
            Path = path,
            Answer = answer,
            Files = files,
            Validation = reports,
            Score = score,
            Threshold = threshold,
            Passed = score >= threshold,
            CostUsd = cost,
            SavedUsd = used?.Template.SourceCostUsd,
            TemplateId = used?.Template.Id,
            Similarity = used?.Similarity,
            Learned = learned,
            LearnedTemplateId = learnedId,
            ServedBy = used is null ? writer : $"template/{used.Template.Id}",
            Steps = steps,
            RequestIds = requestIds,
            Warnings = [.. warnings.Distinct(StringComparer.Ordinal)],
        };
    }

    private async Task<IReadOnlyList<ValidationReport>> CrossCheckAsync(GenerationRequest request, IReadOnlyList<GeneratedFile> files, IReadOnlyList<ValidationReport> reports, string? writer, List<GenerationStep> steps, List<string> requestIds, List<decimal?> costs, CancellationToken cancellationToken)
    {
        var result = reports.ToList();
        int reviewed = 0;
        for (int i = 0; i < result.Count; i++)
        {
            GeneratedFile file = files.First(f => f.Path == result[i].Path);
            IReadOnlyList<CriticalRisk> risks = RiskDetector.Detect(file.Code, request.Task);
            if (risks.Count == 0 || reviewed >= MaxReviewedFiles)
            {
                continue;
            }

            reviewed++;
            CrossCheckOutcome outcome = await crossChecker.ReviewAsync(SourceFile.FromText(file.Path, file.Code, file.Language is null ? null : LanguageDetector.Find(file.Language)), risks, request.Task, writer, request.ReviewModel, request.Origin, cancellationToken);
            if (outcome.Call is { } call)
            {
                Track(call, requestIds, costs);
            }

            steps.Add(new GenerationStep("cross-check", $"{file.Path}: {outcome.Check.Note}{(outcome.Check.Findings.Count > 0 ? $", {outcome.Check.Findings.Count} finding(s)" : "")}", outcome.Call?.CostUsd, outcome.Call?.RequestId));
            result[i] = CrossChecker.Join(result[i], outcome);
        }

        if (reviewed == 0)
        {
            steps.Add(new GenerationStep("cross-check", "not needed: no payments, authentication, webhook, admin or database code"));
        }

        return result;
    }

    private (IReadOnlyList<GeneratedFile> Files, IReadOnlyList<ValidationReport> Reports, int? Score) Validate(string answer, Language? language, int threshold)
    {
        IReadOnlyList<GeneratedFile> files = AnswerFiles.Extract(answer, language?.Id);
        var reports = new List<ValidationReport>();
        foreach (GeneratedFile file in files)
        {
            if (file.Language is { } id && CodeValidator.Languages.Contains(id))
            {
                reports.Add(validator.Validate(SourceFile.FromText(file.Path, file.Code, LanguageDetector.Find(id)), threshold));
            }
        }

        return (files, reports, Combined(reports));
    }

    private static int? Combined(IReadOnlyList<ValidationReport> reports) => ValidationScoring.LineWeighted(reports);

    private AssistantCallRequest Spec(GenerationRequest request, Language? language, TemplateQuery? query) => new()
    {
        Operation = Operation,
        PromptName = PromptName,
        Model = request.Model,
        Origin = request.Origin,
        Variables = Variables(request, language),
        ContextItems = query is null ? new Dictionary<object, object>() : new Dictionary<object, object> { [TemplateQuery.ItemKey] = query },
    };

    private static AssistantCallRequest RepairSpec(GenerationRequest request, Language? language, string answer, IReadOnlyList<ValidationReport> reports)
    {
        var findings = new StringBuilder();
        foreach (ValidationReport report in reports)
        {
            foreach (ValidationFinding f in report.Findings)
            {
                findings.Append(CultureInfo.InvariantCulture, $"{report.Path}{(f.Line is int l ? ":" + l.ToString(CultureInfo.InvariantCulture) : "")} {f.Severity} {f.Rule} ({f.Check}): {f.Message}\n");
            }

            foreach (CheckResult check in report.Checks.Where(c => c.Name == ValidationChecks.Syntax && c.Status == CheckStatus.NotChecked))
            {
                findings.Append(CultureInfo.InvariantCulture, $"{report.Path}: syntax not checked ({check.Note})\n");
            }
        }

        Dictionary<string, string> variables = Variables(request, language);
        variables["code"] = answer;
        variables["findings"] = findings.Length == 0 ? "(no findings: the answer held no code Purser could validate; give each file under a ### `path` heading in one fenced block)" : findings.ToString().TrimEnd();
        return new AssistantCallRequest { Operation = Operation, PromptName = RepairPrompt, Model = request.Model, Origin = request.Origin, Variables = variables };
    }

    private static Dictionary<string, string> Variables(GenerationRequest request, Language? language)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["task"] = request.Task.Trim() };
        string stack = string.Join(", ", new[] { language?.Name }.Concat(request.Stack).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        if (stack.Length > 0)
        {
            variables["tech_stack"] = stack;
        }

        return variables;
    }

    private GenerationResult Failed(GenerationRequest request, AssistantCall call, List<GenerationStep> steps, List<string> requestIds, int threshold, string? why) => new()
    {
        Task = request.Task,
        Threshold = threshold,
        Steps = steps,
        RequestIds = requestIds,
        CostUsd = call.CostUsd ?? 0,
        Warnings = [.. call.Warnings],
        Error = why is null ? call.Error : call.Error! with { Message = $"{call.Error!.Message} ({why})" },
    };

    private static void Track(AssistantCall call, List<string> requestIds, List<decimal?> costs)
    {
        if (call.RequestId is { } id)
        {
            requestIds.Add(id);
        }

        costs.Add(call.Succeeded || call.CostUsd is not null ? call.CostUsd : 0m);
    }

    private static string Verdict(IReadOnlyList<GeneratedFile> files, IReadOnlyList<ValidationReport> reports, int? score, int threshold)
    {
        if (files.Count == 0)
        {
            return "no code found in the answer";
        }

        if (score is not int s)
        {
            return $"{files.Count} file(s), none in a language the validator knows: not checked";
        }

        int findings = reports.Sum(r => r.Findings.Count);
        return $"{reports.Count} of {files.Count} file(s) validated: score {s} {(s >= threshold ? "≥" : "<")} {threshold} ({(s >= threshold ? "passed" : "failed")}), {findings} finding(s)";
    }

    private static string Substituted(TemplateMatch match)
    {
        var pairs = match.Template.Parameters
            .Join(match.Parameters, p => p.Name, p => p.Name, (old, now) => (old, now))
            .Where(x => x.old.Value != x.now.Value)
            .Select(x => $"{x.old.Value} → {x.now.Value}")
            .ToList();
        return pairs.Count == 0 ? "" : ", " + string.Join(", ", pairs);
    }

    private static string Why(TemplateCandidate candidate)
    {
        var reasons = new List<string>();
        if (!candidate.SameLanguage)
        {
            reasons.Add("another language");
        }

        if (!candidate.SameStack)
        {
            reasons.Add("another stack");
        }

        if (!candidate.HasParameters)
        {
            reasons.Add("the task does not name all its parameters");
        }

        return reasons.Count > 0 ? $" ({string.Join(", ", reasons)})" : "";
    }

    private static string F(double similarity) => similarity.ToString("0.00", CultureInfo.InvariantCulture);
}
