using Microsoft.Extensions.Logging;

namespace Purser.Caching;

/// <summary>The cache's log messages (event ids 6001–6019).</summary>
internal static partial class CacheLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not write {Count} cache entries; they stay in memory only")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Could not read cache entry {Key}; answering as a miss")]
    public static partial void ReadFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Could not load the cache index; the cache starts empty")]
    public static partial void IndexLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Cache index loaded: {Count} live entries")]
    public static partial void IndexLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "The cache write queue is full; entry {Key} is kept in memory only")]
    public static partial void WriteQueueFull(ILogger logger, string key);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Cache cleared: {Count} entries removed (operation {Operation}, created before {CreatedBefore})")]
    public static partial void Cleared(ILogger logger, int count, string operation, string createdBefore);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "A call waited {Seconds} s for an identical call in flight (key {Key}); it goes upstream itself")]
    public static partial void CoalesceWaitExpired(ILogger logger, double seconds, string key);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Error, Message = "Request {RequestId}: storing the answer in the cache failed")]
    public static partial void StoreFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Debug, Message = "Removed {Count} expired cache entries")]
    public static partial void Purged(ILogger logger, int count);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Could not remove expired cache entries")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
