using Purser.Chat;
using Purser.Usage;

namespace Purser.Caching;

/// <summary>
/// One cached answer: the canonical response as JSON, who produced it, what it cost, and when it expires.
/// The response is kept serialized, so every hit gets its own copy and the memory front can count bytes.
/// </summary>
internal sealed class CacheEntry
{
    /// <summary>Bytes counted per entry in the memory front on top of the answer itself (key, index, bookkeeping).</summary>
    internal const int Overhead = 256;

    public required CacheKey Key { get; init; }

    public required string Partition { get; init; }

    public required string Operation { get; init; }

    /// <summary>The provider and model of the deployment that produced the answer.</summary>
    public required string Provider { get; init; }

    public required string Model { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The canonical answer, UTF-8 JSON (<see cref="CachedAnswer"/>).</summary>
    public required byte[] Response { get; init; }

    /// <summary>The tokens the answer was billed for when it was produced.</summary>
    public TokenUsage Usage { get; init; }

    /// <summary>What the answer cost when it was produced (the saving of each hit); null when its price was unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Whether the answer was stored from a stream.</summary>
    public bool FromStream { get; init; }

    /// <summary>Size of the stored answer.</summary>
    public long Bytes => Response.Length;

    internal long MemorySize => Response.Length + Overhead;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>A fresh copy of the answer.</summary>
    public ChatResponse ToResponse() => CachedAnswer.Deserialize(Response);
}
