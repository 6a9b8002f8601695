using System.Text.Json.Serialization;

namespace Purser.Reports;

/// <summary>JSON for reports (API and CLI --json): snake_case, money as exact decimal numbers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CostReport))]
[JsonSerializable(typeof(CostSummary))]
[JsonSerializable(typeof(CostSeries))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
