using System.Text.Json.Serialization;

namespace Purser.Gateway.Dashboard;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LiveVersion))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
