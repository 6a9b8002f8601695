using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Purser.Sharing;
using Purser.Storage.Postgres;

namespace Purser.Gateway;

/// <summary>
/// On a shared PostgreSQL database: starts this instance's heartbeat, listens for the other instances' changes and
/// keeps in step with them; at stop, leaves (what it still holds is released). Nothing to do on SQLite.
/// </summary>
internal sealed class ScaleOutHostedService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetService<PostgresInstance>()?.Start();
        services.GetService<PostgresChangeFeed>()?.Start();
        services.GetService<SharedStateSync>()?.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<SharedStateSync>() is { } sync)
        {
            await sync.DisposeAsync();
        }
    }
}
