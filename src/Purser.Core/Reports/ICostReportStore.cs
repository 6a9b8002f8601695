namespace Purser.Reports;

/// <summary>Reads cost reports from the ledger.</summary>
internal interface ICostReportStore
{
    Task<CostReport> QueryAsync(CostQuery query, CancellationToken cancellationToken);

    /// <summary>Totals per hour or day of the range, optionally per key of a dimension.</summary>
    Task<CostSeries> SeriesAsync(CostSeriesQuery query, CancellationToken cancellationToken);
}
