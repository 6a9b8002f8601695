using Purser.Errors;
using Purser.Resilience;

namespace Purser.Core.Tests.Dispatch;

/// <summary>Errors shaped like the provider adapters' (Purser.Providers.Http.UpstreamErrors).</summary>
internal static class UpstreamError
{
    public static PurserError Http(int status, TimeSpan? retryAfter = null) => status switch
    {
        429 => new PurserError(ErrorKind.RateLimited, 429, "rate limited") { UpstreamStatus = 429, RetryAfter = retryAfter, Code = "rate_limited" },
        401 or 403 => new PurserError(ErrorKind.UpstreamHttp, 502, "credentials refused") { UpstreamStatus = status, Code = "upstream_auth" },
        >= 400 and < 500 => new PurserError(ErrorKind.UpstreamHttp, status == 409 ? 409 : 400, "rejected") { UpstreamStatus = status, Code = "upstream_rejected" },
        _ => new PurserError(ErrorKind.UpstreamHttp, 502, $"upstream failed ({status})") { UpstreamStatus = status, RetryAfter = retryAfter, Code = "upstream_error" },
    };

    public static PurserError Connection() => new(ErrorKind.Connection, 502, "connection refused") { Code = "upstream_unreachable" };

    public static PurserError CutOff() => new(ErrorKind.InvalidResponse, 502, "stream cut") { Code = FailureClassifier.StreamInterrupted };

    public static PurserError Malformed() => new(ErrorKind.InvalidResponse, 502, "malformed") { Code = "upstream_malformed" };
}
