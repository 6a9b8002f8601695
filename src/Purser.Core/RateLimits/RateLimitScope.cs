namespace Purser.RateLimits;

/// <summary>One scope a call is held to: its name as messages show it ("key 3f9a… (ci)", "user alice", "global") and its limits.</summary>
internal readonly record struct RateLimitScope(string Name, RateLimit Limit);
