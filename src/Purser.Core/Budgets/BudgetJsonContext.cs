using System.Text.Json.Serialization;
using Purser.Alerts;

namespace Purser.Budgets;

/// <summary>JSON for budgets and alerts (API, CLI --json, the store): snake_case, money as exact decimals.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(BudgetItemOptions))]
[JsonSerializable(typeof(List<KeyValuePair<string, BudgetItemOptions>>))]
[JsonSerializable(typeof(List<BudgetView>))]
[JsonSerializable(typeof(BudgetView))]
[JsonSerializable(typeof(List<BudgetStatus>))]
[JsonSerializable(typeof(List<BudgetAlert>))]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class BudgetJsonContext : JsonSerializerContext;
