namespace Purser.Alerts;

/// <summary>Takes fired alerts off the request path (log, alert table, webhooks). Must never block.</summary>
internal interface IAlertSink
{
    void Publish(BudgetAlert alert);
}
