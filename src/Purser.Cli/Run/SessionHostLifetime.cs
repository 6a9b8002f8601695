using Microsoft.Extensions.Hosting;

namespace Purser.Cli.Run;

/// <summary>A host lifetime that neither listens for Ctrl-C nor prints: the session decides when its gateway stops.</summary>
internal sealed class SessionHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
