namespace Purser.RateLimits;

/// <summary>The four limits of a scope.</summary>
public enum RateLimitKind
{
    RequestsPerMinute,
    TokensPerMinute,
    RequestsPerDay,
    TokensPerDay,
}
