using Purser.Errors;

namespace Purser.Resilience;

/// <summary>
/// What a failed attempt means for the call: retry the same deployment, fall back to the next, or stop; and whether
/// it counts against the deployment's health (its circuit breaker).
/// </summary>
internal static class FailureClassifier
{
    /// <summary>Code of an error that ends a stream before its first event (a connection-level failure).</summary>
    public const string StreamInterrupted = "stream_interrupted";

    /// <summary>
    /// Whether another try of the same deployment may succeed: timeouts, connection failures, 408, 409, 429, 5xx,
    /// and a stream cut before its first event. Never other 4xx, a malformed answer or a refused translation.
    /// </summary>
    public static bool IsRetryable(PurserError error) => error.Kind switch
    {
        ErrorKind.Timeout or ErrorKind.Connection or ErrorKind.RateLimited => true,
        ErrorKind.UpstreamHttp => error.UpstreamStatus is 408 or 409 or >= 500,
        ErrorKind.InvalidResponse => error.Code == StreamInterrupted,
        _ => false,
    };

    /// <summary>
    /// Whether the next deployment of the route may serve the call after this failure. Not after the client left, nor
    /// when the upstream rejected the request itself as malformed (400, 413, 422: it would fail everywhere) or Purser
    /// refused it; a request one protocol cannot express may still go to a deployment of another protocol.
    /// </summary>
    public static bool AllowsFallback(PurserError error) => error.Kind switch
    {
        ErrorKind.Cancelled => false,
        ErrorKind.BadRequest => error.Code == "untranslatable",
        ErrorKind.UpstreamHttp => error.UpstreamStatus is not (400 or 413 or 422),
        ErrorKind.BudgetExceeded or ErrorKind.GuardBlocked or ErrorKind.Unauthorized => false,
        _ => true,
    };

    /// <summary>
    /// Whether the failure says something about the deployment's health (counted by its circuit breaker): timeouts,
    /// connection failures, rate limiting without a <c>Retry-After</c>, malformed answers, refused credentials (401/403),
    /// unknown model (404), 408 and 5xx. A request the upstream rejected (400, 409, 413, 422) or that the client abandoned
    /// does not count, nor a rate limit that said how long to wait: the deployment cools down for exactly that long
    /// instead of being shut out for a whole break.
    /// </summary>
    public static bool CountsAgainstDeployment(PurserError error) => error.Kind switch
    {
        ErrorKind.RateLimited => error.RetryAfter is null,
        ErrorKind.Timeout or ErrorKind.Connection or ErrorKind.InvalidResponse or ErrorKind.Internal => true,
        ErrorKind.UpstreamHttp => error.UpstreamStatus is 401 or 403 or 404 or 408 or >= 500,
        _ => false,
    };
}
