using Microsoft.Extensions.Hosting;
using Purser.Caching;

namespace Purser.Gateway;

/// <summary>On a clean shutdown, writes the cache entries still queued, so they survive the restart.</summary>
internal sealed class CacheShutdown(ResponseCache cache) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await cache.DisposeAsync();
}
