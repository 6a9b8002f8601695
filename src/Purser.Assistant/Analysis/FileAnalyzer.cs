using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Limits;
using Purser.Prompts;

namespace Purser.Assistant.Analysis;

/// <summary>
/// <c>purser analyze file</c>: scores one file with the <c>file_scoring</c> prompt. An unchanged file (same content hash,
/// prompt version and model as a stored complete analysis) is answered from the analysis store at $0; otherwise the model
/// is asked through the pipeline and a complete answer is stored.
/// </summary>
internal sealed class FileAnalyzer(AssistantRunner runner, IAnalysisStore store, AnalysisLimits limits, TimeProvider time)
{
    public const string Operation = "file_scoring";
    public const string PromptName = "file_scoring";

    public AnalysisLimits Limits => limits;

    /// <summary>Calls go to a remote gateway (--server).</summary>
    public bool IsRemote => runner.Backend.IsRemote;

    /// <summary>Refuses what must not be sent (binary, empty, too large, language not allowed); null when the file may be analysed.</summary>
    public LimitViolation? Check(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.IsBinary)
        {
            return new LimitViolation(400, "binary_file", $"{file.DisplayPath} is a binary file.");
        }

        if (limits.CheckSize(file.Bytes, $"The file {file.DisplayPath}") is { } tooLarge)
        {
            return tooLarge;
        }

        if (file.Text.Trim().Length == 0)
        {
            return new LimitViolation(400, "empty_file", $"{file.DisplayPath} is empty.");
        }

        return limits.IsAllowed(file.Language)
            ? null
            : new LimitViolation(400, "language_not_allowed", $"{file.DisplayPath}: language {file.Language?.Name ?? "unknown"} is not allowed for analysis (Purser:Assistant:AllowedLanguages).");
    }

    /// <summary>The model this analysis would use, and the stored analysis if the file is unchanged.</summary>
    public async Task<(ModelChoice Choice, FileAnalysis? Stored)> LookupAsync(SourceFile file, FileAnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        ModelChoice choice = runner.ChooseModel(Operation, PromptName, request.Model);
        if (!choice.Succeeded || request.Force)
        {
            return (choice, null);
        }

        FileAnalysis? stored = await store.FindAsync(PromptName, PromptVersion, choice.Model!, file.ContentHash, cancellationToken);
        return (choice, stored is null ? null : stored with
        {
            Path = file.DisplayPath,
            FromStore = true,
            CostUsd = 0m,
            Warnings = [],
        });
    }

    /// <summary>The prompt as it would be sent for <paramref name="file"/> (for cost estimates).</summary>
    public RenderedPrompt Render(SourceFile file) => runner.Prompts.Render(PromptName, Variables(file));

    private static Dictionary<string, string> Variables(SourceFile file) => new(StringComparer.Ordinal)
    {
        ["path"] = file.DisplayPath,
        ["language"] = file.Language?.Name ?? "unknown (infer it from the code)",
        ["content"] = PromptText.NumberLines(file.Text),
    };

    /// <summary>Records that <paramref name="file"/> was answered from the store (only when its latest analysis said otherwise).</summary>
    public Task SaveReusedAsync(FileAnalysis stored, SourceFile file, string? repositoryRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return store.SaveAsync(PromptName, stored, file.FullPath, repositoryRoot, cancellationToken);
    }

    /// <summary>The file_scoring prompt's version in effect.</summary>
    public string PromptVersion => runner.Prompts.Get(PromptName).Version;

    public async Task<FileAnalysisOutcome> AnalyzeAsync(SourceFile file, FileAnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        if (Check(file) is { } refusal)
        {
            return new FileAnalysisOutcome { Refusal = refusal };
        }

        (ModelChoice choice, FileAnalysis? stored) = await LookupAsync(file, request, cancellationToken);
        if (!choice.Succeeded)
        {
            return new FileAnalysisOutcome { Error = new AssistantError(400, "no_provider", choice.Error!) };
        }

        if (stored is not null)
        {
            // Recorded again only if this path's latest analysis says something else (e.g. a file changed back).
            await store.SaveAsync(PromptName, stored, file.FullPath, request.Repository, cancellationToken);
            return new FileAnalysisOutcome { Analysis = stored };
        }

        AssistantCall call = await runner.RunAsync(
            new AssistantCallRequest
            {
                Operation = Operation,
                PromptName = PromptName,
                Model = choice.Model,
                Origin = request.Origin,
                Repository = request.RepositoryName ?? request.Repository,
                Variables = Variables(file),

                // The analysis store reuses complete answers for unchanged files; the response cache would only replay
                // partial (malformed) answers, which must be asked again.
                Cache = AssistantCacheUse.Off,
            },
            cancellationToken);
        if (!call.Succeeded)
        {
            return new FileAnalysisOutcome { Error = call.Error, FailedCostUsd = call.CostUsd };
        }

        ParsedAnalysis parsed = FileAnalysisParser.Parse(call.Text, file.Lines);
        if (parsed.Warnings.Count > 0)
        {
            AssistantLog.AnswerRepaired(runner.Logger, call.RequestId, Operation, parsed.Warnings[0], parsed.Partial);
        }
        var analysis = new FileAnalysis
        {
            Path = file.DisplayPath,
            Language = file.LanguageId,
            Lines = file.Lines,
            Bytes = file.Bytes,
            ContentHash = file.ContentHash,
            Scores = parsed.Scores,
            Summary = parsed.Summary,
            Issues = parsed.Issues,
            Suggestions = parsed.Suggestions,
            Partial = parsed.Partial,
            Warnings = [.. call.Warnings, .. parsed.Warnings],
            Model = call.Model,
            ServedBy = call.ServedBy,
            PromptVersion = call.PromptVersion,
            InputTokens = call.Usage.InputTokens,
            OutputTokens = call.Usage.OutputTokens,
            CostUsd = call.CostUsd,
            AnalyzedAt = time.GetUtcNow(),
            RequestId = call.RequestId,
        };

        // Only complete answers are reused: a partial one is asked again next time.
        if (!analysis.Partial)
        {
            await store.SaveAsync(PromptName, analysis, file.FullPath, request.Repository, cancellationToken);
        }

        return new FileAnalysisOutcome { Analysis = analysis };
    }
}
