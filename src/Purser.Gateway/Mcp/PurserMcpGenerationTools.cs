using System.ComponentModel;
using System.Text;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Purser.Assistant.Calls;
using Purser.Assistant.CrossCheck;
using Purser.Assistant.Files;
using Purser.Assistant.Generation;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Limits;
using Purser.Assistant.Validation;

namespace Purser.Gateway.Mcp;

/// <summary>
/// The code validator and hybrid generation as MCP tools (<c>validate_code</c>, <c>generate_code</c>): the same services as
/// <c>purser validate</c> / <c>purser generate</c> and /api/validate, /api/generate; model calls origin "mcp", charged to
/// the caller's key like every other tool's.
/// </summary>
[McpServerToolType]
internal sealed class PurserMcpGenerationTools(McpCaller caller, CodeValidator validator, CrossChecker crossChecker, CodeGenerator generator, AnalysisLimits limits)
{
    [McpServerTool(Name = "validate_code", ReadOnly = true, OpenWorld = false)]
    [Description("Validate code without a model: syntax, security patterns, style and a 0-100 score against a threshold; with cross_check, a second model also reviews it.")]
    public async Task<CallToolResult> ValidateCodeAsync(
        [Description("The code to validate")] string code,
        [Description("The code's file path (tells its language)")] string? path = null,
        [Description("The language, when the path does not tell it")] string? language = null,
        [Description("The passing score, 0-100 (default: Purser's)")] int? threshold = null,
        [Description("Also have a second model review the code (costs a model call)")] bool cross_check = false,
        [Description("What the code is meant to do (helps the cross-check)")] string? task = null,
        [Description("The model for the cross-check")] string? review_model = null,
        CancellationToken cancellationToken = default)
    {
        string name = string.IsNullOrWhiteSpace(path) ? "snippet" : path;
        if (string.IsNullOrEmpty(code))
        {
            return McpResults.Fail("invalid_request_error", "'code' must not be empty.");
        }

        if (threshold is < 0 or > 100)
        {
            return McpResults.Fail("invalid_request_error", $"'threshold' must be from 0 to 100 (got {threshold}).");
        }

        if (limits.CheckSize(Encoding.UTF8.GetByteCount(code), "'code'") is { } tooLarge)
        {
            return McpResults.Refuse(tooLarge);
        }

        Language? detected = language is null ? LanguageDetector.Detect(name, SourceFile.FirstLine(code)) : LanguageDetector.Find(language);
        if (detected is null)
        {
            return McpResults.Fail("invalid_request_error", language is null
                ? "Give 'language' (or a 'path' with an extension): the code's language cannot be told."
                : $"'language' '{language}' is not a language Purser recognises.");
        }

        SourceFile file = SourceFile.FromText(name, code, detected);
        ValidationReport report = validator.Validate(file, threshold);
        decimal? cost = 0m;
        if (cross_check)
        {
            using AssistantCaller.Scope scope = AssistantCaller.Use(caller.Key);
            CrossCheckOutcome outcome = await crossChecker.ReviewAsync(file, RiskDetector.Detect(code, task), task, null, review_model, PurserMcpTools.Origin, cancellationToken);
            report = CrossChecker.Join(report, outcome);
            cost = outcome.Call?.CostUsd ?? (outcome.Call is null ? 0m : null);
        }

        return McpResults.Ok(AssistantJson.Serialize(new ValidationRun { Path = name, Threshold = report.Threshold, Files = [report], CostUsd = cost }));
    }

    [McpServerTool(Name = "generate_code", OpenWorld = false)]
    [Description("Generate code for a task: from a learned template when one fits (no model call), else with a model, validated and cross-checked; answers the code, its validation, where it came from and what it cost.")]
    public async Task<CallToolResult> GenerateCodeAsync(
        [Description("What the code must do")] string task,
        [Description("The technology stack, e.g. [\"python\", \"fastapi\"]")] string[]? stack = null,
        [Description("The language to write it in")] string? language = null,
        [Description("The model to generate with: an alias (cheap, smart, fast) or provider/model")] string? model = null,
        [Description("The model that cross-checks the answer")] string? review_model = null,
        [Description("Never answer from a learned template")] bool no_template = false,
        [Description("The validation score the code must reach, 0-100")] int? threshold = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(task))
        {
            return McpResults.Fail("invalid_request_error", "'task' must not be empty.");
        }

        if (language is not null && LanguageDetector.Find(language) is null)
        {
            return McpResults.Fail("invalid_request_error", $"'language' '{language}' is not a language Purser recognises.");
        }

        if (threshold is < 0 or > 100)
        {
            return McpResults.Fail("invalid_request_error", $"'threshold' must be from 0 to 100 (got {threshold}).");
        }

        var request = new GenerationRequest
        {
            Task = task,
            Stack = stack ?? [],
            Language = language,
            Model = model,
            ReviewModel = review_model,
            NoTemplate = no_template,
            Threshold = threshold,
            Origin = PurserMcpTools.Origin,
        };
        if (limits.CheckSize(Encoding.UTF8.GetByteCount(request.Task) + request.Stack.Sum(s => Encoding.UTF8.GetByteCount(s)), "The task") is { } tooLarge)
        {
            return McpResults.Refuse(tooLarge);
        }

        using AssistantCaller.Scope scope = AssistantCaller.Use(caller.Key);
        GenerationResult result = await generator.GenerateAsync(request, cancellationToken);
        return result.Error is { } failure ? McpResults.Fail(failure) : McpResults.Ok(AssistantJson.Serialize(result));
    }
}
