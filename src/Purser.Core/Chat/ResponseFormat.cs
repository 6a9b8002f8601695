using System.Text.Json.Nodes;

namespace Purser.Chat;

/// <summary>JSON mode: any JSON object, or JSON matching a schema.</summary>
internal sealed record ResponseFormat(ResponseFormatKind Kind, string? SchemaName = null, JsonNode? Schema = null, bool? Strict = null);
