using System.Text.Json.Serialization;
using Purser.Ledger;

namespace Purser.Calls;

/// <summary>JSON of GET /api/calls and /api/calls/{request_id}: snake_case, money as exact decimals.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CallPage))]
[JsonSerializable(typeof(LedgerEntry))]
internal sealed partial class CallJsonContext : JsonSerializerContext;
