namespace Purser.Reports;

/// <summary>The width of one point of a cost series.</summary>
public enum ReportBucket
{
    Hour,
    Day,
}
