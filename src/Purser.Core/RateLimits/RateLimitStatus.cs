namespace Purser.RateLimits;

/// <summary>
/// What the x-ratelimit-* headers say: for requests and for tokens, the limit closest to running out among the call's
/// scopes (its value, what is left of it, and how long until it is whole again). Null where no limit of that unit applies.
/// </summary>
internal sealed record RateLimitStatus(RateLimitReading? Requests, RateLimitReading? Tokens);

/// <summary>One limit's reading.</summary>
internal readonly record struct RateLimitReading(long Limit, long Remaining, TimeSpan Reset);
