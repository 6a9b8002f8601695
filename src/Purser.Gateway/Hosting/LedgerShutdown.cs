using Microsoft.Extensions.Hosting;
using Purser.Ledger;

namespace Purser.Gateway;

/// <summary>On a clean shutdown (after the server stops taking requests), writes every queued ledger row.</summary>
internal sealed class LedgerShutdown(LedgerWriter writer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await writer.DisposeAsync();
}
