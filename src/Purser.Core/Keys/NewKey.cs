namespace Purser.Keys;

/// <summary>What to create a virtual key with.</summary>
internal sealed record NewKey
{
    public required string Name { get; init; }

    public string? Project { get; init; }

    public string? Agent { get; init; }

    public string? User { get; init; }

    public string? Repository { get; init; }

    /// <summary>The model every call is mapped to; null = the model asked for.</summary>
    public string? Model { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Models { get; init; } = [];

    public RateLimits.RateLimit Limits { get; init; } = new();
}
