namespace Purser.Errors;

/// <summary>The distinct kinds of failure, as the API and the ledger name them.</summary>
internal enum ErrorKind
{
    /// <summary>The upstream did not answer in time (per attempt or total deadline).</summary>
    Timeout,

    /// <summary>The upstream could not be reached (refused, reset, DNS, TLS).</summary>
    Connection,

    /// <summary>The upstream said 429.</summary>
    RateLimited,

    /// <summary>The upstream answered with another HTTP error status.</summary>
    UpstreamHttp,

    /// <summary>The upstream answered something that is not its protocol (malformed JSON, a stream cut off midway).</summary>
    InvalidResponse,

    /// <summary>The caller's request is malformed or cannot be served as asked.</summary>
    BadRequest,

    /// <summary>The caller is not authenticated or not allowed.</summary>
    Unauthorized,

    /// <summary>A hard budget has no room for this call.</summary>
    BudgetExceeded,

    /// <summary>The guard refused the request (secrets, size limits).</summary>
    GuardBlocked,

    /// <summary>No configured provider can serve the requested model.</summary>
    NoProvider,

    /// <summary>The client went away before the answer was complete.</summary>
    Cancelled,

    /// <summary>
    /// Purser cannot take the call now and says when to retry (503 with Retry-After): too many request bytes in
    /// flight, or the ledger cannot record calls.
    /// </summary>
    Unavailable,

    /// <summary>A fault inside Purser.</summary>
    Internal,
}
