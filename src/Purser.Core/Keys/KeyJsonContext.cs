using System.Text.Json.Serialization;

namespace Purser.Keys;

/// <summary>JSON for keys (API and CLI --json): snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(List<KeyView>))]
[JsonSerializable(typeof(KeyRequest))]
internal sealed partial class KeyJsonContext : JsonSerializerContext;
