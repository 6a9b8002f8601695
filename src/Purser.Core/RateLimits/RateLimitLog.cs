using Microsoft.Extensions.Logging;

namespace Purser.RateLimits;

/// <summary>Rate limit and load balancing log messages (event ids 8601-8699).</summary>
internal static partial class RateLimitLog
{
    [LoggerMessage(EventId = 8601, Level = LogLevel.Information, Message = "Request {RequestId} refused by a rate limit: {Message}")]
    public static partial void Refused(ILogger logger, string requestId, string message);
}
