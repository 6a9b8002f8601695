using Microsoft.Extensions.Logging;

namespace Purser.Budgets;

/// <summary>Budget, key and alert log messages (event ids 5001-5099).</summary>
internal static partial class BudgetLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Budgets loaded: {Count} budget(s), spend rebuilt from the ledger in {ElapsedMs} ms")]
    public static partial void Loaded(ILogger logger, int count, long elapsedMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Reservation {ReservationId} expired after its lease without being reconciled; its budget was given back")]
    public static partial void ReservationExpired(ILogger logger, long reservationId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Budget {Budget}: a call cost more than its reservation ({Actual} > {Reserved} units); spend is now {Spent} of {Limit}")]
    public static partial void CostAboveReservation(ILogger logger, string budget, long actual, long reserved, long spent, long limit);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Request {RequestId} refused by budget {Budget}: {Message}")]
    public static partial void Refused(ILogger logger, string requestId, string budget, string message);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Budget alert: {Message}")]
    public static partial void Alert(ILogger logger, string message);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Alert webhook {Url} failed (attempt {Attempt} of {MaxAttempts}): {Reason}")]
    public static partial void WebhookFailed(ILogger logger, string url, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "Writing {Count} alert(s) to the alert table failed")]
    public static partial void AlertStoreFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Dynamic allocation of {Parent}: {Shares}")]
    public static partial void Allocated(ILogger logger, string parent, string shares);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "Refreshing budgets or keys from the database failed")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Request {RequestId}: the cost is unknown (no price); budget {Budget} is charged the reserved worst case")]
    public static partial void UnknownCostCharged(ILogger logger, string requestId, string budget);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Dynamic allocation failed")]
    public static partial void AllocationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Request {RequestId}: the calibration probe of {Deployment} did not settle in time; reserving without it")]
    public static partial void ProbeWaitTimedOut(ILogger logger, string requestId, string deployment);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "Request {RequestId}: the shared budget counters could not be reached; the call under a hard budget is refused (503)")]
    public static partial void SharedReserveFailed(ILogger logger, Exception exception, string requestId);
}
