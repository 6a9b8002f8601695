namespace Purser.Reports;

/// <summary>One line of a breakdown: the group's key (a model, a project, a day…) and its totals.</summary>
public sealed record CostGroup(string Key, CostTotals Totals);
