namespace Purser.Reports;

/// <summary>Reads cost reports from the ledger.</summary>
public interface ICostReportStore
{
    Task<CostReport> QueryAsync(CostQuery query, CancellationToken cancellationToken);
}
