namespace Purser.Reports;

/// <summary>What a cost report breaks totals down by.</summary>
internal enum ReportGrouping
{
    Model,
    Provider,
    Project,
    Agent,
    Operation,
    Repository,
    Key,
    User,
    Tag,
    Day,
}
