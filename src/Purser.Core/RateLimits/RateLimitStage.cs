using System.Globalization;
using Microsoft.Extensions.Logging;
using Purser.Budgets;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.RateLimits;

/// <summary>
/// Holds a call to the rate limits of its scopes (<see cref="RateLimitScopes"/>): takes one request and, where a token
/// limit applies, the call's worst case in tokens (prompt + max output, estimated as for budgets) from each, or refuses
/// it with 429 <c>rate_limit_exceeded</c> naming the limit, with Retry-After (and retry-after-ms). Runs after routing
/// (the worst case depends on the deployments) and before the cache, so every call counts as a request; a cache hit
/// then gives its tokens back (<see cref="RateLimitReconcileStage"/>). The x-ratelimit-* headers go on every answer.
/// </summary>
internal sealed class RateLimitStage(RateLimiter limiter, RateLimitScopes scopes, ReservationEstimator estimator, BudgetOptions budgets, ILogger<RateLimitStage> logger) : IRequestStage
{
    public int Order => StageOrder.RateLimit;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        List<RateLimitScope> held = scopes.Of(context.Attribution);
        if (held.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        long tokens = 0;
        if (held.Exists(s => s.Limit.LimitsTokens) && context.Route is { Deployments.Count: > 0 } route)
        {
            tokens = estimator.Estimate(context, route.Deployments, budgets.DefaultMaxOutputTokens).Tokens;
        }

        RateLimitLease? lease = limiter.TryAcquire(held, tokens, out RateLimitRefusal? refusal, out RateLimitStatus status);
        RateLimitHeaders.Set(context, status);
        if (lease is not null)
        {
            new RateLimitCall(lease).Attach(context);
            return ValueTask.CompletedTask;
        }

        context.Error = Refuse(refusal!);
        RateLimitLog.Refused(logger, context.RequestId, context.Error.Message);
        return ValueTask.CompletedTask;
    }

    /// <summary>The 429 for a refusal: OpenAI's wording (what the limit is, what was asked, when to try again).</summary>
    internal static PurserError Refuse(RateLimitRefusal refusal)
    {
        string limit = Name(refusal.Kind);
        string value = refusal.Limit.ToString(CultureInfo.InvariantCulture);
        string requested = refusal.Requested.ToString(CultureInfo.InvariantCulture);
        if (refusal.RetryAfter is not TimeSpan wait)
        {
            return new PurserError(ErrorKind.RateLimited, 429,
                $"Request too large for {refusal.Scope} on {limit}: Limit {value}, Requested {requested} (the call's worst case: prompt + max output tokens). Lower max_tokens or shorten the prompt.")
            {
                Code = "rate_limit_exceeded",
            };
        }

        return new PurserError(ErrorKind.RateLimited, 429,
            $"Rate limit reached for {refusal.Scope} on {limit}: Limit {value}, Requested {requested}. Please try again in {RateLimitHeaders.Duration(wait)}.")
        {
            Code = "rate_limit_exceeded",
            RetryAfter = wait,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [RateLimitHeaders.RetryAfterMs] = Math.Ceiling(wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    private static string Name(RateLimitKind kind) => kind switch
    {
        RateLimitKind.RequestsPerMinute => "requests per minute (RPM)",
        RateLimitKind.TokensPerMinute => "tokens per minute (TPM)",
        RateLimitKind.RequestsPerDay => "requests per day (RPD)",
        _ => "tokens per day (TPD)",
    };
}
