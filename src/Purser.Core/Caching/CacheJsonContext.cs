using System.Text.Json.Serialization;

namespace Purser.Caching;

/// <summary>JSON for stored answers and cache statistics: snake_case, enums as names, money as exact decimals.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CachedAnswer))]
[JsonSerializable(typeof(CacheStatsReport))]
[JsonSerializable(typeof(CacheClearResult))]
[JsonSerializable(typeof(CacheClearRequest))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
