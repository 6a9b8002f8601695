namespace Purser.Reports;

/// <summary>The width of one point of a cost series.</summary>
internal enum ReportBucket
{
    Hour,
    Day,
}
