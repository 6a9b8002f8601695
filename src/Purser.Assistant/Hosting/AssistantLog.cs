using Microsoft.Extensions.Logging;

namespace Purser.Assistant.Hosting;

/// <summary>The assistant's log messages (event ids 8000-8099). Prompt and answer text are never logged here.</summary>
internal static partial class AssistantLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Debug,
        Message = "Assistant call {RequestId} ({Operation}, prompt {Prompt} {PromptVersion}) answered by {ServedBy}: {InputTokens} in / {OutputTokens} out tokens, cost {CostUsd}")]
    public static partial void CallCompleted(ILogger logger, string? requestId, string operation, string prompt, string promptVersion, string? servedBy, long inputTokens, long outputTokens, decimal? costUsd);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning,
        Message = "Assistant call {RequestId} ({Operation}, model {Model}) failed: {Kind} {Status}")]
    public static partial void CallFailed(ILogger logger, string? requestId, string operation, string model, string kind, int status);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information,
        Message = "Assistant call {RequestId} ({Operation}): the answer was not clean JSON ({Form}); partial={Partial}")]
    public static partial void AnswerRepaired(ILogger logger, string? requestId, string operation, string form, bool partial);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning,
        Message = "No model for the assistant operation {Operation}: no provider is configured")]
    public static partial void NoModel(ILogger logger, string operation);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information,
        Message = "Repository analysis of {Repository}: {Analyzed} analysed, {Reused} unchanged, {Failed} failed, {Skipped} left out, cost {CostUsd} in {Seconds} s")]
    public static partial void BatchFinished(ILogger logger, string repository, int analyzed, int reused, int failed, int skipped, decimal costUsd, double seconds);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Warning,
        Message = "Repository analysis of {Repository} stopped early: {Reason}")]
    public static partial void BatchStopped(ILogger logger, string repository, string reason);
}
