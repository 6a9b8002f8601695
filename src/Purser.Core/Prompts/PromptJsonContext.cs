using System.Text.Json.Serialization;

namespace Purser.Prompts;

/// <summary>JSON of the prompt library's admin API: snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PromptLibraryView))]
[JsonSerializable(typeof(PromptView))]
[JsonSerializable(typeof(PromptFileView))]
internal sealed partial class PromptJsonContext : JsonSerializerContext;
