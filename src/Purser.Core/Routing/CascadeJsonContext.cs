using System.Text.Json.Serialization;

namespace Purser.Routing;

/// <summary>Source-generated JSON for the cascade document: camelCase, nulls left out, unknown fields refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(CascadeDocument))]
internal sealed partial class CascadeJsonContext : JsonSerializerContext;
