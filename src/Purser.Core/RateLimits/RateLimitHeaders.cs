using System.Globalization;
using System.Text;
using Purser.Pipeline;

namespace Purser.RateLimits;

/// <summary>
/// The OpenAI-style rate-limit headers, on every answer of a call held to a limit: <c>x-ratelimit-limit-requests</c>,
/// <c>x-ratelimit-remaining-requests</c>, <c>x-ratelimit-reset-requests</c> and the same for <c>-tokens</c>, each from
/// the limit of that unit closest to running out. Reset times are written as OpenAI writes them ("1s", "6m0s", "20ms").
/// </summary>
internal static class RateLimitHeaders
{
    public const string LimitRequests = "x-ratelimit-limit-requests";
    public const string RemainingRequests = "x-ratelimit-remaining-requests";
    public const string ResetRequests = "x-ratelimit-reset-requests";
    public const string LimitTokens = "x-ratelimit-limit-tokens";
    public const string RemainingTokens = "x-ratelimit-remaining-tokens";
    public const string ResetTokens = "x-ratelimit-reset-tokens";

    /// <summary>The exact wait of a 429, in milliseconds (SDKs read it before Retry-After, which has whole seconds only).</summary>
    public const string RetryAfterMs = "retry-after-ms";

    public static void Set(PurserContext context, RateLimitStatus status)
    {
        if (status.Requests is { } requests)
        {
            context.ResponseHeaders[LimitRequests] = Number(requests.Limit);
            context.ResponseHeaders[RemainingRequests] = Number(requests.Remaining);
            context.ResponseHeaders[ResetRequests] = Duration(requests.Reset);
        }

        if (status.Tokens is { } tokens)
        {
            context.ResponseHeaders[LimitTokens] = Number(tokens.Limit);
            context.ResponseHeaders[RemainingTokens] = Number(tokens.Remaining);
            context.ResponseHeaders[ResetTokens] = Duration(tokens.Reset);
        }
    }

    /// <summary>A duration as OpenAI's headers write it: "0s", "20ms", "1.5s", "6m0s", "1h2m3s".</summary>
    public static string Duration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return Number((long)Math.Ceiling(value.TotalMilliseconds)) + "ms";
        }

        var text = new StringBuilder();
        long hours = (long)value.TotalHours;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            text.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        // Whole milliseconds, rounded up so that a client waiting this long finds the limit reset.
        long milliseconds = ((value.Ticks % TimeSpan.TicksPerMinute) + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        text.Append((milliseconds / 1000m).ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
