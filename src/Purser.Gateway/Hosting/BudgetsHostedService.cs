using Microsoft.Extensions.Hosting;
using Purser.Alerts;
using Purser.Budgets;

namespace Purser.Gateway;

/// <summary>
/// At start, loads budgets (spend rebuilt from the ledger) and keys and starts their timers; at stop, writes the
/// alerts still queued and stops the timers.
/// </summary>
internal sealed class BudgetsHostedService(BudgetScheduler scheduler, AlertDispatcher alerts) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        scheduler.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await scheduler.DisposeAsync();
        await alerts.DisposeAsync();
    }
}
