using System.Text.Json.Serialization;

namespace Purser.Bench;

/// <summary>Serialises the generated gateway configuration (nested dictionaries of strings and string arrays).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
