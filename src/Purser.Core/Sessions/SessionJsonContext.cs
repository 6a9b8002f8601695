using System.Text.Json.Serialization;

namespace Purser.Sessions;

/// <summary>JSON for sessions (API, <c>purser run --json</c>, <c>purser sessions --json</c>): snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SessionStart))]
[JsonSerializable(typeof(SessionSummary))]
[JsonSerializable(typeof(List<SessionSummary>))]
[JsonSerializable(typeof(SessionEnd))]
[JsonSerializable(typeof(SessionBudget))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
