namespace Purser.RateLimits;

/// <summary>The four limits of a scope.</summary>
internal enum RateLimitKind
{
    RequestsPerMinute,
    TokensPerMinute,
    RequestsPerDay,
    TokensPerDay,
}
