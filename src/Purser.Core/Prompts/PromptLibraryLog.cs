using Microsoft.Extensions.Logging;

namespace Purser.Prompts;

/// <summary>The prompt library's log messages (event ids 4100-4199).</summary>
internal static partial class PromptLibraryLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Prompt library loaded: {Count} prompts, {Overridden} overridden and {Added} added by {UserFile}")]
    public static partial void Loaded(ILogger logger, int count, int overridden, int added, string userFile);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Prompt file rejected, the last good prompts stay in effect: {Error}")]
    public static partial void Rejected(ILogger logger, string error);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error,
        Message = "Reloading the prompt library failed unexpectedly")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error,
        Message = "A handler of the prompt library's Reloaded event threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
