namespace Purser.Errors;

/// <summary>The snake_case names of error kinds used on the wire and in the ledger.</summary>
internal static class ErrorKindNames
{
    public static string ToName(this ErrorKind kind) => kind switch
    {
        ErrorKind.Timeout => "timeout",
        ErrorKind.Connection => "connection",
        ErrorKind.RateLimited => "rate_limited",
        ErrorKind.UpstreamHttp => "upstream_http",
        ErrorKind.InvalidResponse => "invalid_response",
        ErrorKind.BadRequest => "bad_request",
        ErrorKind.Unauthorized => "unauthorized",
        ErrorKind.BudgetExceeded => "budget_exceeded",
        ErrorKind.GuardBlocked => "guard_blocked",
        ErrorKind.NoProvider => "no_provider",
        ErrorKind.Cancelled => "cancelled",
        ErrorKind.Unavailable => "unavailable",
        _ => "internal",
    };

    /// <summary>Whether another attempt (same or next deployment) may succeed.</summary>
    public static bool IsRetryable(this ErrorKind kind) => kind is ErrorKind.Timeout or ErrorKind.Connection or ErrorKind.RateLimited or ErrorKind.InvalidResponse;
}
