using System.Text.Json.Serialization;

namespace Purser.Assistant.Templates;

/// <summary>JSON of template parameters in the store ([["Service","Xero"], …]).</summary>
[JsonSerializable(typeof(string[][]))]
internal sealed partial class TemplateJsonContext : JsonSerializerContext;
