using Purser.Errors;

namespace Purser.Providers.Http;

/// <summary>
/// Maps an upstream HTTP error to the error the client sees. Upstream 401/403 mean Purser's own provider key is
/// wrong, which the client cannot fix: they become 502 with a hint, not a 401 that blames the client's key.
/// </summary>
internal static class UpstreamErrors
{
    public static PurserError FromStatus(string provider, int status, string? upstreamMessage, TimeSpan? retryAfter)
    {
        string detail = string.IsNullOrWhiteSpace(upstreamMessage) ? "" : ": " + Truncate(upstreamMessage!.Trim(), 1000);
        return status switch
        {
            429 => new PurserError(ErrorKind.RateLimited, 429, $"Upstream {provider} is rate limiting{detail}") { UpstreamStatus = status, RetryAfter = retryAfter, Code = "rate_limited" },
            401 or 403 => new PurserError(ErrorKind.UpstreamHttp, 502, $"Upstream {provider} refused Purser's credentials ({status}){detail}. Check the provider's API key in Purser's configuration.") { UpstreamStatus = status, Code = "upstream_auth" },
            404 => new PurserError(ErrorKind.UpstreamHttp, 404, $"Upstream {provider} says not found{detail}") { UpstreamStatus = status, Code = "model_not_found" },
            408 => new PurserError(ErrorKind.UpstreamHttp, 504, $"Upstream {provider} timed out (408){detail}") { UpstreamStatus = status, Code = "upstream_timeout" },
            413 => new PurserError(ErrorKind.UpstreamHttp, 413, $"Upstream {provider} says the request is too large{detail}") { UpstreamStatus = status, Code = "request_too_large" },
            >= 400 and < 500 => new PurserError(ErrorKind.UpstreamHttp, status == 409 ? 409 : 400, $"Upstream {provider} rejected the request ({status}){detail}") { UpstreamStatus = status, Code = "upstream_rejected" },
            _ => new PurserError(ErrorKind.UpstreamHttp, 502, $"Upstream {provider} failed ({status}){detail}") { UpstreamStatus = status, RetryAfter = retryAfter, Code = "upstream_error" },
        };
    }

    public static PurserError Timeout(string provider, TimeSpan timeout) =>
        new(ErrorKind.Timeout, 504, $"Upstream {provider} did not answer within {timeout.TotalSeconds:0.###} s.") { Code = "upstream_timeout" };

    public static PurserError Connection(string provider, string what) =>
        new(ErrorKind.Connection, 502, $"Could not reach upstream {provider}: {what}.") { Code = "upstream_unreachable" };

    public static PurserError Malformed(string provider, string what) =>
        new(ErrorKind.InvalidResponse, 502, $"Upstream {provider} sent a malformed answer: {what}.") { Code = "upstream_malformed" };

    public static PurserError CutOff(string provider) =>
        new(ErrorKind.InvalidResponse, 502, $"Upstream {provider} ended the stream before the answer was complete.") { Code = "stream_interrupted" };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
