using System.Text.Json.Serialization;

namespace Purser.Ledger;

/// <summary>JSON for spooled rows: one <see cref="LedgerEntry"/> per line, money as exact decimals.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LedgerEntry))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
