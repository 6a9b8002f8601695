namespace Purser.Resilience;

/// <summary>
/// <c>Purser:Resilience:Retry</c>: exponential backoff with jitter on the same deployment, only for failures another
/// try may fix (timeouts, connection failures, 408, 409, 429, 5xx). An upstream's <c>Retry-After</c> /
/// <c>retry-after-ms</c> replaces the backoff for that wait.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Tries per deployment, the first included (default 3: one call and two retries). 1 turns retries off.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first backoff, in milliseconds (default 1000: about 1 s, 2 s, 4 s … with jitter).</summary>
    public int BaseDelayMs { get; set; } = 1000;

    /// <summary>
    /// The longest wait before a retry (default 30 s). An upstream that asks for a longer wait is not retried: the
    /// call moves on to the next deployment, and the deployment is left alone until its wait is over.
    /// </summary>
    public double MaxDelaySeconds { get; set; } = 30;

    /// <summary>Randomise backoffs so that many clients do not retry in step (default true).</summary>
    public bool Jitter { get; set; } = true;
}
