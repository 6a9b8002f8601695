namespace Purser.RateLimits;

/// <summary>Why a call was refused: the scope and limit it would have gone over, and how long until it fits (null: never, it is larger than the limit).</summary>
internal sealed record RateLimitRefusal(string Scope, RateLimitKind Kind, long Limit, long Requested, TimeSpan? RetryAfter);
