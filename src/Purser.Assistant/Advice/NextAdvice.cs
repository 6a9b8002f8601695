using Purser.Reports;

namespace Purser.Assistant.Advice;

/// <summary>What <c>purser next</c> recommends, and the state it looked at.</summary>
internal sealed record NextAdvice(IReadOnlyList<Recommendation> Recommendations, long ActiveNotes, long InboxNotes, long AnalysedFiles, CostTotals Spend24h, CostTotals Spend7d);
