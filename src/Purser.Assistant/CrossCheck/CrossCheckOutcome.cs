using Purser.Assistant.Calls;
using Purser.Assistant.Validation;

namespace Purser.Assistant.CrossCheck;

/// <summary>What the cross-model review did: its check (joined to the report), the call it made (its own ledger row, operation <c>cross_validation</c>), and the model.</summary>
internal sealed record CrossCheckOutcome(CheckResult Check, AssistantCall? Call, IReadOnlyList<CriticalRisk> Risks, string? ReviewModel, string? Verdict, string Summary);
