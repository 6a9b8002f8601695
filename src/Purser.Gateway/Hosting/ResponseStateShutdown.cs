using Microsoft.Extensions.Hosting;
using Purser.ResponseState;

namespace Purser.Gateway;

/// <summary>On a clean shutdown, writes the Responses conversation state still queued, so follow-ups work after the restart.</summary>
internal sealed class ResponseStateShutdown(ResponseStateService state) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await state.DisposeAsync();
}
