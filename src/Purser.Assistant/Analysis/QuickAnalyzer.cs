using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Limits;

namespace Purser.Assistant.Analysis;

/// <summary><c>purser analyze quick</c>: a fast, short second opinion on a snippet or file (the <c>quick_analysis</c> prompt).</summary>
internal sealed class QuickAnalyzer(AssistantRunner runner, AnalysisLimits limits)
{
    public const string Operation = "quick_analysis";
    public const string PromptName = "quick_analysis";

    public LimitViolation? Check(SourceFile code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.IsBinary)
        {
            return new LimitViolation(400, "binary_file", $"{code.DisplayPath} is a binary file.");
        }

        if (code.Text.Trim().Length == 0)
        {
            return new LimitViolation(400, "empty_code", "There is no code to analyse.");
        }

        return limits.CheckSize(code.Bytes, code.DisplayPath == "snippet" ? "The code" : $"The file {code.DisplayPath}")
            ?? (limits.IsAllowed(code.Language) ? null : new LimitViolation(400, "language_not_allowed", $"Language {code.Language?.Name ?? "unknown"} is not allowed for analysis (Purser:Assistant:AllowedLanguages)."));
    }

    public Task<AssistantCall> AnalyzeAsync(SourceFile code, string? model, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["code"] = code.Text };
        if (code.Language is { } language)
        {
            variables["language"] = language.Name;
        }

        return runner.RunAsync(
            new AssistantCallRequest { Operation = Operation, PromptName = PromptName, Model = model, Origin = origin, Variables = variables },
            cancellationToken);
    }
}
