using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Languages;
using Purser.Assistant.Limits;
using Purser.Pricing;
using Purser.Prompts;
using Purser.Routing;
using Purser.Tokens;

namespace Purser.Assistant.Review;

/// <summary>
/// <c>purser review</c> and <c>POST /api/review</c>: reviews a git diff (fitted into the review budget by
/// <see cref="DiffPlanner"/>) or a whole file with the <c>code_review</c> prompt, and merges the answers.
/// </summary>
internal sealed class CodeReviewer(AssistantRunner runner, AnalysisLimits limits, AssistantOptions options, ModelResolver resolver, PricingCatalog catalog)
{
    public const string Operation = "code_review";
    public const string PromptName = "code_review";

    /// <summary>Tokens reserved for the prompt's own text around the diff.</summary>
    private const int PromptOverheadTokens = 2_000;

    /// <summary>The diff budget for <paramref name="model"/>: Review:MaxDiffTokens, lowered to fit the model's context window when it is known.</summary>
    public int BudgetFor(string model, out Func<string, long> countTokens)
    {
        int budget = options.Review.MaxDiffTokens;
        string counted = model;
        if (!runner.Backend.IsRemote && resolver.Resolve(model, out _) is { Deployments.Count: > 0 } route)
        {
            Deployment first = route.Deployments[0];
            counted = first.Model;
            if (catalog.Find(first.Provider, first.Model) is { ContextWindow: long window })
            {
                long room = window - runner.Prompts.Get(PromptName).MaxTokens - PromptOverheadTokens;
                budget = (int)Math.Clamp(room, 500, budget);
            }
        }

        ITokenCounter counter = Tokenizers.ForModel(counted);
        countTokens = text => counter.Count(text).Tokens;
        return budget;
    }

    /// <summary>Reviews a unified diff.</summary>
    public async Task<ReviewOutcome> ReviewDiffAsync(string diff, ReviewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(request);
        ModelChoice choice = runner.ChooseModel(Operation, PromptName, request.Model);
        if (!choice.Succeeded)
        {
            return new ReviewOutcome { Error = new AssistantError(400, "no_provider", choice.Error!) };
        }

        int budget = BudgetFor(choice.Model!, out Func<string, long> count);
        ReviewPlan plan = DiffPlanner.Plan(UnifiedDiff.Parse(diff), budget, options.Review.LargeDiffPolicy, options.Review.MaxParts, count);
        var calls = new List<(AssistantCall Call, ParsedReview Review)>();
        var warnings = new List<string>();
        AssistantError? lastError = null;
        for (int i = 0; i < plan.Parts.Count; i++)
        {
            ReviewPart part = plan.Parts[i];
            AssistantCall call = await runner.RunAsync(
                new AssistantCallRequest
                {
                    Operation = Operation,
                    PromptName = PromptName,
                    Model = choice.Model,
                    Origin = request.Origin,
                    Repository = request.Repository,
                    Cache = request.Cache,
                    Variables = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["file_path"] = part.Files.Count == 1 ? part.Files[0] : $"{part.Files.Count} files: {string.Join(", ", part.Files)}",
                        ["language"] = LanguageOf(part.Files),
                        ["diff_or_content"] = part.Diff,
                    },
                },
                cancellationToken);
            if (!call.Succeeded)
            {
                // Failures that would repeat for every part end the review; others are reported and the rest goes on.
                lastError = call.Error;
                if (call.Error!.Kind is "no_provider" or "budget_exceeded" or "cancelled" or "unauthorized")
                {
                    return new ReviewOutcome { Error = call.Error };
                }

                warnings.Add($"Part {i + 1} ({string.Join(", ", part.Files)}) failed: {call.Error.Message}");
                continue;
            }

            calls.Add((call, ReviewParser.Parse(call.Text, part.Files)));
        }

        return calls.Count == 0 && lastError is not null
            ? new ReviewOutcome { Error = lastError }
            : new ReviewOutcome { Result = Merge(calls, plan, warnings, choice.Model!) };
    }

    /// <summary>Reviews a whole file (or a snippet), with the developer's cursor context when given.</summary>
    public async Task<ReviewOutcome> ReviewContentAsync(SourceFile file, string? cursorContext, ReviewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        if (limits.CheckSize(file.Bytes, "'content'") is { } tooLarge)
        {
            return new ReviewOutcome { Refusal = tooLarge };
        }

        AssistantCall call = await runner.RunAsync(
            new AssistantCallRequest
            {
                Operation = Operation,
                PromptName = PromptName,
                Model = request.Model,
                Origin = request.Origin,
                Repository = request.Repository,
                Cache = request.Cache,
                Variables = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["file_path"] = file.DisplayPath,
                    ["language"] = file.Language?.Name ?? "unknown (infer it from the code)",
                    ["diff_or_content"] = PromptText.NumberLines(file.Text),
                    ["cursor_context"] = string.IsNullOrWhiteSpace(cursorContext) ? "(none)" : cursorContext,
                },
            },
            cancellationToken);
        if (!call.Succeeded)
        {
            return new ReviewOutcome { Error = call.Error };
        }

        var plan = new ReviewPlan([new ReviewPart([file.DisplayPath], file.Text, 0, false)], [], [], 0, 0);
        return new ReviewOutcome { Result = Merge([(call, ReviewParser.Parse(call.Text, [file.DisplayPath]))], plan, [], call.Model) };
    }

    private static ReviewResult Merge(List<(AssistantCall Call, ParsedReview Review)> calls, ReviewPlan plan, List<string> warnings, string model)
    {
        if (calls.Count == 0)
        {
            return new ReviewResult
            {
                Summary = plan.Parts.Count == 0 ? "Nothing to review." : "No part of the review succeeded.",
                Skipped = plan.Skipped,
                Notes = plan.Notes,
                Warnings = warnings,
                Partial = plan.Parts.Count > 0,
                Model = model,
                CostUsd = 0m,
            };
        }

        string summary = calls.Count == 1
            ? calls[0].Review.Summary
            : string.Join("\n", calls.Select((c, i) => $"Part {i + 1}: {c.Review.Summary}"));
        decimal? cost = calls.All(c => c.Call.CostUsd is not null) ? calls.Sum(c => c.Call.CostUsd!.Value) : null;
        return new ReviewResult
        {
            Summary = summary,
            Verdict = calls.Select(c => c.Review.Verdict).Aggregate(ReviewParser.Approve, ReviewParser.Worse),
            Findings = [.. calls.SelectMany(c => c.Review.Findings)
                .OrderBy(f => f.Severity switch { "error" => 0, "warning" => 1, _ => 2 })
                .ThenBy(f => f.File ?? "", StringComparer.Ordinal)
                .ThenBy(f => f.Line ?? int.MaxValue)],
            Files = [.. plan.Parts.SelectMany(p => p.Files).Distinct(StringComparer.Ordinal)],
            Skipped = plan.Skipped,
            Notes = plan.Notes,
            Warnings = [.. warnings, .. calls.SelectMany(c => c.Call.Warnings), .. calls.SelectMany(c => c.Review.Warnings)],
            Partial = calls.Any(c => c.Review.Partial) || warnings.Count > 0,
            Calls = calls.Count,
            Model = model,
            ServedBy = string.Join(", ", calls.Select(c => c.Call.ServedBy).Where(s => s is not null).Distinct(StringComparer.Ordinal)),
            InputTokens = calls.Sum(c => c.Call.Usage.InputTokens),
            OutputTokens = calls.Sum(c => c.Call.Usage.OutputTokens),
            CostUsd = cost,
            Cached = calls.All(c => c.Call.Cached),
            ElapsedMs = Math.Round(calls.Sum(c => c.Call.Elapsed.TotalMilliseconds), 1),
            Answers = [.. calls.Select(c => c.Call.Text)],
            RequestIds = [.. calls.Select(c => c.Call.RequestId ?? "")],
        };
    }

    private static string LanguageOf(IReadOnlyList<string> files)
    {
        string[] names = [.. files.Select(f => LanguageDetector.Detect(f)?.Name ?? "unknown").Distinct(StringComparer.Ordinal)];
        return names.Length == 1 ? names[0] : "mixed (" + string.Join(", ", names) + ")";
    }
}
